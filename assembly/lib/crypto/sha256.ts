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

// The message schedule is scratch shared by every hasher: wasm runs one call at a time.
// @ts-ignore: decorator
@lazy const W = new StaticArray<u32>(64);

export const SHA256_BLOCK_BYTES = 64;
export const SHA256_DIGEST_BYTES = 32;

/** Runs the compression function over `blocks` consecutive 64-byte blocks at `src`, updating the 8 words at `state`. */
function compress(state: usize, src: usize, blocks: usize): void {
  const w = changetype<usize>(W);
  const k = changetype<usize>(K);
  let h0 = load<u32>(state, 0), h1 = load<u32>(state, 4), h2 = load<u32>(state, 8), h3 = load<u32>(state, 12);
  let h4 = load<u32>(state, 16), h5 = load<u32>(state, 20), h6 = load<u32>(state, 24), h7 = load<u32>(state, 28);
  for (let block: usize = 0; block < blocks; block++) {
    const p = src + (block << 6);
    for (let t: usize = 0; t < 16; t++) store<u32>(w + (t << 2), bswap<u32>(load<u32>(p + (t << 2))));
    for (let t: usize = 16; t < 64; t++) {
      const w15 = load<u32>(w + ((t - 15) << 2));
      const w2 = load<u32>(w + ((t - 2) << 2));
      const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
      store<u32>(w + (t << 2), s1 + load<u32>(w + ((t - 7) << 2)) + s0 + load<u32>(w + ((t - 16) << 2)));
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t: usize = 0; t < 64; t++) {
      const t1 = h + (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) + (g ^ (e & (f ^ g)))
        + load<u32>(k + (t << 2)) + load<u32>(w + (t << 2));
      const t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) | (c & (a | b)));
      h = g; g = f; f = e; e = d + t1;
      d = c; c = b; b = a; a = t1 + t2;
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
