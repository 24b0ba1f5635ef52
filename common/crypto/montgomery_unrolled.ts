// Montgomery multiplication and squaring, and modular addition and subtraction, fully unrolled for 8 and 12 limbs:
// the P-256 and P-384 field primes and group orders, which take every operation of an ECDSA verification. The
// generic loops in bignum.ts spend most of their time on loop control and limb addressing at these sizes.
//
// Multiplication keeps each limb of the operands and the modulus in a local and sums the product column by column
// with the reduction folded in (product scanning): q_k is chosen at column k so the column's low word cancels, and
// columns n..2n-1 are the result. A column's sum of 64-bit products is kept as two u64 halves, lo (the products' low
// words) and hi (their high words), which cannot overflow for 24 products; the next column starts from
// hi + (lo >> 32). Squaring adds each cross product a_i a_j (i < j) once and doubles the column. The result
// (a b + q m) / R is below 2m for inputs below m, so m is subtracted at most once. Every input limb is read before out
// is written, so out may be a or b, here and in addMod/subMod.
//
// Generated (one line per 32x32-bit product: long, not complicated): edit tools/montgomery/, then run
// `node tools/montgomery/generate.mjs common/crypto/montgomery_unrolled.ts`; tools/montgomery/check*.mjs
// check the same operation lists against BigInt.

/** out = a b / R mod m for 8-limb operands below m. */
export function montMul8(out: usize, a: usize, b: usize, m: usize, n0inv: u32): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  const b0 = <u64>load<u32>(b, 0);
  const b1 = <u64>load<u32>(b, 4);
  const b2 = <u64>load<u32>(b, 8);
  const b3 = <u64>load<u32>(b, 12);
  const b4 = <u64>load<u32>(b, 16);
  const b5 = <u64>load<u32>(b, 20);
  const b6 = <u64>load<u32>(b, 24);
  const b7 = <u64>load<u32>(b, 28);
  const m0 = <u64>load<u32>(m, 0);
  const m1 = <u64>load<u32>(m, 4);
  const m2 = <u64>load<u32>(m, 8);
  const m3 = <u64>load<u32>(m, 12);
  const m4 = <u64>load<u32>(m, 16);
  const m5 = <u64>load<u32>(m, 20);
  const m6 = <u64>load<u32>(m, 24);
  const m7 = <u64>load<u32>(m, 28);
  let lo: u64 = 0;
  let hi: u64 = 0;
  let p: u64;
  // column 0
  p = a0 * b0; lo += p & 0xffffffff; hi += p >> 32;
  const q0 = <u64>(<u32>lo * n0inv);
  p = q0 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 1
  p = a0 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q1 = <u64>(<u32>lo * n0inv);
  p = q1 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 2
  p = a0 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q2 = <u64>(<u32>lo * n0inv);
  p = q2 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 3
  p = a0 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q3 = <u64>(<u32>lo * n0inv);
  p = q3 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 4
  p = a0 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q4 = <u64>(<u32>lo * n0inv);
  p = q4 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 5
  p = a0 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q5 = <u64>(<u32>lo * n0inv);
  p = q5 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 6
  p = a0 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q6 = <u64>(<u32>lo * n0inv);
  p = q6 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 7
  p = a0 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q7 = <u64>(<u32>lo * n0inv);
  p = q7 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 8
  p = a1 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const r0 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 9
  p = a2 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m2; lo += p & 0xffffffff; hi += p >> 32;
  const r1 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 10
  p = a3 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m3; lo += p & 0xffffffff; hi += p >> 32;
  const r2 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 11
  p = a4 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m4; lo += p & 0xffffffff; hi += p >> 32;
  const r3 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 12
  p = a5 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m5; lo += p & 0xffffffff; hi += p >> 32;
  const r4 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 13
  p = a6 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m6; lo += p & 0xffffffff; hi += p >> 32;
  const r5 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 14
  p = a7 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m7; lo += p & 0xffffffff; hi += p >> 32;
  const r6 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 15
  const r7 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // r - m, kept when r >= m (the limb above r is set, or the subtraction does not borrow).
  const top = lo;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - m0 - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - m1 - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - m2 - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - m3 - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - m4 - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - m5 - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - m6 - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - m7 - borrow; const d7 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
  }
}

/** out = a^2 / R mod m for 8-limb operands below m. */
export function montSquare8(out: usize, a: usize, m: usize, n0inv: u32): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  const m0 = <u64>load<u32>(m, 0);
  const m1 = <u64>load<u32>(m, 4);
  const m2 = <u64>load<u32>(m, 8);
  const m3 = <u64>load<u32>(m, 12);
  const m4 = <u64>load<u32>(m, 16);
  const m5 = <u64>load<u32>(m, 20);
  const m6 = <u64>load<u32>(m, 24);
  const m7 = <u64>load<u32>(m, 28);
  let lo: u64 = 0;
  let hi: u64 = 0;
  let p: u64;
  let carry: u64 = 0;
  // column 0
  lo = carry; hi = 0;
  p = a0 * a0; lo += p & 0xffffffff; hi += p >> 32;
  const q0 = <u64>(<u32>lo * n0inv);
  p = q0 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 1
  lo = 0; hi = 0;
  p = a0 * a1; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q1 = <u64>(<u32>lo * n0inv);
  p = q1 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 2
  lo = 0; hi = 0;
  p = a0 * a2; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a1 * a1; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q2 = <u64>(<u32>lo * n0inv);
  p = q2 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 3
  lo = 0; hi = 0;
  p = a0 * a3; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a2; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q3 = <u64>(<u32>lo * n0inv);
  p = q3 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 4
  lo = 0; hi = 0;
  p = a0 * a4; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a3; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a2 * a2; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q4 = <u64>(<u32>lo * n0inv);
  p = q4 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 5
  lo = 0; hi = 0;
  p = a0 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a4; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a3; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q5 = <u64>(<u32>lo * n0inv);
  p = q5 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 6
  lo = 0; hi = 0;
  p = a0 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a4; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a3 * a3; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q6 = <u64>(<u32>lo * n0inv);
  p = q6 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 7
  lo = 0; hi = 0;
  p = a0 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a4; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q7 = <u64>(<u32>lo * n0inv);
  p = q7 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 8
  lo = 0; hi = 0;
  p = a1 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a5; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a4 * a4; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const r0 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 9
  lo = 0; hi = 0;
  p = a2 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a5; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q2 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m2; lo += p & 0xffffffff; hi += p >> 32;
  const r1 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 10
  lo = 0; hi = 0;
  p = a3 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a6; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a5 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m3; lo += p & 0xffffffff; hi += p >> 32;
  const r2 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 11
  lo = 0; hi = 0;
  p = a4 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * a6; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q4 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m4; lo += p & 0xffffffff; hi += p >> 32;
  const r3 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 12
  lo = 0; hi = 0;
  p = a5 * a7; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a6 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m5; lo += p & 0xffffffff; hi += p >> 32;
  const r4 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 13
  lo = 0; hi = 0;
  p = a6 * a7; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q6 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m6; lo += p & 0xffffffff; hi += p >> 32;
  const r5 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 14
  lo = carry; hi = 0;
  p = a7 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m7; lo += p & 0xffffffff; hi += p >> 32;
  const r6 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 15
  lo = carry; hi = 0;
  const r7 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // r - m, kept when r >= m (the limb above r is set, or the subtraction does not borrow).
  const top = carry;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - m0 - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - m1 - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - m2 - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - m3 - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - m4 - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - m5 - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - m6 - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - m7 - borrow; const d7 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
  }
}

/** out = a b / R mod m for 12-limb operands below m. */
export function montMul12(out: usize, a: usize, b: usize, m: usize, n0inv: u32): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  const a8 = <u64>load<u32>(a, 32);
  const a9 = <u64>load<u32>(a, 36);
  const a10 = <u64>load<u32>(a, 40);
  const a11 = <u64>load<u32>(a, 44);
  const b0 = <u64>load<u32>(b, 0);
  const b1 = <u64>load<u32>(b, 4);
  const b2 = <u64>load<u32>(b, 8);
  const b3 = <u64>load<u32>(b, 12);
  const b4 = <u64>load<u32>(b, 16);
  const b5 = <u64>load<u32>(b, 20);
  const b6 = <u64>load<u32>(b, 24);
  const b7 = <u64>load<u32>(b, 28);
  const b8 = <u64>load<u32>(b, 32);
  const b9 = <u64>load<u32>(b, 36);
  const b10 = <u64>load<u32>(b, 40);
  const b11 = <u64>load<u32>(b, 44);
  const m0 = <u64>load<u32>(m, 0);
  const m1 = <u64>load<u32>(m, 4);
  const m2 = <u64>load<u32>(m, 8);
  const m3 = <u64>load<u32>(m, 12);
  const m4 = <u64>load<u32>(m, 16);
  const m5 = <u64>load<u32>(m, 20);
  const m6 = <u64>load<u32>(m, 24);
  const m7 = <u64>load<u32>(m, 28);
  const m8 = <u64>load<u32>(m, 32);
  const m9 = <u64>load<u32>(m, 36);
  const m10 = <u64>load<u32>(m, 40);
  const m11 = <u64>load<u32>(m, 44);
  let lo: u64 = 0;
  let hi: u64 = 0;
  let p: u64;
  // column 0
  p = a0 * b0; lo += p & 0xffffffff; hi += p >> 32;
  const q0 = <u64>(<u32>lo * n0inv);
  p = q0 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 1
  p = a0 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q1 = <u64>(<u32>lo * n0inv);
  p = q1 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 2
  p = a0 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q2 = <u64>(<u32>lo * n0inv);
  p = q2 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 3
  p = a0 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q3 = <u64>(<u32>lo * n0inv);
  p = q3 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 4
  p = a0 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q4 = <u64>(<u32>lo * n0inv);
  p = q4 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 5
  p = a0 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q5 = <u64>(<u32>lo * n0inv);
  p = q5 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 6
  p = a0 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q6 = <u64>(<u32>lo * n0inv);
  p = q6 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 7
  p = a0 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q7 = <u64>(<u32>lo * n0inv);
  p = q7 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 8
  p = a0 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q8 = <u64>(<u32>lo * n0inv);
  p = q8 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 9
  p = a0 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q9 = <u64>(<u32>lo * n0inv);
  p = q9 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 10
  p = a0 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q10 = <u64>(<u32>lo * n0inv);
  p = q10 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 11
  p = a0 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b0; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q11 = <u64>(<u32>lo * n0inv);
  p = q11 * m0; lo += p & 0xffffffff; hi += p >> 32;
  lo = hi + (lo >> 32); hi = 0;
  // column 12
  p = a1 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b1; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const r0 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 13
  p = a2 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b2; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m2; lo += p & 0xffffffff; hi += p >> 32;
  const r1 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 14
  p = a3 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b3; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m3; lo += p & 0xffffffff; hi += p >> 32;
  const r2 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 15
  p = a4 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b4; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m4; lo += p & 0xffffffff; hi += p >> 32;
  const r3 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 16
  p = a5 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b5; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m5; lo += p & 0xffffffff; hi += p >> 32;
  const r4 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 17
  p = a6 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b6; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m6; lo += p & 0xffffffff; hi += p >> 32;
  const r5 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 18
  p = a7 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b7; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m7; lo += p & 0xffffffff; hi += p >> 32;
  const r6 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 19
  p = a8 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b8; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m8; lo += p & 0xffffffff; hi += p >> 32;
  const r7 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 20
  p = a9 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a10 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b9; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m9; lo += p & 0xffffffff; hi += p >> 32;
  const r8 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 21
  p = a10 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = a11 * b10; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m10; lo += p & 0xffffffff; hi += p >> 32;
  const r9 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 22
  p = a11 * b11; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m11; lo += p & 0xffffffff; hi += p >> 32;
  const r10 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // column 23
  const r11 = lo & 0xffffffff;
  lo = hi + (lo >> 32); hi = 0;
  // r - m, kept when r >= m (the limb above r is set, or the subtraction does not borrow).
  const top = lo;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - m0 - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - m1 - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - m2 - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - m3 - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - m4 - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - m5 - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - m6 - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - m7 - borrow; const d7 = <u32>x; borrow = x >> 63;
  x = r8 - m8 - borrow; const d8 = <u32>x; borrow = x >> 63;
  x = r9 - m9 - borrow; const d9 = <u32>x; borrow = x >> 63;
  x = r10 - m10 - borrow; const d10 = <u32>x; borrow = x >> 63;
  x = r11 - m11 - borrow; const d11 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
    store<u32>(out, d8, 32);
    store<u32>(out, d9, 36);
    store<u32>(out, d10, 40);
    store<u32>(out, d11, 44);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
    store<u32>(out, <u32>r8, 32);
    store<u32>(out, <u32>r9, 36);
    store<u32>(out, <u32>r10, 40);
    store<u32>(out, <u32>r11, 44);
  }
}

/** out = a^2 / R mod m for 12-limb operands below m. */
export function montSquare12(out: usize, a: usize, m: usize, n0inv: u32): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  const a8 = <u64>load<u32>(a, 32);
  const a9 = <u64>load<u32>(a, 36);
  const a10 = <u64>load<u32>(a, 40);
  const a11 = <u64>load<u32>(a, 44);
  const m0 = <u64>load<u32>(m, 0);
  const m1 = <u64>load<u32>(m, 4);
  const m2 = <u64>load<u32>(m, 8);
  const m3 = <u64>load<u32>(m, 12);
  const m4 = <u64>load<u32>(m, 16);
  const m5 = <u64>load<u32>(m, 20);
  const m6 = <u64>load<u32>(m, 24);
  const m7 = <u64>load<u32>(m, 28);
  const m8 = <u64>load<u32>(m, 32);
  const m9 = <u64>load<u32>(m, 36);
  const m10 = <u64>load<u32>(m, 40);
  const m11 = <u64>load<u32>(m, 44);
  let lo: u64 = 0;
  let hi: u64 = 0;
  let p: u64;
  let carry: u64 = 0;
  // column 0
  lo = carry; hi = 0;
  p = a0 * a0; lo += p & 0xffffffff; hi += p >> 32;
  const q0 = <u64>(<u32>lo * n0inv);
  p = q0 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 1
  lo = 0; hi = 0;
  p = a0 * a1; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q1 = <u64>(<u32>lo * n0inv);
  p = q1 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 2
  lo = 0; hi = 0;
  p = a0 * a2; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a1 * a1; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q2 = <u64>(<u32>lo * n0inv);
  p = q2 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 3
  lo = 0; hi = 0;
  p = a0 * a3; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a2; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q3 = <u64>(<u32>lo * n0inv);
  p = q3 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 4
  lo = 0; hi = 0;
  p = a0 * a4; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a3; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a2 * a2; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q4 = <u64>(<u32>lo * n0inv);
  p = q4 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 5
  lo = 0; hi = 0;
  p = a0 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a4; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a3; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q5 = <u64>(<u32>lo * n0inv);
  p = q5 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 6
  lo = 0; hi = 0;
  p = a0 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a4; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a3 * a3; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q6 = <u64>(<u32>lo * n0inv);
  p = q6 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 7
  lo = 0; hi = 0;
  p = a0 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a4; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q7 = <u64>(<u32>lo * n0inv);
  p = q7 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 8
  lo = 0; hi = 0;
  p = a0 * a8; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a5; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a4 * a4; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q8 = <u64>(<u32>lo * n0inv);
  p = q8 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 9
  lo = 0; hi = 0;
  p = a0 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a8; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a5; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q9 = <u64>(<u32>lo * n0inv);
  p = q9 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 10
  lo = 0; hi = 0;
  p = a0 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a8; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a6; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a5 * a5; lo += p & 0xffffffff; hi += p >> 32;
  p = q0 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q10 = <u64>(<u32>lo * n0inv);
  p = q10 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 11
  lo = 0; hi = 0;
  p = a0 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a1 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a8; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * a6; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q0 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const q11 = <u64>(<u32>lo * n0inv);
  p = q11 * m0; lo += p & 0xffffffff; hi += p >> 32;
  carry = hi + (lo >> 32);
  // column 12
  lo = 0; hi = 0;
  p = a1 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a2 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a8; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * a7; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a6 * a6; lo += p & 0xffffffff; hi += p >> 32;
  p = q1 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q2 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m2; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m1; lo += p & 0xffffffff; hi += p >> 32;
  const r0 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 13
  lo = 0; hi = 0;
  p = a2 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a3 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * a8; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * a7; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q2 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m3; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m2; lo += p & 0xffffffff; hi += p >> 32;
  const r1 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 14
  lo = 0; hi = 0;
  p = a3 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a4 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * a8; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a7 * a7; lo += p & 0xffffffff; hi += p >> 32;
  p = q3 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q4 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m4; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m3; lo += p & 0xffffffff; hi += p >> 32;
  const r2 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 15
  lo = 0; hi = 0;
  p = a4 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a5 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * a8; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q4 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m5; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m4; lo += p & 0xffffffff; hi += p >> 32;
  const r3 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 16
  lo = 0; hi = 0;
  p = a5 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a6 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * a9; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a8 * a8; lo += p & 0xffffffff; hi += p >> 32;
  p = q5 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q6 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m6; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m5; lo += p & 0xffffffff; hi += p >> 32;
  const r4 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 17
  lo = 0; hi = 0;
  p = a6 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a7 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * a9; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q6 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m7; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m6; lo += p & 0xffffffff; hi += p >> 32;
  const r5 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 18
  lo = 0; hi = 0;
  p = a7 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a8 * a10; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a9 * a9; lo += p & 0xffffffff; hi += p >> 32;
  p = q7 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q8 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m8; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m7; lo += p & 0xffffffff; hi += p >> 32;
  const r6 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 19
  lo = 0; hi = 0;
  p = a8 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = a9 * a10; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q8 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m9; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m8; lo += p & 0xffffffff; hi += p >> 32;
  const r7 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 20
  lo = 0; hi = 0;
  p = a9 * a11; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = a10 * a10; lo += p & 0xffffffff; hi += p >> 32;
  p = q9 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q10 * m10; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m9; lo += p & 0xffffffff; hi += p >> 32;
  const r8 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 21
  lo = 0; hi = 0;
  p = a10 * a11; lo += p & 0xffffffff; hi += p >> 32;
  lo = (lo << 1) + carry; hi <<= 1;
  p = q10 * m11; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m10; lo += p & 0xffffffff; hi += p >> 32;
  const r9 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 22
  lo = carry; hi = 0;
  p = a11 * a11; lo += p & 0xffffffff; hi += p >> 32;
  p = q11 * m11; lo += p & 0xffffffff; hi += p >> 32;
  const r10 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // column 23
  lo = carry; hi = 0;
  const r11 = lo & 0xffffffff;
  carry = hi + (lo >> 32);
  // r - m, kept when r >= m (the limb above r is set, or the subtraction does not borrow).
  const top = carry;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - m0 - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - m1 - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - m2 - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - m3 - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - m4 - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - m5 - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - m6 - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - m7 - borrow; const d7 = <u32>x; borrow = x >> 63;
  x = r8 - m8 - borrow; const d8 = <u32>x; borrow = x >> 63;
  x = r9 - m9 - borrow; const d9 = <u32>x; borrow = x >> 63;
  x = r10 - m10 - borrow; const d10 = <u32>x; borrow = x >> 63;
  x = r11 - m11 - borrow; const d11 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
    store<u32>(out, d8, 32);
    store<u32>(out, d9, 36);
    store<u32>(out, d10, 40);
    store<u32>(out, d11, 44);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
    store<u32>(out, <u32>r8, 32);
    store<u32>(out, <u32>r9, 36);
    store<u32>(out, <u32>r10, 40);
    store<u32>(out, <u32>r11, 44);
  }
}

/** a + b mod m for 8-limb a, b below m: the sum and the sum minus m are both formed, and the one below m kept. */
export function addMod8(out: usize, a: usize, b: usize, m: usize): void {
  let carry: u64 = 0;
  let borrow: u64 = 0;
  let x: u64;
  x = <u64>load<u32>(a, 0) + <u64>load<u32>(b, 0) + carry; const s0 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 4) + <u64>load<u32>(b, 4) + carry; const s1 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 8) + <u64>load<u32>(b, 8) + carry; const s2 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 12) + <u64>load<u32>(b, 12) + carry; const s3 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 16) + <u64>load<u32>(b, 16) + carry; const s4 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 20) + <u64>load<u32>(b, 20) + carry; const s5 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 24) + <u64>load<u32>(b, 24) + carry; const s6 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 28) + <u64>load<u32>(b, 28) + carry; const s7 = x & 0xffffffff; carry = x >> 32;
  x = s0 - <u64>load<u32>(m, 0) - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = s1 - <u64>load<u32>(m, 4) - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = s2 - <u64>load<u32>(m, 8) - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = s3 - <u64>load<u32>(m, 12) - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = s4 - <u64>load<u32>(m, 16) - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = s5 - <u64>load<u32>(m, 20) - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = s6 - <u64>load<u32>(m, 24) - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = s7 - <u64>load<u32>(m, 28) - borrow; const d7 = <u32>x; borrow = x >> 63;
  if (carry != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
  } else {
    store<u32>(out, <u32>s0, 0);
    store<u32>(out, <u32>s1, 4);
    store<u32>(out, <u32>s2, 8);
    store<u32>(out, <u32>s3, 12);
    store<u32>(out, <u32>s4, 16);
    store<u32>(out, <u32>s5, 20);
    store<u32>(out, <u32>s6, 24);
    store<u32>(out, <u32>s7, 28);
  }
}

/** a - b mod m for 8-limb a, b below m: m is added back when the difference borrowed. */
export function subMod8(out: usize, a: usize, b: usize, m: usize): void {
  let borrow: u64 = 0;
  let x: u64;
  x = <u64>load<u32>(a, 0) - <u64>load<u32>(b, 0) - borrow; const d0 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 4) - <u64>load<u32>(b, 4) - borrow; const d1 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 8) - <u64>load<u32>(b, 8) - borrow; const d2 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 12) - <u64>load<u32>(b, 12) - borrow; const d3 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 16) - <u64>load<u32>(b, 16) - borrow; const d4 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 20) - <u64>load<u32>(b, 20) - borrow; const d5 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 24) - <u64>load<u32>(b, 24) - borrow; const d6 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 28) - <u64>load<u32>(b, 28) - borrow; const d7 = x & 0xffffffff; borrow = x >> 63;
  if (borrow == 0) {
    store<u32>(out, <u32>d0, 0);
    store<u32>(out, <u32>d1, 4);
    store<u32>(out, <u32>d2, 8);
    store<u32>(out, <u32>d3, 12);
    store<u32>(out, <u32>d4, 16);
    store<u32>(out, <u32>d5, 20);
    store<u32>(out, <u32>d6, 24);
    store<u32>(out, <u32>d7, 28);
    return;
  }
  let carry: u64 = 0;
  x = d0 + <u64>load<u32>(m, 0) + carry; store<u32>(out, <u32>x, 0); carry = x >> 32;
  x = d1 + <u64>load<u32>(m, 4) + carry; store<u32>(out, <u32>x, 4); carry = x >> 32;
  x = d2 + <u64>load<u32>(m, 8) + carry; store<u32>(out, <u32>x, 8); carry = x >> 32;
  x = d3 + <u64>load<u32>(m, 12) + carry; store<u32>(out, <u32>x, 12); carry = x >> 32;
  x = d4 + <u64>load<u32>(m, 16) + carry; store<u32>(out, <u32>x, 16); carry = x >> 32;
  x = d5 + <u64>load<u32>(m, 20) + carry; store<u32>(out, <u32>x, 20); carry = x >> 32;
  x = d6 + <u64>load<u32>(m, 24) + carry; store<u32>(out, <u32>x, 24); carry = x >> 32;
  x = d7 + <u64>load<u32>(m, 28) + carry; store<u32>(out, <u32>x, 28); carry = x >> 32;
}

/** a + b mod m for 12-limb a, b below m: the sum and the sum minus m are both formed, and the one below m kept. */
export function addMod12(out: usize, a: usize, b: usize, m: usize): void {
  let carry: u64 = 0;
  let borrow: u64 = 0;
  let x: u64;
  x = <u64>load<u32>(a, 0) + <u64>load<u32>(b, 0) + carry; const s0 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 4) + <u64>load<u32>(b, 4) + carry; const s1 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 8) + <u64>load<u32>(b, 8) + carry; const s2 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 12) + <u64>load<u32>(b, 12) + carry; const s3 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 16) + <u64>load<u32>(b, 16) + carry; const s4 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 20) + <u64>load<u32>(b, 20) + carry; const s5 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 24) + <u64>load<u32>(b, 24) + carry; const s6 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 28) + <u64>load<u32>(b, 28) + carry; const s7 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 32) + <u64>load<u32>(b, 32) + carry; const s8 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 36) + <u64>load<u32>(b, 36) + carry; const s9 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 40) + <u64>load<u32>(b, 40) + carry; const s10 = x & 0xffffffff; carry = x >> 32;
  x = <u64>load<u32>(a, 44) + <u64>load<u32>(b, 44) + carry; const s11 = x & 0xffffffff; carry = x >> 32;
  x = s0 - <u64>load<u32>(m, 0) - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = s1 - <u64>load<u32>(m, 4) - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = s2 - <u64>load<u32>(m, 8) - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = s3 - <u64>load<u32>(m, 12) - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = s4 - <u64>load<u32>(m, 16) - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = s5 - <u64>load<u32>(m, 20) - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = s6 - <u64>load<u32>(m, 24) - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = s7 - <u64>load<u32>(m, 28) - borrow; const d7 = <u32>x; borrow = x >> 63;
  x = s8 - <u64>load<u32>(m, 32) - borrow; const d8 = <u32>x; borrow = x >> 63;
  x = s9 - <u64>load<u32>(m, 36) - borrow; const d9 = <u32>x; borrow = x >> 63;
  x = s10 - <u64>load<u32>(m, 40) - borrow; const d10 = <u32>x; borrow = x >> 63;
  x = s11 - <u64>load<u32>(m, 44) - borrow; const d11 = <u32>x; borrow = x >> 63;
  if (carry != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
    store<u32>(out, d8, 32);
    store<u32>(out, d9, 36);
    store<u32>(out, d10, 40);
    store<u32>(out, d11, 44);
  } else {
    store<u32>(out, <u32>s0, 0);
    store<u32>(out, <u32>s1, 4);
    store<u32>(out, <u32>s2, 8);
    store<u32>(out, <u32>s3, 12);
    store<u32>(out, <u32>s4, 16);
    store<u32>(out, <u32>s5, 20);
    store<u32>(out, <u32>s6, 24);
    store<u32>(out, <u32>s7, 28);
    store<u32>(out, <u32>s8, 32);
    store<u32>(out, <u32>s9, 36);
    store<u32>(out, <u32>s10, 40);
    store<u32>(out, <u32>s11, 44);
  }
}

/** a - b mod m for 12-limb a, b below m: m is added back when the difference borrowed. */
export function subMod12(out: usize, a: usize, b: usize, m: usize): void {
  let borrow: u64 = 0;
  let x: u64;
  x = <u64>load<u32>(a, 0) - <u64>load<u32>(b, 0) - borrow; const d0 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 4) - <u64>load<u32>(b, 4) - borrow; const d1 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 8) - <u64>load<u32>(b, 8) - borrow; const d2 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 12) - <u64>load<u32>(b, 12) - borrow; const d3 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 16) - <u64>load<u32>(b, 16) - borrow; const d4 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 20) - <u64>load<u32>(b, 20) - borrow; const d5 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 24) - <u64>load<u32>(b, 24) - borrow; const d6 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 28) - <u64>load<u32>(b, 28) - borrow; const d7 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 32) - <u64>load<u32>(b, 32) - borrow; const d8 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 36) - <u64>load<u32>(b, 36) - borrow; const d9 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 40) - <u64>load<u32>(b, 40) - borrow; const d10 = x & 0xffffffff; borrow = x >> 63;
  x = <u64>load<u32>(a, 44) - <u64>load<u32>(b, 44) - borrow; const d11 = x & 0xffffffff; borrow = x >> 63;
  if (borrow == 0) {
    store<u32>(out, <u32>d0, 0);
    store<u32>(out, <u32>d1, 4);
    store<u32>(out, <u32>d2, 8);
    store<u32>(out, <u32>d3, 12);
    store<u32>(out, <u32>d4, 16);
    store<u32>(out, <u32>d5, 20);
    store<u32>(out, <u32>d6, 24);
    store<u32>(out, <u32>d7, 28);
    store<u32>(out, <u32>d8, 32);
    store<u32>(out, <u32>d9, 36);
    store<u32>(out, <u32>d10, 40);
    store<u32>(out, <u32>d11, 44);
    return;
  }
  let carry: u64 = 0;
  x = d0 + <u64>load<u32>(m, 0) + carry; store<u32>(out, <u32>x, 0); carry = x >> 32;
  x = d1 + <u64>load<u32>(m, 4) + carry; store<u32>(out, <u32>x, 4); carry = x >> 32;
  x = d2 + <u64>load<u32>(m, 8) + carry; store<u32>(out, <u32>x, 8); carry = x >> 32;
  x = d3 + <u64>load<u32>(m, 12) + carry; store<u32>(out, <u32>x, 12); carry = x >> 32;
  x = d4 + <u64>load<u32>(m, 16) + carry; store<u32>(out, <u32>x, 16); carry = x >> 32;
  x = d5 + <u64>load<u32>(m, 20) + carry; store<u32>(out, <u32>x, 20); carry = x >> 32;
  x = d6 + <u64>load<u32>(m, 24) + carry; store<u32>(out, <u32>x, 24); carry = x >> 32;
  x = d7 + <u64>load<u32>(m, 28) + carry; store<u32>(out, <u32>x, 28); carry = x >> 32;
  x = d8 + <u64>load<u32>(m, 32) + carry; store<u32>(out, <u32>x, 32); carry = x >> 32;
  x = d9 + <u64>load<u32>(m, 36) + carry; store<u32>(out, <u32>x, 36); carry = x >> 32;
  x = d10 + <u64>load<u32>(m, 40) + carry; store<u32>(out, <u32>x, 40); carry = x >> 32;
  x = d11 + <u64>load<u32>(m, 44) + carry; store<u32>(out, <u32>x, 44); carry = x >> 32;
}

/**
 * montMul8 for P-256's prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1, whose n0inv is 1: q_i p is added as +q_i at
 * columns i + 3, i + 6 and i + 8 and -q_i at columns i and i + 7, so the reduction takes no multiplications. The
 * column sums are signed (i64, arithmetic shift to the next column); the total is the same nonnegative number.
 */
export function montMulP256(out: usize, a: usize, b: usize): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  const b0 = <u64>load<u32>(b, 0);
  const b1 = <u64>load<u32>(b, 4);
  const b2 = <u64>load<u32>(b, 8);
  const b3 = <u64>load<u32>(b, 12);
  const b4 = <u64>load<u32>(b, 16);
  const b5 = <u64>load<u32>(b, 20);
  const b6 = <u64>load<u32>(b, 24);
  const b7 = <u64>load<u32>(b, 28);
  let lo: i64 = 0;
  let hi: i64 = 0;
  let p: u64;
  // column 0
  p = a0 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  const q0 = lo & 0xffffffff;
  lo -= q0;
  lo = hi + (lo >> 32); hi = 0;
  // column 1
  p = a0 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  const q1 = lo & 0xffffffff;
  lo -= q1;
  lo = hi + (lo >> 32); hi = 0;
  // column 2
  p = a0 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  const q2 = lo & 0xffffffff;
  lo -= q2;
  lo = hi + (lo >> 32); hi = 0;
  // column 3
  p = a0 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q0;
  const q3 = lo & 0xffffffff;
  lo -= q3;
  lo = hi + (lo >> 32); hi = 0;
  // column 4
  p = a0 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q1;
  const q4 = lo & 0xffffffff;
  lo -= q4;
  lo = hi + (lo >> 32); hi = 0;
  // column 5
  p = a0 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q2;
  const q5 = lo & 0xffffffff;
  lo -= q5;
  lo = hi + (lo >> 32); hi = 0;
  // column 6
  p = a0 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q3;
  lo += q0;
  const q6 = lo & 0xffffffff;
  lo -= q6;
  lo = hi + (lo >> 32); hi = 0;
  // column 7
  p = a0 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q4;
  lo += q1;
  lo -= q0;
  const q7 = lo & 0xffffffff;
  lo -= q7;
  lo = hi + (lo >> 32); hi = 0;
  // column 8
  p = a1 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q5;
  lo += q2;
  lo -= q1;
  lo += q0;
  const r0 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 9
  p = a2 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q6;
  lo += q3;
  lo -= q2;
  lo += q1;
  const r1 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 10
  p = a3 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q7;
  lo += q4;
  lo -= q3;
  lo += q2;
  const r2 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 11
  p = a4 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q5;
  lo -= q4;
  lo += q3;
  const r3 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 12
  p = a5 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q6;
  lo -= q5;
  lo += q4;
  const r4 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 13
  p = a6 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q7;
  lo -= q6;
  lo += q5;
  const r5 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 14
  p = a7 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo -= q7;
  lo += q6;
  const r6 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 15
  lo += q7;
  const r7 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // r - p, kept when r >= p (the limb above r is set, or the subtraction does not borrow).
  const top = lo;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - 0xffffffff - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - 0xffffffff - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - 0xffffffff - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - 0x0 - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - 0x0 - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - 0x0 - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - 0x1 - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - 0xffffffff - borrow; const d7 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
  }
}

/** montSquare8 for P-256's prime, as montMulP256. */
export function montSquareP256(out: usize, a: usize): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  let lo: i64 = 0;
  let hi: i64 = 0;
  let p: u64;
  let carry: i64 = 0;
  // column 0
  lo = carry; hi = 0;
  p = a0 * a0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  const q0 = lo & 0xffffffff;
  lo -= q0;
  carry = hi + (lo >> 32);
  // column 1
  lo = 0; hi = 0;
  p = a0 * a1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  const q1 = lo & 0xffffffff;
  lo -= q1;
  carry = hi + (lo >> 32);
  // column 2
  lo = 0; hi = 0;
  p = a0 * a2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a1 * a1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  const q2 = lo & 0xffffffff;
  lo -= q2;
  carry = hi + (lo >> 32);
  // column 3
  lo = 0; hi = 0;
  p = a0 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q0;
  const q3 = lo & 0xffffffff;
  lo -= q3;
  carry = hi + (lo >> 32);
  // column 4
  lo = 0; hi = 0;
  p = a0 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a2 * a2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q1;
  const q4 = lo & 0xffffffff;
  lo -= q4;
  carry = hi + (lo >> 32);
  // column 5
  lo = 0; hi = 0;
  p = a0 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q2;
  const q5 = lo & 0xffffffff;
  lo -= q5;
  carry = hi + (lo >> 32);
  // column 6
  lo = 0; hi = 0;
  p = a0 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a3 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q3;
  lo += q0;
  const q6 = lo & 0xffffffff;
  lo -= q6;
  carry = hi + (lo >> 32);
  // column 7
  lo = 0; hi = 0;
  p = a0 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q4;
  lo += q1;
  lo -= q0;
  const q7 = lo & 0xffffffff;
  lo -= q7;
  carry = hi + (lo >> 32);
  // column 8
  lo = 0; hi = 0;
  p = a1 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a4 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q5;
  lo += q2;
  lo -= q1;
  lo += q0;
  const r0 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 9
  lo = 0; hi = 0;
  p = a2 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q6;
  lo += q3;
  lo -= q2;
  lo += q1;
  const r1 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 10
  lo = 0; hi = 0;
  p = a3 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a5 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q7;
  lo += q4;
  lo -= q3;
  lo += q2;
  const r2 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 11
  lo = 0; hi = 0;
  p = a4 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q5;
  lo -= q4;
  lo += q3;
  const r3 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 12
  lo = 0; hi = 0;
  p = a5 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a6 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q6;
  lo -= q5;
  lo += q4;
  const r4 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 13
  lo = 0; hi = 0;
  p = a6 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q7;
  lo -= q6;
  lo += q5;
  const r5 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 14
  lo = carry; hi = 0;
  p = a7 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo -= q7;
  lo += q6;
  const r6 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 15
  lo = carry; hi = 0;
  lo += q7;
  const r7 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // r - p, kept when r >= p (the limb above r is set, or the subtraction does not borrow).
  const top = carry;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - 0xffffffff - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - 0xffffffff - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - 0xffffffff - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - 0x0 - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - 0x0 - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - 0x0 - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - 0x1 - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - 0xffffffff - borrow; const d7 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
  }
}

/**
 * montMul12 for P-384's prime p = 2^384 - 2^128 - 2^96 + 2^32 - 1, whose n0inv is 1, as montMulP256: q_i p is +q_i
 * at columns i + 1 and i + 12 and -q_i at columns i, i + 3 and i + 4.
 */
export function montMulP384(out: usize, a: usize, b: usize): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  const a8 = <u64>load<u32>(a, 32);
  const a9 = <u64>load<u32>(a, 36);
  const a10 = <u64>load<u32>(a, 40);
  const a11 = <u64>load<u32>(a, 44);
  const b0 = <u64>load<u32>(b, 0);
  const b1 = <u64>load<u32>(b, 4);
  const b2 = <u64>load<u32>(b, 8);
  const b3 = <u64>load<u32>(b, 12);
  const b4 = <u64>load<u32>(b, 16);
  const b5 = <u64>load<u32>(b, 20);
  const b6 = <u64>load<u32>(b, 24);
  const b7 = <u64>load<u32>(b, 28);
  const b8 = <u64>load<u32>(b, 32);
  const b9 = <u64>load<u32>(b, 36);
  const b10 = <u64>load<u32>(b, 40);
  const b11 = <u64>load<u32>(b, 44);
  let lo: i64 = 0;
  let hi: i64 = 0;
  let p: u64;
  // column 0
  p = a0 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  const q0 = lo & 0xffffffff;
  lo -= q0;
  lo = hi + (lo >> 32); hi = 0;
  // column 1
  p = a0 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q0;
  const q1 = lo & 0xffffffff;
  lo -= q1;
  lo = hi + (lo >> 32); hi = 0;
  // column 2
  p = a0 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q1;
  const q2 = lo & 0xffffffff;
  lo -= q2;
  lo = hi + (lo >> 32); hi = 0;
  // column 3
  p = a0 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q2;
  lo -= q0;
  const q3 = lo & 0xffffffff;
  lo -= q3;
  lo = hi + (lo >> 32); hi = 0;
  // column 4
  p = a0 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q3;
  lo -= q1;
  lo -= q0;
  const q4 = lo & 0xffffffff;
  lo -= q4;
  lo = hi + (lo >> 32); hi = 0;
  // column 5
  p = a0 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q4;
  lo -= q2;
  lo -= q1;
  const q5 = lo & 0xffffffff;
  lo -= q5;
  lo = hi + (lo >> 32); hi = 0;
  // column 6
  p = a0 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q5;
  lo -= q3;
  lo -= q2;
  const q6 = lo & 0xffffffff;
  lo -= q6;
  lo = hi + (lo >> 32); hi = 0;
  // column 7
  p = a0 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q6;
  lo -= q4;
  lo -= q3;
  const q7 = lo & 0xffffffff;
  lo -= q7;
  lo = hi + (lo >> 32); hi = 0;
  // column 8
  p = a0 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q7;
  lo -= q5;
  lo -= q4;
  const q8 = lo & 0xffffffff;
  lo -= q8;
  lo = hi + (lo >> 32); hi = 0;
  // column 9
  p = a0 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q8;
  lo -= q6;
  lo -= q5;
  const q9 = lo & 0xffffffff;
  lo -= q9;
  lo = hi + (lo >> 32); hi = 0;
  // column 10
  p = a0 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q9;
  lo -= q7;
  lo -= q6;
  const q10 = lo & 0xffffffff;
  lo -= q10;
  lo = hi + (lo >> 32); hi = 0;
  // column 11
  p = a0 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q10;
  lo -= q8;
  lo -= q7;
  const q11 = lo & 0xffffffff;
  lo -= q11;
  lo = hi + (lo >> 32); hi = 0;
  // column 12
  p = a1 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q11;
  lo -= q9;
  lo -= q8;
  lo += q0;
  const r0 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 13
  p = a2 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo -= q10;
  lo -= q9;
  lo += q1;
  const r1 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 14
  p = a3 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo -= q11;
  lo -= q10;
  lo += q2;
  const r2 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 15
  p = a4 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo -= q11;
  lo += q3;
  const r3 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 16
  p = a5 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q4;
  const r4 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 17
  p = a6 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q5;
  const r5 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 18
  p = a7 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q6;
  const r6 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 19
  p = a8 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q7;
  const r7 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 20
  p = a9 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a10 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q8;
  const r8 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 21
  p = a10 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a11 * b10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q9;
  const r9 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 22
  p = a11 * b11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q10;
  const r10 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // column 23
  lo += q11;
  const r11 = <u64>(lo & 0xffffffff);
  lo = hi + (lo >> 32); hi = 0;
  // r - p, kept when r >= p (the limb above r is set, or the subtraction does not borrow).
  const top = lo;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - 0xffffffff - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - 0x0 - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - 0x0 - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - 0xffffffff - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - 0xfffffffe - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - 0xffffffff - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - 0xffffffff - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - 0xffffffff - borrow; const d7 = <u32>x; borrow = x >> 63;
  x = r8 - 0xffffffff - borrow; const d8 = <u32>x; borrow = x >> 63;
  x = r9 - 0xffffffff - borrow; const d9 = <u32>x; borrow = x >> 63;
  x = r10 - 0xffffffff - borrow; const d10 = <u32>x; borrow = x >> 63;
  x = r11 - 0xffffffff - borrow; const d11 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
    store<u32>(out, d8, 32);
    store<u32>(out, d9, 36);
    store<u32>(out, d10, 40);
    store<u32>(out, d11, 44);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
    store<u32>(out, <u32>r8, 32);
    store<u32>(out, <u32>r9, 36);
    store<u32>(out, <u32>r10, 40);
    store<u32>(out, <u32>r11, 44);
  }
}

/** montSquare12 for P-384's prime, as montMulP384. */
export function montSquareP384(out: usize, a: usize): void {
  const a0 = <u64>load<u32>(a, 0);
  const a1 = <u64>load<u32>(a, 4);
  const a2 = <u64>load<u32>(a, 8);
  const a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16);
  const a5 = <u64>load<u32>(a, 20);
  const a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  const a8 = <u64>load<u32>(a, 32);
  const a9 = <u64>load<u32>(a, 36);
  const a10 = <u64>load<u32>(a, 40);
  const a11 = <u64>load<u32>(a, 44);
  let lo: i64 = 0;
  let hi: i64 = 0;
  let p: u64;
  let carry: i64 = 0;
  // column 0
  lo = carry; hi = 0;
  p = a0 * a0; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  const q0 = lo & 0xffffffff;
  lo -= q0;
  carry = hi + (lo >> 32);
  // column 1
  lo = 0; hi = 0;
  p = a0 * a1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q0;
  const q1 = lo & 0xffffffff;
  lo -= q1;
  carry = hi + (lo >> 32);
  // column 2
  lo = 0; hi = 0;
  p = a0 * a2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a1 * a1; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q1;
  const q2 = lo & 0xffffffff;
  lo -= q2;
  carry = hi + (lo >> 32);
  // column 3
  lo = 0; hi = 0;
  p = a0 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q2;
  lo -= q0;
  const q3 = lo & 0xffffffff;
  lo -= q3;
  carry = hi + (lo >> 32);
  // column 4
  lo = 0; hi = 0;
  p = a0 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a2 * a2; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q3;
  lo -= q1;
  lo -= q0;
  const q4 = lo & 0xffffffff;
  lo -= q4;
  carry = hi + (lo >> 32);
  // column 5
  lo = 0; hi = 0;
  p = a0 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q4;
  lo -= q2;
  lo -= q1;
  const q5 = lo & 0xffffffff;
  lo -= q5;
  carry = hi + (lo >> 32);
  // column 6
  lo = 0; hi = 0;
  p = a0 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a3 * a3; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q5;
  lo -= q3;
  lo -= q2;
  const q6 = lo & 0xffffffff;
  lo -= q6;
  carry = hi + (lo >> 32);
  // column 7
  lo = 0; hi = 0;
  p = a0 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q6;
  lo -= q4;
  lo -= q3;
  const q7 = lo & 0xffffffff;
  lo -= q7;
  carry = hi + (lo >> 32);
  // column 8
  lo = 0; hi = 0;
  p = a0 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a4 * a4; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q7;
  lo -= q5;
  lo -= q4;
  const q8 = lo & 0xffffffff;
  lo -= q8;
  carry = hi + (lo >> 32);
  // column 9
  lo = 0; hi = 0;
  p = a0 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q8;
  lo -= q6;
  lo -= q5;
  const q9 = lo & 0xffffffff;
  lo -= q9;
  carry = hi + (lo >> 32);
  // column 10
  lo = 0; hi = 0;
  p = a0 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a5 * a5; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q9;
  lo -= q7;
  lo -= q6;
  const q10 = lo & 0xffffffff;
  lo -= q10;
  carry = hi + (lo >> 32);
  // column 11
  lo = 0; hi = 0;
  p = a0 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a1 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q10;
  lo -= q8;
  lo -= q7;
  const q11 = lo & 0xffffffff;
  lo -= q11;
  carry = hi + (lo >> 32);
  // column 12
  lo = 0; hi = 0;
  p = a1 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a2 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a6 * a6; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q11;
  lo -= q9;
  lo -= q8;
  lo += q0;
  const r0 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 13
  lo = 0; hi = 0;
  p = a2 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a3 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo -= q10;
  lo -= q9;
  lo += q1;
  const r1 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 14
  lo = 0; hi = 0;
  p = a3 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a4 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a7 * a7; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo -= q11;
  lo -= q10;
  lo += q2;
  const r2 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 15
  lo = 0; hi = 0;
  p = a4 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a5 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo -= q11;
  lo += q3;
  const r3 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 16
  lo = 0; hi = 0;
  p = a5 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a6 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a8 * a8; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q4;
  const r4 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 17
  lo = 0; hi = 0;
  p = a6 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a7 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q5;
  const r5 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 18
  lo = 0; hi = 0;
  p = a7 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a8 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a9 * a9; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q6;
  const r6 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 19
  lo = 0; hi = 0;
  p = a8 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  p = a9 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q7;
  const r7 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 20
  lo = 0; hi = 0;
  p = a9 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  p = a10 * a10; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q8;
  const r8 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 21
  lo = 0; hi = 0;
  p = a10 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo = (lo << 1) + carry; hi <<= 1;
  lo += q9;
  const r9 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 22
  lo = carry; hi = 0;
  p = a11 * a11; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);
  lo += q10;
  const r10 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // column 23
  lo = carry; hi = 0;
  lo += q11;
  const r11 = <u64>(lo & 0xffffffff);
  carry = hi + (lo >> 32);
  // r - p, kept when r >= p (the limb above r is set, or the subtraction does not borrow).
  const top = carry;
  let borrow: u64 = 0;
  let x: u64;
  x = r0 - 0xffffffff - borrow; const d0 = <u32>x; borrow = x >> 63;
  x = r1 - 0x0 - borrow; const d1 = <u32>x; borrow = x >> 63;
  x = r2 - 0x0 - borrow; const d2 = <u32>x; borrow = x >> 63;
  x = r3 - 0xffffffff - borrow; const d3 = <u32>x; borrow = x >> 63;
  x = r4 - 0xfffffffe - borrow; const d4 = <u32>x; borrow = x >> 63;
  x = r5 - 0xffffffff - borrow; const d5 = <u32>x; borrow = x >> 63;
  x = r6 - 0xffffffff - borrow; const d6 = <u32>x; borrow = x >> 63;
  x = r7 - 0xffffffff - borrow; const d7 = <u32>x; borrow = x >> 63;
  x = r8 - 0xffffffff - borrow; const d8 = <u32>x; borrow = x >> 63;
  x = r9 - 0xffffffff - borrow; const d9 = <u32>x; borrow = x >> 63;
  x = r10 - 0xffffffff - borrow; const d10 = <u32>x; borrow = x >> 63;
  x = r11 - 0xffffffff - borrow; const d11 = <u32>x; borrow = x >> 63;
  if (top != 0 || borrow == 0) {
    store<u32>(out, d0, 0);
    store<u32>(out, d1, 4);
    store<u32>(out, d2, 8);
    store<u32>(out, d3, 12);
    store<u32>(out, d4, 16);
    store<u32>(out, d5, 20);
    store<u32>(out, d6, 24);
    store<u32>(out, d7, 28);
    store<u32>(out, d8, 32);
    store<u32>(out, d9, 36);
    store<u32>(out, d10, 40);
    store<u32>(out, d11, 44);
  } else {
    store<u32>(out, <u32>r0, 0);
    store<u32>(out, <u32>r1, 4);
    store<u32>(out, <u32>r2, 8);
    store<u32>(out, <u32>r3, 12);
    store<u32>(out, <u32>r4, 16);
    store<u32>(out, <u32>r5, 20);
    store<u32>(out, <u32>r6, 24);
    store<u32>(out, <u32>r7, 28);
    store<u32>(out, <u32>r8, 32);
    store<u32>(out, <u32>r9, 36);
    store<u32>(out, <u32>r10, 40);
    store<u32>(out, <u32>r11, 44);
  }
}
