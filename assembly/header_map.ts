// A header map read once from the host and kept as the host encoded it (the pairs layout, UTF-8), decoded only where
// asked. Reading every request header as Pair[] decodes every name and value into a string: three objects per
// header, most of them never looked at. Here a lookup compares bytes, and a string exists only for what a filter
// takes out: two allocations per map, whatever its size.
import { proxy_get_header_map_pairs } from "./abi/imports";
import { RETURN_PTR, RETURN_SIZE, clearReturnSlots, scratchBase, takeHostBuffer, toScratch } from "./abi/memory";
import { HeaderMapType } from "./headers";
import { Pair, indexPairs } from "./wire/pairs";
import { Status } from "./status";
import { decodeUtf8, exactKey } from "./wire/utf8";

export class HeaderMap {
  /** Per header: the offset of its name, its name length, the offset of its value, its value length (indexPairs). */
  private index: StaticArray<u32>;

  /** `bytes` in the pairs layout; a block that does not fit it exactly reads as an empty map (as decodePairs). */
  constructor(private bytes: ArrayBuffer) {
    this.index = indexPairs(changetype<usize>(bytes), <usize>bytes.byteLength);
  }

  /** The map `map` of the current stream (request headers, response headers, ...); empty when unavailable. */
  static read(map: HeaderMapType): HeaderMap {
    clearReturnSlots();
    if (proxy_get_header_map_pairs(map, RETURN_PTR, RETURN_SIZE) != Status.Ok) return new HeaderMap(new ArrayBuffer(0));
    return new HeaderMap(takeHostBuffer());
  }

  get size(): i32 {
    return this.index.length >> 2;
  }

  nameAt(i: i32): string {
    return this.decode(this.index[i * 4], this.index[i * 4 + 1]);
  }

  valueAt(i: i32): string {
    return this.decode(this.index[i * 4 + 2], this.index[i * 4 + 3]);
  }

  /** Header i's value as a key that tells every byte string apart (utf8.ts exactKey), for buckets and hashes. */
  valueKeyAt(i: i32): string {
    return exactKey(changetype<usize>(this.bytes) + <usize>this.index[i * 4 + 2], <usize>this.index[i * 4 + 3]);
  }

  /** How many headers are named `name`. */
  count(name: string): i32 {
    let n = 0;
    for (let i = this.find(name, 0); i >= 0; i = this.find(name, i + 1)) n++;
    return n;
  }

  /**
   * True when header i's name is `name` with one or more '-' spelt '_' (`x_auth_consumer` for `x-auth-consumer`),
   * or starts so when `prefix` is set: CGI, WSGI, PHP and Rack read both spellings as one header.
   */
  nameSpells(i: i32, name: string, prefix: bool): bool {
    const length = this.index[i * 4 + 1];
    const wanted = <u32>name.length;
    if (prefix ? length < wanted : length != wanted) return false;
    const at = changetype<usize>(this.bytes) + <usize>this.index[i * 4];
    let underscore = false;
    for (let k: u32 = 0; k < wanted; k++) {
      const c = <i32>load<u8>(at + <usize>k);
      const expected = name.charCodeAt(<i32>k);
      if (c == expected) continue;
      if (c != 0x5f || expected != 0x2d) return false;
      underscore = true;
    }
    return underscore;
  }

  /** True when header i is named `name` (Envoy lower-cases names; so must `name` be). */
  nameIs(i: i32, name: string): bool {
    const length = toScratch(name, 0);
    return this.index[i * 4 + 1] == <u32>length && this.bytesAre(this.index[i * 4], scratchBase(), length);
  }

  /** True when header i's name begins with `prefix`. */
  nameStartsWith(i: i32, prefix: string): bool {
    const length = toScratch(prefix, 0);
    return this.index[i * 4 + 1] >= <u32>length && this.bytesAre(this.index[i * 4], scratchBase(), length);
  }

  /** The first value of `name`, or null when absent. */
  get(name: string): string | null {
    const i = this.find(name, 0);
    return i < 0 ? null : this.valueAt(i);
  }

  /** The position of the first header named `name` at or after `from`, or -1. */
  find(name: string, from: i32): i32 {
    const length = <u32>toScratch(name, 0);
    const wanted = scratchBase();
    const index = this.index;
    for (let i = from * 4; i < index.length; i += 4) {
      if (unchecked(index[i + 1]) == length && this.bytesAre(unchecked(index[i]), wanted, length)) return i >> 2;
    }
    return -1;
  }

  /** Every header, decoded. */
  toPairs(): Pair[] {
    const n = this.size;
    const out = new Array<Pair>(n);
    for (let i = 0; i < n; i++) unchecked(out[i] = new Pair(this.nameAt(i), this.valueAt(i)));
    return out;
  }

  private bytesAre(offset: u32, other: usize, length: usize): bool {
    return memory.compare(changetype<usize>(this.bytes) + <usize>offset, other, length) == 0;
  }

  private decode(offset: u32, length: u32): string {
    return decodeUtf8(changetype<usize>(this.bytes) + <usize>offset, <usize>length);
  }
}
