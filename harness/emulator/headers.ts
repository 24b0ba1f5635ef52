// Header maps with Envoy's semantics (Http::HeaderMapImpl as the Wasm context drives it): names lower-cased,
// pseudo-headers kept ahead of the others, repeated names allowed, `get` answers the first value.
import type { Pair } from "./pairs.js";

/** What a test may pass for headers: an object (an array value repeats the header) or a list of pairs. */
export type HeadersInit = Record<string, string | number | readonly string[]> | Iterable<readonly [string, string]>;

const utf8 = new TextEncoder();

export class HeaderMap {
  private entries_: Pair[] = [];

  constructor(init?: HeadersInit) {
    if (init === undefined) return;
    if (Symbol.iterator in init) {
      for (const [key, value] of init as Iterable<readonly [string, string]>) this.add(key, value);
      return;
    }
    for (const [key, value] of Object.entries(init)) {
      if (Array.isArray(value)) for (const one of value) this.add(key, one);
      else this.add(key, String(value));
    }
  }

  /** The first value of `name`, or null when absent (what proxy_get_header_map_value answers). */
  get(name: string): string | null {
    const key = name.toLowerCase();
    const entry = this.entries_.find(([k]) => k === key);
    return entry ? entry[1] : null;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.entries_.filter(([k]) => k === key).map(([, v]) => v);
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  /** Number of entries, counting repeats (what Envoy passes as num_headers). */
  get size(): number {
    return this.entries_.length;
  }

  /** Sum of name and value lengths in bytes: Envoy's byteSize(), which proxy_get_header_map_size returns. */
  get byteSize(): number {
    return this.entries_.reduce((total, [k, v]) => total + utf8.encode(k).length + utf8.encode(v).length, 0);
  }

  pairs(): Pair[] {
    return this.entries_.map(([k, v]) => [k, v]);
  }

  /** One value per name, repeats joined with ", " (as a fetch client or Node's http server shows them). */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.entries_) out[k] = k in out ? `${out[k]}, ${v}` : v;
    return out;
  }

  clone(): HeaderMap {
    const copy = new HeaderMap();
    copy.entries_ = this.pairs();
    return copy;
  }

  /** addCopy: appends an entry; pseudo-headers go after the last pseudo-header, ahead of regular ones. */
  add(name: string, value: string): void {
    const key = name.toLowerCase();
    if (key.startsWith(":")) {
      const firstRegular = this.entries_.findIndex(([k]) => !k.startsWith(":"));
      this.entries_.splice(firstRegular < 0 ? this.entries_.length : firstRegular, 0, [key, value]);
    } else {
      this.entries_.push([key, value]);
    }
  }

  /** setCopy: every entry of `name` removed, then one added, so an absent header is added. */
  set(name: string, value: string): void {
    this.remove(name);
    this.add(name, value);
  }

  /** Removes every entry of `name`; removing an absent header is not an error. */
  remove(name: string): void {
    const key = name.toLowerCase();
    this.entries_ = this.entries_.filter(([k]) => k !== key);
  }

  /** set_header_map_pairs: all keys removed, then each pair added. */
  replaceAll(pairs: readonly Pair[]): void {
    this.entries_ = [];
    for (const [k, v] of pairs) this.add(k, v);
  }
}
