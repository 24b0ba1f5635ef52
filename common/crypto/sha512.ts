// SHA-512 and SHA-384 (FIPS 180-4 §6.4, §6.5): the same 128-byte-block compression, different initial values, and
// SHA-384 keeps the first 48 bytes. Blocks are read straight from the caller's bytes with load<u64> + bswap.

// @ts-ignore: decorator
@lazy const K: StaticArray<u64> = [
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
  0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
  0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
  0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
  0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
  0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
  0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
  0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
  0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
  0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
  0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
  0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
  0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

// @ts-ignore: decorator
@lazy const SHA512_IV: StaticArray<u64> = [
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
];

// @ts-ignore: decorator
@lazy const SHA384_IV: StaticArray<u64> = [
  0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
  0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
];

export const SHA512_BLOCK_BYTES = 128;
export const SHA512_DIGEST_BYTES = 64;
export const SHA384_DIGEST_BYTES = 48;

// @ts-ignore: decorator
@inline function bigSigma0(x: u64): u64 { return rotr<u64>(x, 28) ^ rotr<u64>(x, 34) ^ rotr<u64>(x, 39); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u64): u64 { return rotr<u64>(x, 14) ^ rotr<u64>(x, 18) ^ rotr<u64>(x, 41); }
// @ts-ignore: decorator
@inline function sigma0(x: u64): u64 { return rotr<u64>(x, 1) ^ rotr<u64>(x, 8) ^ (x >>> 7); }
// @ts-ignore: decorator
@inline function sigma1(x: u64): u64 { return rotr<u64>(x, 19) ^ rotr<u64>(x, 61) ^ (x >>> 6); }
// @ts-ignore: decorator
@inline function choose(x: u64, y: u64, z: u64): u64 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function majority(x: u64, y: u64, z: u64): u64 { return (x & y) | (z & (x | y)); }

/** Runs the compression function over `blocks` consecutive 128-byte blocks at `src`, updating the 8 words at `state`. */
function compress(state: usize, src: usize, blocks: usize): void {
  let h0 = load<u64>(state, 0), h1 = load<u64>(state, 8), h2 = load<u64>(state, 16), h3 = load<u64>(state, 24);
  let h4 = load<u64>(state, 32), h5 = load<u64>(state, 40), h6 = load<u64>(state, 48), h7 = load<u64>(state, 56);
  for (let block: usize = 0; block < blocks; block++) {
    const p = src + (block << 7);
    // The message schedule lives in 16 rolling locals; rounds are unrolled 16 at a time with the working variables
    // renamed instead of shifted, so a round is pure register arithmetic.
    let w0 = bswap<u64>(load<u64>(p, 0)), w1 = bswap<u64>(load<u64>(p, 8));
    let w2 = bswap<u64>(load<u64>(p, 16)), w3 = bswap<u64>(load<u64>(p, 24));
    let w4 = bswap<u64>(load<u64>(p, 32)), w5 = bswap<u64>(load<u64>(p, 40));
    let w6 = bswap<u64>(load<u64>(p, 48)), w7 = bswap<u64>(load<u64>(p, 56));
    let w8 = bswap<u64>(load<u64>(p, 64)), w9 = bswap<u64>(load<u64>(p, 72));
    let w10 = bswap<u64>(load<u64>(p, 80)), w11 = bswap<u64>(load<u64>(p, 88));
    let w12 = bswap<u64>(load<u64>(p, 96)), w13 = bswap<u64>(load<u64>(p, 104));
    let w14 = bswap<u64>(load<u64>(p, 112)), w15 = bswap<u64>(load<u64>(p, 120));
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    let k = changetype<usize>(K);
    for (let batch = 0; ; batch++) {
      h += bigSigma1(e) + choose(e, f, g) + load<u64>(k, 0) + w0; d += h; h += bigSigma0(a) + majority(a, b, c);
      g += bigSigma1(d) + choose(d, e, f) + load<u64>(k, 8) + w1; c += g; g += bigSigma0(h) + majority(h, a, b);
      f += bigSigma1(c) + choose(c, d, e) + load<u64>(k, 16) + w2; b += f; f += bigSigma0(g) + majority(g, h, a);
      e += bigSigma1(b) + choose(b, c, d) + load<u64>(k, 24) + w3; a += e; e += bigSigma0(f) + majority(f, g, h);
      d += bigSigma1(a) + choose(a, b, c) + load<u64>(k, 32) + w4; h += d; d += bigSigma0(e) + majority(e, f, g);
      c += bigSigma1(h) + choose(h, a, b) + load<u64>(k, 40) + w5; g += c; c += bigSigma0(d) + majority(d, e, f);
      b += bigSigma1(g) + choose(g, h, a) + load<u64>(k, 48) + w6; f += b; b += bigSigma0(c) + majority(c, d, e);
      a += bigSigma1(f) + choose(f, g, h) + load<u64>(k, 56) + w7; e += a; a += bigSigma0(b) + majority(b, c, d);
      h += bigSigma1(e) + choose(e, f, g) + load<u64>(k, 64) + w8; d += h; h += bigSigma0(a) + majority(a, b, c);
      g += bigSigma1(d) + choose(d, e, f) + load<u64>(k, 72) + w9; c += g; g += bigSigma0(h) + majority(h, a, b);
      f += bigSigma1(c) + choose(c, d, e) + load<u64>(k, 80) + w10; b += f; f += bigSigma0(g) + majority(g, h, a);
      e += bigSigma1(b) + choose(b, c, d) + load<u64>(k, 88) + w11; a += e; e += bigSigma0(f) + majority(f, g, h);
      d += bigSigma1(a) + choose(a, b, c) + load<u64>(k, 96) + w12; h += d; d += bigSigma0(e) + majority(e, f, g);
      c += bigSigma1(h) + choose(h, a, b) + load<u64>(k, 104) + w13; g += c; c += bigSigma0(d) + majority(d, e, f);
      b += bigSigma1(g) + choose(g, h, a) + load<u64>(k, 112) + w14; f += b; b += bigSigma0(c) + majority(c, d, e);
      a += bigSigma1(f) + choose(f, g, h) + load<u64>(k, 120) + w15; e += a; a += bigSigma0(b) + majority(b, c, d);
      if (batch == 4) break;
      k += 128;
      w0 += sigma1(w14) + w9 + sigma0(w1);
      w1 += sigma1(w15) + w10 + sigma0(w2);
      w2 += sigma1(w0) + w11 + sigma0(w3);
      w3 += sigma1(w1) + w12 + sigma0(w4);
      w4 += sigma1(w2) + w13 + sigma0(w5);
      w5 += sigma1(w3) + w14 + sigma0(w6);
      w6 += sigma1(w4) + w15 + sigma0(w7);
      w7 += sigma1(w5) + w0 + sigma0(w8);
      w8 += sigma1(w6) + w1 + sigma0(w9);
      w9 += sigma1(w7) + w2 + sigma0(w10);
      w10 += sigma1(w8) + w3 + sigma0(w11);
      w11 += sigma1(w9) + w4 + sigma0(w12);
      w12 += sigma1(w10) + w5 + sigma0(w13);
      w13 += sigma1(w11) + w6 + sigma0(w14);
      w14 += sigma1(w12) + w7 + sigma0(w15);
      w15 += sigma1(w13) + w8 + sigma0(w0);
    }
    h0 += a; h1 += b; h2 += c; h3 += d; h4 += e; h5 += f; h6 += g; h7 += h;
  }
  store<u64>(state, h0, 0); store<u64>(state, h1, 8); store<u64>(state, h2, 16); store<u64>(state, h3, 24);
  store<u64>(state, h4, 32); store<u64>(state, h5, 40); store<u64>(state, h6, 48); store<u64>(state, h7, 56);
}

/** Incremental SHA-512 (or SHA-384 when built with `truncated = true`), for hashing pieces without joining them. */
export class Sha512 {
  private state: StaticArray<u64> = new StaticArray<u64>(8);
  private buffer: StaticArray<u8> = new StaticArray<u8>(128);
  private buffered: usize = 0;
  private total: u64 = 0;
  readonly digestBytes: i32;

  constructor(readonly is384: bool = false) {
    this.digestBytes = is384 ? SHA384_DIGEST_BYTES : SHA512_DIGEST_BYTES;
    this.reset();
  }

  reset(): Sha512 {
    memory.copy(changetype<usize>(this.state), changetype<usize>(this.is384 ? SHA384_IV : SHA512_IV), 64);
    this.buffered = 0;
    this.total = 0;
    return this;
  }

  /** Takes over `other`'s progress (state and unhashed tail), e.g. a prepared HMAC key's first block. */
  copyFrom(other: Sha512): Sha512 {
    memory.copy(changetype<usize>(this.state), changetype<usize>(other.state), 64);
    memory.copy(changetype<usize>(this.buffer), changetype<usize>(other.buffer), 128);
    this.buffered = other.buffered;
    this.total = other.total;
    return this;
  }

  update(data: Uint8Array): Sha512 {
    return this.updateRaw(data.dataStart, <usize>data.length);
  }

  /** Adds `length` bytes at `src` (raw memory). */
  updateRaw(src: usize, length: usize): Sha512 {
    const state = changetype<usize>(this.state);
    const buffer = changetype<usize>(this.buffer);
    this.total += <u64>length;
    if (this.buffered > 0) {
      const take = min<usize>(128 - this.buffered, length);
      memory.copy(buffer + this.buffered, src, take);
      this.buffered += take;
      src += take;
      length -= take;
      if (this.buffered < 128) return this;
      compress(state, buffer, 1);
      this.buffered = 0;
    }
    const blocks = length >> 7;
    if (blocks > 0) compress(state, src, blocks);
    const rest = length & 127;
    if (rest > 0) memory.copy(buffer, src + (blocks << 7), rest);
    this.buffered = rest;
    return this;
  }

  /** Writes the digest (`digestBytes` long) to `out`; the hasher must be reset before reuse. */
  finishRaw(out: usize): void {
    const state = changetype<usize>(this.state);
    const buffer = changetype<usize>(this.buffer);
    let used = this.buffered;
    store<u8>(buffer + used, 0x80);
    used++;
    if (used > 112) {
      memory.fill(buffer + used, 0, 128 - used);
      compress(state, buffer, 1);
      used = 0;
    }
    // The 128-bit length's high half is zero: a wasm32 message is shorter than 2^61 bytes.
    memory.fill(buffer + used, 0, 120 - used);
    store<u64>(buffer + 120, bswap<u64>(this.total << 3));
    compress(state, buffer, 1);
    const words = <usize>this.digestBytes >> 3;
    for (let i: usize = 0; i < words; i++) store<u64>(out + (i << 3), bswap<u64>(load<u64>(state + (i << 3))));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.digestBytes);
    this.finishRaw(out.dataStart);
    return out;
  }
}

// @ts-ignore: decorator
@lazy const shared512 = new Sha512(false);
// @ts-ignore: decorator
@lazy const shared384 = new Sha512(true);

export function sha512(data: Uint8Array): Uint8Array {
  return shared512.reset().update(data).finish();
}

export function sha384(data: Uint8Array): Uint8Array {
  return shared384.reset().update(data).finish();
}
