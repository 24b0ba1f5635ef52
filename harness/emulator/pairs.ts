// The proxy-wasm "pairs" encoding of header maps, exactly as cpp-host's pairs_util.cc writes and reads it:
//   u32 count, count × (u32 key length, u32 value length), count × (key, 0x00, value, 0x00), little-endian.

export type Pair = [string, string];

/** cpp-host's limits: a larger buffer or more pairs decode as an empty map (PROXY_WASM_HOST_PAIRS_MAX_*). */
const MAX_PAIRS_BYTES = 1024 * 1024;
const MAX_PAIRS_COUNT = 1024;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function encodePairs(pairs: readonly Pair[]): Uint8Array {
  const encoded = pairs.map(([key, value]) => [utf8.encode(key), utf8.encode(value)] as const);
  const size = encoded.reduce((total, [k, v]) => total + 8 + k.length + 1 + v.length + 1, 4);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, encoded.length, true);
  let data = 4 + 8 * encoded.length;
  encoded.forEach(([k, v], i) => {
    view.setUint32(4 + 8 * i, k.length, true);
    view.setUint32(8 + 8 * i, v.length, true);
    out.set(k, data);
    data += k.length + 1;
    out.set(v, data);
    data += v.length + 1;
  });
  return out;
}

/**
 * Decodes pairs the way cpp-host's toPairs does: strictly. Any deviation (missing terminator, trailing bytes,
 * truncated lengths, over the limits) yields an empty list, which for set_header_map_pairs means "no headers".
 */
export function decodePairs(bytes: Uint8Array): Pair[] {
  if (bytes.length > MAX_PAIRS_BYTES || bytes.length < 4) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  if (count > MAX_PAIRS_COUNT || 4 + count * 8 > bytes.length) return [];
  const pairs: Pair[] = [];
  let pos = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const keyLength = view.getUint32(4 + 8 * i, true);
    const valueLength = view.getUint32(8 + 8 * i, true);
    if (pos + keyLength + 1 > bytes.length || bytes[pos + keyLength] !== 0) return [];
    const key = fromUtf8.decode(bytes.subarray(pos, pos + keyLength));
    pos += keyLength + 1;
    if (pos + valueLength + 1 > bytes.length || bytes[pos + valueLength] !== 0) return [];
    const value = fromUtf8.decode(bytes.subarray(pos, pos + valueLength));
    pos += valueLength + 1;
    pairs.push([key, value]);
  }
  return pos === bytes.length ? pairs : [];
}
