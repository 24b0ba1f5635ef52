// P-256 field Montgomery multiplication with the reduction as signed additions: q p = q (2^256 - 2^224 + 2^192 + 2^96 - 1),
// so q_i adds to columns i + 3, i + 6, i + 8 and subtracts from columns i and i + 7. Signed i64 column sums.
import { finalSubtraction } from "./final_subtraction.mjs";
export const P256 = { n: 8, name: "P256", terms: [[3, 1], [6, 1], [7, -1], [8, 1]], limbs: [0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 0, 1, 0xffffffff] };
export const P384 = { n: 12, name: "P384", terms: [[1, 1], [3, -1], [4, -1], [12, 1]], limbs: [0xffffffff, 0, 0, 0xffffffff, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff] };
function reduce(ops, n, k, terms) {
  for (const [off, sign] of terms) { const i = k - off; if (i >= 0 && i < n) ops.push({ qterm: i, sign }); }
  if (k < n) { ops.push({ newq: k }); ops.push({ qterm: k, sign: -1 }); } else ops.push({ store: k - n });
  ops.push({ shift: true });
}
export function ops(square, curve) {
  const n = curve.n, out = [];
  for (let k = 0; k < 2 * n; k++) {
    out.push({ c: `column ${k}` });
    if (!square) {
      for (let i = Math.max(0, k - n + 1); i <= Math.min(k, n - 1); i++) out.push({ p: [`a${i}`, `b${k - i}`] });
    } else {
      const pairs = [];
      for (let i = Math.max(0, k - n + 1); i <= Math.min(k, n - 1); i++) if (i < k - i) pairs.push([`a${i}`, `a${k - i}`]);
      if (pairs.length) { out.push({ zero: true }); for (const p of pairs) out.push({ p }); out.push({ dbl: true }); } else out.push({ fromCarry: true });
      if (k % 2 == 0 && k / 2 < n) out.push({ p: [`a${k / 2}`, `a${k / 2}`] });
    }
    reduce(out, n, k, curve.terms);
  }
  return out;
}
export function emit(square, curve) {
  const n = curve.n, L = [], P = curve.limbs;
  const name = square ? `montSquare${curve.name}` : `montMul${curve.name}`;
  if (curve.name == "P384") L.push(square ? `/** montSquare12 for P-384's prime, as montMulP384. */` : `/**
 * montMul12 for P-384's prime p = 2^384 - 2^128 - 2^96 + 2^32 - 1, whose n0inv is 1, as montMulP256: q_i p is +q_i
 * at columns i + 1 and i + 12 and -q_i at columns i, i + 3 and i + 4.
 */`);
  else L.push(square ? `/** montSquare8 for P-256's prime, as montMulP256. */` : `/**
 * montMul8 for P-256's prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1, whose n0inv is 1: q_i p is added as +q_i at
 * columns i + 3, i + 6 and i + 8 and -q_i at columns i and i + 7, so the reduction takes no multiplications. The
 * column sums are signed (i64, arithmetic shift to the next column); the total is the same nonnegative number.
 */`);
  L.push(square ? `export function ${name}(out: usize, a: usize): void {` : `export function ${name}(out: usize, a: usize, b: usize): void {`);
  for (let i = 0; i < n; i++) L.push(`  const a${i} = <u64>load<u32>(a, ${4 * i});`);
  if (!square) for (let i = 0; i < n; i++) L.push(`  const b${i} = <u64>load<u32>(b, ${4 * i});`);
  L.push(`  let lo: i64 = 0;`, `  let hi: i64 = 0;`, `  let p: u64;`);
  if (square) L.push(`  let carry: i64 = 0;`);
  for (const op of ops(square, curve)) {
    if (op.c) L.push(`  // ${op.c}`);
    else if (op.p) L.push(`  p = ${op.p[0]} * ${op.p[1]}; lo += <i64>(p & 0xffffffff); hi += <i64>(p >> 32);`);
    else if (op.zero) L.push(`  lo = 0; hi = 0;`);
    else if (op.dbl) L.push(`  lo = (lo << 1) + carry; hi <<= 1;`);
    else if (op.fromCarry) L.push(`  lo = carry; hi = 0;`);
    else if (op.newq !== undefined) L.push(`  const q${op.newq} = lo & 0xffffffff;`);
    else if (op.qterm !== undefined) L.push(op.sign > 0 ? `  lo += q${op.qterm};` : `  lo -= q${op.qterm};`);
    else if (op.store !== undefined) L.push(`  const r${op.store} = <u64>(lo & 0xffffffff);`);
    else if (op.shift) L.push(square ? `  carry = hi + (lo >> 32);` : `  lo = hi + (lo >> 32); hi = 0;`);
  }
  finalSubtraction(L, n, square, "p", (i) => `0x${P[i].toString(16)}`);
  return L.join("\n");
}
export function run(square, a, b, curve) {
  const n = curve.n;
  const S = (v) => BigInt.asIntN(64, v), M32 = (1n << 32n) - 1n, v = {};
  for (let i = 0; i < n; i++) { v[`a${i}`] = (a >> BigInt(32 * i)) & M32; v[`b${i}`] = (b >> BigInt(32 * i)) & M32; }
  let lo = 0n, hi = 0n, carry = 0n, r = 0n;
  for (const op of ops(square, curve)) {
    if (op.c) continue;
    if (op.p) { const p = v[op.p[0]] * v[op.p[1]]; lo = S(lo + (p & M32)); hi = S(hi + (p >> 32n)); }
    else if (op.zero) { lo = 0n; hi = 0n; }
    else if (op.dbl) { lo = S((lo << 1n) + carry); hi = S(hi << 1n); }
    else if (op.fromCarry) { lo = carry; hi = 0n; }
    else if (op.newq !== undefined) v[`q${op.newq}`] = lo & M32;
    else if (op.qterm !== undefined) lo = S(lo + BigInt(op.sign) * v[`q${op.qterm}`]);
    else if (op.store !== undefined) r |= (lo & M32) << BigInt(32 * op.store);
    else if (op.shift) { if (square) carry = S(hi + (lo >> 32n)); else { lo = S(hi + (lo >> 32n)); hi = 0n; } }
  }
  return r + ((square ? carry : lo) << BigInt(32 * n));
}
