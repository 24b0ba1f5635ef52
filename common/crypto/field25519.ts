// Arithmetic modulo p = 2^255 - 19 for Ed25519 (and any other Curve25519 user).
//
// An element is 10 signed i64 limbs at a fixed address (80 bytes), radix 2^25.5 as in the ref10 implementation:
// limb i holds 26 bits when i is even and 25 when odd, so every limb product fits an i64 and reduction folds
// 2^255 back in as 19. Results are left partially reduced (each limb about half its width, signed); addition and
// subtraction do not carry, and multiplication accepts inputs that are sums of up to 8 reduced values (the curve
// formulas use at most 4). Callers own the memory: every function writes its result to `h`, which may alias an input.

export const FE_BYTES: usize = 80;

/** Pointer to a field element: 10 i64 limbs in linear memory. */
export type Fe = usize;

// Scratch for inversion and square roots; wasm runs one call at a time.
const T0: Fe = memory.data(80, 8);
const T1: Fe = memory.data(80, 8);
const T2: Fe = memory.data(80, 8);
const T3: Fe = memory.data(80, 8);
const REDUCED: Fe = memory.data(80, 8);
const ENCODED: usize = memory.data(40, 8);

export function feZero(h: Fe): void {
  memory.fill(h, 0, FE_BYTES);
}

export function feOne(h: Fe): void {
  memory.fill(h, 0, FE_BYTES);
  store<i64>(h, 1);
}

export function feCopy(h: Fe, f: Fe): void {
  memory.copy(h, f, FE_BYTES);
}

export function feAdd(h: Fe, f: Fe, g: Fe): void {
  for (let i: usize = 0; i < FE_BYTES; i += 8) store<i64>(h + i, load<i64>(f + i) + load<i64>(g + i));
}

export function feSub(h: Fe, f: Fe, g: Fe): void {
  for (let i: usize = 0; i < FE_BYTES; i += 8) store<i64>(h + i, load<i64>(f + i) - load<i64>(g + i));
}

export function feNeg(h: Fe, f: Fe): void {
  for (let i: usize = 0; i < FE_BYTES; i += 8) store<i64>(h + i, -load<i64>(f + i));
}

/** Carries the 10 accumulated products back into limbs of about half their width (ref10's rounding order). */
// @ts-ignore: decorator
@inline function carryStore(
  h: Fe, h0: i64, h1: i64, h2: i64, h3: i64, h4: i64, h5: i64, h6: i64, h7: i64, h8: i64, h9: i64,
): void {
  let c: i64;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i64>(h, h0, 0); store<i64>(h, h1, 8); store<i64>(h, h2, 16); store<i64>(h, h3, 24); store<i64>(h, h4, 32);
  store<i64>(h, h5, 40); store<i64>(h, h6, 48); store<i64>(h, h7, 56); store<i64>(h, h8, 64); store<i64>(h, h9, 72);
}

export function feMul(h: Fe, f: Fe, g: Fe): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24), f4 = load<i64>(f, 32);
  const f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56), f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const g0 = load<i64>(g, 0), g1 = load<i64>(g, 8), g2 = load<i64>(g, 16), g3 = load<i64>(g, 24), g4 = load<i64>(g, 32);
  const g5 = load<i64>(g, 40), g6 = load<i64>(g, 48), g7 = load<i64>(g, 56), g8 = load<i64>(g, 64), g9 = load<i64>(g, 72);
  const g1_19 = g1 * 19, g2_19 = g2 * 19, g3_19 = g3 * 19, g4_19 = g4 * 19, g5_19 = g5 * 19;
  const g6_19 = g6 * 19, g7_19 = g7 * 19, g8_19 = g8 * 19, g9_19 = g9 * 19;
  const f1_2 = f1 << 1, f3_2 = f3 << 1, f5_2 = f5 << 1, f7_2 = f7 << 1, f9_2 = f9 << 1;
  // h_k collects f_i*g_j with i+j = k, or i+j = k+10 times 19 (2^255 = 19); odd-by-odd limbs carry an extra 2.
  const h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19
    + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  const h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19
    + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  const h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19
    + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  const h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19
    + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  const h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0
    + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  const h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1
    + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  const h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2
    + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  const h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  const h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4
    + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  const h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

export function feSquare(h: Fe, f: Fe): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24), f4 = load<i64>(f, 32);
  const f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56), f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const f0_2 = f0 << 1, f1_2 = f1 << 1, f2_2 = f2 << 1, f3_2 = f3 << 1, f4_2 = f4 << 1;
  const f5_2 = f5 << 1, f6_2 = f6 << 1, f7_2 = f7 << 1, f8_2 = f8 << 1, f9_2 = f9 << 1;
  const f5_19 = f5 * 19, f6_19 = f6 * 19, f7_19 = f7 * 19, f8_19 = f8 * 19, f9_19 = f9 * 19;
  const f7_38 = f7 * 38, f9_38 = f9 * 38;
  // Each cross product f_i*f_j (i != j) appears twice, so it is computed once with one factor doubled.
  const h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5_2 * f5_19;
  const h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
  const h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  const h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
  const h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7_2 * f7_19;
  const h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
  const h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  const h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
  const h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9_2 * f9_19;
  const h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/** h = f^(2^n), n >= 1. */
function feSquareTimes(h: Fe, f: Fe, n: i32): void {
  feSquare(h, f);
  for (let i = 1; i < n; i++) feSquare(h, h);
}

/** Leaves z^(2^250 - 1) in T0 and z^11 in T1 (the common prefix of inversion and the square-root power). */
function powTwo250MinusOne(z: Fe): void {
  feSquare(T0, z);                                   // z^2
  feSquareTimes(T1, T0, 2);                          // z^8
  feMul(T1, z, T1);                                  // z^9
  feMul(T0, T0, T1);                                 // z^11
  feSquare(T2, T0);                                  // z^22
  feMul(T1, T1, T2);                                 // z^31 = z^(2^5 - 1)
  feSquareTimes(T2, T1, 5); feMul(T1, T2, T1);       // 2^10 - 1
  feSquareTimes(T2, T1, 10); feMul(T2, T2, T1);      // 2^20 - 1
  feSquareTimes(T3, T2, 20); feMul(T2, T3, T2);      // 2^40 - 1
  feSquareTimes(T2, T2, 10); feMul(T1, T2, T1);      // 2^50 - 1
  feSquareTimes(T2, T1, 50); feMul(T2, T2, T1);      // 2^100 - 1
  feSquareTimes(T3, T2, 100); feMul(T2, T3, T2);     // 2^200 - 1
  feSquareTimes(T2, T2, 50); feMul(T2, T2, T1);      // 2^250 - 1
  feCopy(T1, T0);
  feCopy(T0, T2);
}

/** h = 1/z = z^(p - 2) = z^(2^255 - 21); zero maps to zero. */
export function feInvert(h: Fe, z: Fe): void {
  powTwo250MinusOne(z);
  feSquareTimes(T0, T0, 5);                          // 2^255 - 32
  feMul(h, T0, T1);                                  // 2^255 - 21
}

/** h = z^((p - 5) / 8) = z^(2^252 - 3), the power in the Ed25519 square root (RFC 8032 §5.1.3). */
export function fePow22523(h: Fe, z: Fe): void {
  powTwo250MinusOne(z);
  feSquareTimes(T0, T0, 2);                          // 2^252 - 4
  feMul(h, T0, z);                                   // 2^252 - 3
}

/** Reads 255 bits little-endian (the top bit of byte 31 is ignored; values >= p are accepted and reduced later). */
export function feFromBytes(h: Fe, src: usize): void {
  memory.copy(ENCODED, src, 32);
  store<u64>(ENCODED + 32, 0);
  let position: u32 = 0;
  for (let i: usize = 0; i < 10; i++) {
    const width: u32 = (i & 1) != 0 ? 25 : 26;
    const word = load<u64>(ENCODED + <usize>(position >> 3)) >> <u64>(position & 7);
    store<i64>(h + (i << 3), <i64>(word & ((<u64>1 << width) - 1)));
    position += width;
  }
}

/** Writes the canonical 32-byte little-endian encoding (the value reduced into [0, p)). */
export function feToBytes(dst: usize, f: Fe): void {
  const t = REDUCED;
  feCopy(t, f);
  // Floor carries until nothing leaves the top limb: every limb is then in [0, 2^width), the value in [0, 2^255).
  let top: i64;
  do {
    for (let i: usize = 0; i < 9; i++) {
      const width: i64 = (i & 1) != 0 ? 25 : 26;
      const v = load<i64>(t + (i << 3));
      const carry = v >> width;
      store<i64>(t + (i << 3), v - (carry << width));
      store<i64>(t + ((i + 1) << 3), load<i64>(t + ((i + 1) << 3)) + carry);
    }
    const v9 = load<i64>(t, 72);
    top = v9 >> 25;
    store<i64>(t, v9 - (top << 25), 72);
    store<i64>(t, load<i64>(t) + top * 19);
  } while (top != 0);
  // The value is >= p exactly when adding 19 carries out of bit 255; then the result is that sum minus 2^255.
  let q: i64 = (load<i64>(t) + 19) >> 26;
  for (let i: usize = 1; i < 10; i++) q = (load<i64>(t + (i << 3)) + q) >> ((i & 1) != 0 ? 25 : 26);
  store<i64>(t, load<i64>(t) + 19 * q);
  let accumulator: u64 = 0;
  let bits: u32 = 0;
  let out = dst;
  let carry: i64 = 0;
  for (let i: usize = 0; i < 10; i++) {
    const width: u32 = (i & 1) != 0 ? 25 : 26;
    const v = load<i64>(t + (i << 3)) + carry;
    carry = v >> width;
    accumulator |= <u64>(v & ((<i64>1 << width) - 1)) << bits;
    bits += width;
    while (bits >= 8) {
      store<u8>(out, <u8>accumulator);
      out++;
      accumulator >>= 8;
      bits -= 8;
    }
  }
  store<u8>(out, <u8>accumulator);
}

/** The low bit of the canonical encoding: RFC 8032's "negative" x. */
export function feIsNegative(f: Fe): bool {
  feToBytes(ENCODED, f);
  return (load<u8>(ENCODED) & 1) != 0;
}

export function feIsZero(f: Fe): bool {
  feToBytes(ENCODED, f);
  return (load<u64>(ENCODED) | load<u64>(ENCODED, 8) | load<u64>(ENCODED, 16) | load<u64>(ENCODED, 24)) == 0;
}
