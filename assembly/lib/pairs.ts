// The proxy-wasm "pairs" encoding, in which the host hands over and takes back header and trailer maps:
//   u32 count, then count × (u32 key length, u32 value length), then count × (key, 0x00, value, 0x00),
// all integers little-endian, strings UTF-8. The lengths exclude the 0x00 terminators.

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

/** decodePairs over `size` bytes at `base` (a block the host filled, read in place). */
export function decodePairsAt(base: usize, byteLength: usize): Pair[] {
  const size = <u64>byteLength;
  if (size < 4) return [];
  const n = <u64>load<u32>(base);
  // u64 arithmetic throughout, so hostile lengths cannot wrap around the bounds checks.
  let data = 4 + 8 * n;
  if (data > size) return [];
  // n <= size / 8 here, so the array is sized from a bounded count; each slot is filled before it is read.
  const out = new Array<Pair>(<i32>n);
  for (let i: u64 = 0; i < n; i++) {
    const keyLen = <u64>load<u32>(base + 4 + 8 * <usize>i);
    const valueLen = <u64>load<u32>(base + 8 + 8 * <usize>i);
    const next = data + keyLen + valueLen + 2;
    if (next > size) return [];
    if (load<u8>(base + <usize>(data + keyLen)) != 0 || load<u8>(base + <usize>(next - 1)) != 0) return [];
    const key = String.UTF8.decodeUnsafe(base + <usize>data, <usize>keyLen);
    const value = String.UTF8.decodeUnsafe(base + <usize>(data + keyLen + 1), <usize>valueLen);
    unchecked(out[<i32>i] = new Pair(key, value));
    data = next;
  }
  return out;
}
