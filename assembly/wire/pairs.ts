// The proxy-wasm "pairs" encoding, in which the host hands over and takes back header and trailer maps:
//   u32 count, then count × (u32 key length, u32 value length), then count × (key, 0x00, value, 0x00),
// all integers little-endian, strings UTF-8. The lengths exclude the 0x00 terminators.
import { decodeUtf8 } from "./utf8";

export class Pair {
  constructor(public key: string, public value: string) {}
}

export function encodePairs(pairs: Pair[]): ArrayBuffer {
  const n = pairs.length;
  const keys = new Array<ArrayBuffer>(n);
  const values = new Array<ArrayBuffer>(n);
  let size = 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    keys[i] = String.UTF8.encode(pairs[i].key);
    values[i] = String.UTF8.encode(pairs[i].value);
    size += keys[i].byteLength + values[i].byteLength + 2;
  }
  const out = new ArrayBuffer(size);
  const base = changetype<usize>(out);
  store<u32>(base, n);
  let data = base + 4 + 8 * <usize>n;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    const v = values[i];
    store<u32>(base + 4 + 8 * <usize>i, k.byteLength);
    store<u32>(base + 8 + 8 * <usize>i, v.byteLength);
    memory.copy(data, changetype<usize>(k), k.byteLength);
    data += k.byteLength + 1;
    memory.copy(data, changetype<usize>(v), v.byteLength);
    data += v.byteLength + 1;
  }
  return out;
}

/** Decodes a host buffer; anything that does not fit the layout exactly yields no pairs rather than a partial map. */
export function decodePairs(buf: ArrayBuffer): Pair[] {
  return decodePairsAt(changetype<usize>(buf), <usize>buf.byteLength);
}

/** decodePairs over `byteLength` bytes at `base` (a block the host filled, read in place). */
export function decodePairsAt(base: usize, byteLength: usize): Pair[] {
  const index = indexPairs(base, byteLength);
  const n = index.length >> 2;
  const out = new Array<Pair>(n);
  for (let i = 0; i < n; i++) {
    const at = i << 2;
    const key = decodeUtf8(base + <usize>unchecked(index[at]), <usize>unchecked(index[at + 1]));
    const value = decodeUtf8(base + <usize>unchecked(index[at + 2]), <usize>unchecked(index[at + 3]));
    unchecked(out[i] = new Pair(key, value));
  }
  return out;
}

/**
 * Where each pair of a pairs block lies: per pair, the offset of its key, the key's length, the offset of its value
 * and the value's length. A block that does not fit the layout exactly gives no pairs rather than a partial map.
 */
export function indexPairs(base: usize, byteLength: usize): StaticArray<u32> {
  const size = <u64>byteLength;
  if (size < 4) return new StaticArray<u32>(0);
  const n = <u64>load<u32>(base);
  // u64 arithmetic throughout, so hostile lengths cannot wrap around the bounds checks.
  let data = 4 + 8 * n;
  if (data > size) return new StaticArray<u32>(0);
  // n <= size / 8 here, so the index is sized from a bounded count.
  const index = new StaticArray<u32>(<i32>n * 4);
  for (let i: u64 = 0; i < n; i++) {
    const keyLength = <u64>load<u32>(base + 4 + 8 * <usize>i);
    const valueLength = <u64>load<u32>(base + 8 + 8 * <usize>i);
    const next = data + keyLength + valueLength + 2;
    if (next > size) return new StaticArray<u32>(0);
    if (load<u8>(base + <usize>(data + keyLength)) != 0 || load<u8>(base + <usize>(next - 1)) != 0) return new StaticArray<u32>(0);
    const at = <i32>i * 4;
    unchecked(index[at] = <u32>data);
    unchecked(index[at + 1] = <u32>keyLength);
    unchecked(index[at + 2] = <u32>(data + keyLength + 1));
    unchecked(index[at + 3] = <u32>valueLength);
    data = next;
  }
  return index;
}
