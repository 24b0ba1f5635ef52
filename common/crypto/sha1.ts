// SHA-1 (FIPS 180-4 §6.1), only for htpasswd `{SHA}` password hashes: never for signatures or new designs.

// @ts-ignore: decorator
@lazy const W = new StaticArray<u32>(80);
// @ts-ignore: decorator
@lazy const BLOCK = new StaticArray<u8>(128);

export const SHA1_DIGEST_BYTES = 20;

function compress(state: usize, src: usize, blocks: usize): void {
  const w = changetype<usize>(W);
  let h0 = load<u32>(state, 0), h1 = load<u32>(state, 4), h2 = load<u32>(state, 8);
  let h3 = load<u32>(state, 12), h4 = load<u32>(state, 16);
  for (let block: usize = 0; block < blocks; block++) {
    const p = src + (block << 6);
    for (let t: usize = 0; t < 16; t++) store<u32>(w + (t << 2), bswap<u32>(load<u32>(p + (t << 2))));
    for (let t: usize = 16; t < 80; t++) {
      const x = load<u32>(w + ((t - 3) << 2)) ^ load<u32>(w + ((t - 8) << 2))
        ^ load<u32>(w + ((t - 14) << 2)) ^ load<u32>(w + ((t - 16) << 2));
      store<u32>(w + (t << 2), rotl<u32>(x, 1));
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let t: usize = 0; t < 80; t++) {
      let f: u32, k: u32;
      if (t < 20) { f = d ^ (b & (c ^ d)); k = 0x5a827999; }
      else if (t < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (t < 60) { f = (b & c) | (d & (b | c)); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      const temp = rotl<u32>(a, 5) + f + e + k + load<u32>(w + (t << 2));
      e = d; d = c; c = rotl<u32>(b, 30); b = a; a = temp;
    }
    h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
  }
  store<u32>(state, h0, 0); store<u32>(state, h1, 4); store<u32>(state, h2, 8);
  store<u32>(state, h3, 12); store<u32>(state, h4, 16);
}

export function sha1(data: Uint8Array): Uint8Array {
  const state = memory.data(20);
  store<u32>(state, 0x67452301, 0); store<u32>(state, 0xefcdab89, 4); store<u32>(state, 0x98badcfe, 8);
  store<u32>(state, 0x10325476, 12); store<u32>(state, 0xc3d2e1f0, 16);
  const length = <usize>data.length;
  const blocks = length >> 6;
  compress(state, data.dataStart, blocks);
  // Final one or two blocks: the tail, 0x80, zeros, then the bit length big-endian.
  const rest = length & 63;
  const tail = changetype<usize>(BLOCK);
  const tailBytes: usize = rest < 56 ? 64 : 128;
  memory.fill(tail, 0, tailBytes);
  memory.copy(tail, data.dataStart + (blocks << 6), rest);
  store<u8>(tail + rest, 0x80);
  store<u64>(tail + tailBytes - 8, bswap<u64>(<u64>length << 3));
  compress(state, tail, tailBytes >> 6);
  const out = new Uint8Array(SHA1_DIGEST_BYTES);
  for (let i: usize = 0; i < 5; i++) store<u32>(out.dataStart + (i << 2), bswap<u32>(load<u32>(state + (i << 2))));
  return out;
}
