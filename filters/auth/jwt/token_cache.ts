// Verified tokens per worker: a repeated token costs a hash and a lookup instead of a signature check. Bounded
// (oldest entry out first), keyed by a hash of the whole token but compared on the token itself (the hash is not
// cryptographic), and only valid for the key-set generation that verified it, so a key dropped from the JWKS stops
// its tokens at once. Time claims are checked again on every hit.
import { stableHash64 } from "../../../assembly/lib/hash";
import { Identity } from "../identity";

export class CachedToken {
  constructor(public token: string, public identity: Identity, public exp: i64, public nbf: i64, public generation: u32) {}
}

export class TokenCache {
  private entries: Map<u64, CachedToken> = new Map<u64, CachedToken>();
  private order: u64[] = [];
  private next: i32 = 0;

  constructor(public capacity: i32) {}

  get(token: string, generation: u32): CachedToken | null {
    if (this.capacity == 0) return null;
    const key = stableHash64(token);
    if (!this.entries.has(key)) return null;
    const entry = this.entries.get(key);
    return entry.token == token && entry.generation == generation ? entry : null;
  }

  put(entry: CachedToken): void {
    if (this.capacity == 0) return;
    const key = stableHash64(entry.token);
    if (this.entries.has(key)) {
      this.entries.set(key, entry);
      return;
    }
    if (this.order.length < this.capacity) {
      this.order.push(key);
    } else {
      this.entries.delete(this.order[this.next]);
      this.order[this.next] = key;
      this.next = (this.next + 1) % this.capacity;
    }
    this.entries.set(key, entry);
  }
}
