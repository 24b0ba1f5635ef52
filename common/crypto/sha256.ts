// SHA-256 (FIPS 180-4 §6.2). Blocks are read straight from the caller's bytes with load<u32> + bswap; only the final
// padded block(s) go through the hasher's own 64-byte buffer, so hashing allocates nothing but the 32-byte result.

// @ts-ignore: decorator
@lazy const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

export const SHA256_BLOCK_BYTES = 64;
export const SHA256_DIGEST_BYTES = 32;

// @ts-ignore: decorator
@inline function bigSigma0(x: u32): u32 { return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u32): u32 { return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25); }
// @ts-ignore: decorator
@inline function sigma0(x: u32): u32 { return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3); }
// @ts-ignore: decorator
@inline function sigma1(x: u32): u32 { return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10); }
// @ts-ignore: decorator
@inline function choose(x: u32, y: u32, z: u32): u32 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function majority(x: u32, y: u32, z: u32): u32 { return (x & y) | (z & (x | y)); }

/** Runs the compression function over `blocks` consecutive 64-byte blocks at `src`, updating the 8 words at `state`. */
function compress(state: usize, src: usize, blocks: usize): void {
  let h0 = load<u32>(state, 0), h1 = load<u32>(state, 4), h2 = load<u32>(state, 8), h3 = load<u32>(state, 12);
  let h4 = load<u32>(state, 16), h5 = load<u32>(state, 20), h6 = load<u32>(state, 24), h7 = load<u32>(state, 28);
  for (let block: usize = 0; block < blocks; block++) {
    const p = src + (block << 6);
    // The message schedule lives in 16 rolling locals; rounds are unrolled 16 at a time with the working variables
    // renamed instead of shifted, so a round is pure register arithmetic.
    let w0 = bswap<u32>(load<u32>(p, 0)), w1 = bswap<u32>(load<u32>(p, 4));
    let w2 = bswap<u32>(load<u32>(p, 8)), w3 = bswap<u32>(load<u32>(p, 12));
    let w4 = bswap<u32>(load<u32>(p, 16)), w5 = bswap<u32>(load<u32>(p, 20));
    let w6 = bswap<u32>(load<u32>(p, 24)), w7 = bswap<u32>(load<u32>(p, 28));
    let w8 = bswap<u32>(load<u32>(p, 32)), w9 = bswap<u32>(load<u32>(p, 36));
    let w10 = bswap<u32>(load<u32>(p, 40)), w11 = bswap<u32>(load<u32>(p, 44));
    let w12 = bswap<u32>(load<u32>(p, 48)), w13 = bswap<u32>(load<u32>(p, 52));
    let w14 = bswap<u32>(load<u32>(p, 56)), w15 = bswap<u32>(load<u32>(p, 60));
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    let k = changetype<usize>(K);
    for (let batch = 0; ; batch++) {
      h += bigSigma1(e) + choose(e, f, g) + load<u32>(k, 0) + w0; d += h; h += bigSigma0(a) + majority(a, b, c);
      g += bigSigma1(d) + choose(d, e, f) + load<u32>(k, 4) + w1; c += g; g += bigSigma0(h) + majority(h, a, b);
      f += bigSigma1(c) + choose(c, d, e) + load<u32>(k, 8) + w2; b += f; f += bigSigma0(g) + majority(g, h, a);
      e += bigSigma1(b) + choose(b, c, d) + load<u32>(k, 12) + w3; a += e; e += bigSigma0(f) + majority(f, g, h);
      d += bigSigma1(a) + choose(a, b, c) + load<u32>(k, 16) + w4; h += d; d += bigSigma0(e) + majority(e, f, g);
      c += bigSigma1(h) + choose(h, a, b) + load<u32>(k, 20) + w5; g += c; c += bigSigma0(d) + majority(d, e, f);
      b += bigSigma1(g) + choose(g, h, a) + load<u32>(k, 24) + w6; f += b; b += bigSigma0(c) + majority(c, d, e);
      a += bigSigma1(f) + choose(f, g, h) + load<u32>(k, 28) + w7; e += a; a += bigSigma0(b) + majority(b, c, d);
      h += bigSigma1(e) + choose(e, f, g) + load<u32>(k, 32) + w8; d += h; h += bigSigma0(a) + majority(a, b, c);
      g += bigSigma1(d) + choose(d, e, f) + load<u32>(k, 36) + w9; c += g; g += bigSigma0(h) + majority(h, a, b);
      f += bigSigma1(c) + choose(c, d, e) + load<u32>(k, 40) + w10; b += f; f += bigSigma0(g) + majority(g, h, a);
      e += bigSigma1(b) + choose(b, c, d) + load<u32>(k, 44) + w11; a += e; e += bigSigma0(f) + majority(f, g, h);
      d += bigSigma1(a) + choose(a, b, c) + load<u32>(k, 48) + w12; h += d; d += bigSigma0(e) + majority(e, f, g);
      c += bigSigma1(h) + choose(h, a, b) + load<u32>(k, 52) + w13; g += c; c += bigSigma0(d) + majority(d, e, f);
      b += bigSigma1(g) + choose(g, h, a) + load<u32>(k, 56) + w14; f += b; b += bigSigma0(c) + majority(c, d, e);
      a += bigSigma1(f) + choose(f, g, h) + load<u32>(k, 60) + w15; e += a; a += bigSigma0(b) + majority(b, c, d);
      if (batch == 3) break;
      k += 64;
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
  store<u32>(state, h0, 0); store<u32>(state, h1, 4); store<u32>(state, h2, 8); store<u32>(state, h3, 12);
  store<u32>(state, h4, 16); store<u32>(state, h5, 20); store<u32>(state, h6, 24); store<u32>(state, h7, 28);
}

/** Incremental SHA-256, for hashing pieces without joining them (HMAC's key block, then the message). */
export class Sha256 {
  private state: StaticArray<u32> = new StaticArray<u32>(8);
  private buffer: StaticArray<u8> = new StaticArray<u8>(64);
  private buffered: usize = 0;
  private total: u64 = 0;

  constructor() {
    this.reset();
  }

  reset(): Sha256 {
    const s = changetype<usize>(this.state);
    store<u32>(s, 0x6a09e667, 0); store<u32>(s, 0xbb67ae85, 4); store<u32>(s, 0x3c6ef372, 8); store<u32>(s, 0xa54ff53a, 12);
    store<u32>(s, 0x510e527f, 16); store<u32>(s, 0x9b05688c, 20); store<u32>(s, 0x1f83d9ab, 24); store<u32>(s, 0x5be0cd19, 28);
    this.buffered = 0;
    this.total = 0;
    return this;
  }

  /** Takes over `other`'s progress (state and unhashed tail), e.g. a prepared HMAC key's first block. */
  copyFrom(other: Sha256): Sha256 {
    memory.copy(changetype<usize>(this.state), changetype<usize>(other.state), 32);
    memory.copy(changetype<usize>(this.buffer), changetype<usize>(other.buffer), 64);
    this.buffered = other.buffered;
    this.total = other.total;
    return this;
  }

  update(data: Uint8Array): Sha256 {
    return this.updateRaw(data.dataStart, <usize>data.length);
  }

  /** Adds `length` bytes at `src` (raw memory, e.g. a slice of a request body). */
  updateRaw(src: usize, length: usize): Sha256 {
    const state = changetype<usize>(this.state);
    const buffer = changetype<usize>(this.buffer);
    this.total += <u64>length;
    if (this.buffered > 0) {
      const take = min<usize>(64 - this.buffered, length);
      memory.copy(buffer + this.buffered, src, take);
      this.buffered += take;
      src += take;
      length -= take;
      if (this.buffered < 64) return this;
      compress(state, buffer, 1);
      this.buffered = 0;
    }
    const blocks = length >> 6;
    if (blocks > 0) compress(state, src, blocks);
    const rest = length & 63;
    if (rest > 0) memory.copy(buffer, src + (blocks << 6), rest);
    this.buffered = rest;
    return this;
  }

  /** Writes the 32-byte digest to `out`; the hasher must be reset before reuse. */
  finishRaw(out: usize): void {
    const state = changetype<usize>(this.state);
    const buffer = changetype<usize>(this.buffer);
    let used = this.buffered;
    store<u8>(buffer + used, 0x80);
    used++;
    if (used > 56) {
      memory.fill(buffer + used, 0, 64 - used);
      compress(state, buffer, 1);
      used = 0;
    }
    memory.fill(buffer + used, 0, 56 - used);
    store<u64>(buffer + 56, bswap<u64>(this.total << 3));
    compress(state, buffer, 1);
    for (let i: usize = 0; i < 8; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(state + (i << 2))));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(SHA256_DIGEST_BYTES);
    this.finishRaw(out.dataStart);
    return out;
  }
}

// @ts-ignore: decorator
@lazy const shared = new Sha256();

export function sha256(data: Uint8Array): Uint8Array {
  return shared.reset().update(data).finish();
}

/** SHA-256 of `length` bytes at `src`. */
export function sha256Raw(src: usize, length: usize): Uint8Array {
  return shared.reset().updateRaw(src, length).finish();
}
