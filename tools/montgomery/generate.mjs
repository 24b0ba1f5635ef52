// Emits common/crypto/montgomery_unrolled.ts (argument: the output path) and exports the operation lists, so
// check.mjs can run them against BigInt.
import { writeFileSync } from "node:fs";
import { finalSubtraction } from "./final_subtraction.mjs";
import { emit as emitSpecial, P256, P384 } from "./special_primes.mjs";

function mulOps(n) {
  const ops = [];
  for (let k = 0; k < 2 * n; k++) {
    ops.push({ c: `column ${k}` });
    for (let i = Math.max(0, k - n + 1); i <= Math.min(k, n - 1); i++) ops.push({ p: [`a${i}`, `b${k - i}`] });
    reduce(ops, n, k);
  }
  return ops;
}
function sqrOps(n) {
  const ops = [];
  for (let k = 0; k < 2 * n; k++) {
    ops.push({ c: `column ${k}` });
    const pairs = [];
    for (let i = Math.max(0, k - n + 1); i <= Math.min(k, n - 1); i++) if (i < k - i) pairs.push([`a${i}`, `a${k - i}`]);
    if (pairs.length) {
      ops.push({ zero: true });
      for (const p of pairs) ops.push({ p });
      ops.push({ dbl: true });
    } else ops.push({ fromCarry: true });
    if (k % 2 == 0 && k / 2 < n) ops.push({ p: [`a${k / 2}`, `a${k / 2}`] });
    reduce(ops, n, k);
  }
  return ops;
}
function reduce(ops, n, k) {
  for (let i = Math.max(0, k - n + 1); i <= Math.min(k - 1, n - 1); i++) ops.push({ p: [`q${i}`, `m${k - i}`] });
  if (k < n) {
    ops.push({ q: k });
    ops.push({ p: [`q${k}`, `m0`] });
  } else ops.push({ store: k - n });
  ops.push({ shift: true });
}

function emit(name, n, ops, square, doc, mconst) {
  const lines = [];
  lines.push(`/** ${doc} */`);
  const tail = mconst ? `` : `, m: usize, n0inv: u32`;
  lines.push(square ? `export function ${name}(out: usize, a: usize${tail}): void {` : `export function ${name}(out: usize, a: usize, b: usize${tail}): void {`);
  for (let i = 0; i < n; i++) lines.push(`  const a${i} = <u64>load<u32>(a, ${4 * i});`);
  if (!square) for (let i = 0; i < n; i++) lines.push(`  const b${i} = <u64>load<u32>(b, ${4 * i});`);
  if (!mconst) for (let i = 0; i < n; i++) lines.push(`  const m${i} = <u64>load<u32>(m, ${4 * i});`);
  lines.push(`  let lo: u64 = 0;`, `  let hi: u64 = 0;`, `  let p: u64;`);
  if (square) lines.push(`  let carry: u64 = 0;`);
  for (const op of ops) {
    if (op.c) { lines.push(`  // ${op.c}`); continue; }
    if (op.p && mconst && op.p[1][0] == "m") {
      const limb = mconst[+op.p[1].slice(1)];
      if (limb == 0) continue;
      if (limb == 1) lines.push(`  lo += ${op.p[0]};`);
      else lines.push(`  p = ${op.p[0]} * 0x${limb.toString(16)}; lo += p & 0xffffffff; hi += p >> 32;`);
    } else if (op.p) lines.push(`  p = ${op.p[0]} * ${op.p[1]}; lo += p & 0xffffffff; hi += p >> 32;`);
    else if (op.zero) lines.push(`  lo = 0; hi = 0;`);
    else if (op.dbl) lines.push(`  lo = (lo << 1) + carry; hi <<= 1;`);
    else if (op.fromCarry) lines.push(`  lo = carry; hi = 0;`);
    else if (op.q !== undefined) lines.push(mconst ? `  const q${op.q} = lo & 0xffffffff;` : `  const q${op.q} = <u64>(<u32>lo * n0inv);`);
    else if (op.store !== undefined) lines.push(`  const r${op.store} = lo & 0xffffffff;`);
    else if (op.shift) lines.push(square ? `  carry = hi + (lo >> 32);` : `  lo = hi + (lo >> 32); hi = 0;`);
  }
  finalSubtraction(lines, n, square, "m", (i) => (mconst ? `0x${mconst[i].toString(16)}` : `m${i}`));
  return lines.join("\n");
}

// BigInt interpreter of the same op list, to check it against (a b / R) mod m before any wasm is built.
export function run(n, ops, square, a, b, m, n0inv) {
  const M64 = (1n << 64n) - 1n, M32 = (1n << 32n) - 1n;
  const v = {};
  for (let i = 0; i < n; i++) { v[`a${i}`] = (a >> BigInt(32 * i)) & M32; v[`b${i}`] = (b >> BigInt(32 * i)) & M32; v[`m${i}`] = (m >> BigInt(32 * i)) & M32; }
  let lo = 0n, hi = 0n, carry = 0n, out = 0n;
  for (const op of ops) {
    if (op.c) continue;
    if (op.p) { const p = v[op.p[0]] * v[op.p[1]]; lo = (lo + (p & M32)) & M64; hi = (hi + (p >> 32n)) & M64; }
    else if (op.zero) { lo = 0n; hi = 0n; }
    else if (op.dbl) { lo = ((lo << 1n) + carry) & M64; hi = (hi << 1n) & M64; }
    else if (op.fromCarry) { lo = carry; hi = 0n; }
    else if (op.q !== undefined) v[`q${op.q}`] = ((lo & M32) * BigInt(n0inv)) & M32;
    else if (op.store !== undefined) out |= (lo & M32) << BigInt(32 * op.store);
    else if (op.shift) { if (square) carry = (hi + (lo >> 32n)) & M64; else { lo = (hi + (lo >> 32n)) & M64; hi = 0n; } }
  }
  return out + ((square ? carry : lo) << BigInt(32 * n));
}

export const variants = [8, 12].flatMap((n) => [
  { name: `montMul${n}`, n, ops: mulOps(n), square: false },
  { name: `montSquare${n}`, n, ops: sqrOps(n), square: true },
]);

if (process.argv[2]) {
  const header = `// Montgomery multiplication and squaring, and modular addition and subtraction, fully unrolled for 8 and 12 limbs:
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
// \`node tools/montgomery/generate.mjs common/crypto/montgomery_unrolled.ts\`; tools/montgomery/check*.mjs
// check the same operation lists against BigInt.
`;
  const body = variants.map((v) => emit(v.name, v.n, v.ops, v.square,
    v.square ? `out = a^2 / R mod m for ${v.n}-limb operands below m.` : `out = a b / R mod m for ${v.n}-limb operands below m.`)).join("\n\n");
  const p256 = [emitSpecial(false, P256), emitSpecial(true, P256), emitSpecial(false, P384), emitSpecial(true, P384)].join("\n\n");
  const addSub = [8, 12].map(emitAddSub).join("\n\n") + "\n\n" + p256;
  writeFileSync(process.argv[2], header + "\n" + body + "\n\n" + addSub + "\n");
}

export function emitAddSub(n) {
  const L = [];
  L.push(`/** a + b mod m for ${n}-limb a, b below m: the sum and the sum minus m are both formed, and the one below m kept. */`);
  L.push(`export function addMod${n}(out: usize, a: usize, b: usize, m: usize): void {`);
  L.push(`  let carry: u64 = 0;`, `  let borrow: u64 = 0;`, `  let x: u64;`);
  for (let i = 0; i < n; i++) L.push(`  x = <u64>load<u32>(a, ${4 * i}) + <u64>load<u32>(b, ${4 * i}) + carry; const s${i} = x & 0xffffffff; carry = x >> 32;`);
  for (let i = 0; i < n; i++) L.push(`  x = s${i} - <u64>load<u32>(m, ${4 * i}) - borrow; const d${i} = <u32>x; borrow = x >> 63;`);
  L.push(`  if (carry != 0 || borrow == 0) {`);
  for (let i = 0; i < n; i++) L.push(`    store<u32>(out, d${i}, ${4 * i});`);
  L.push(`  } else {`);
  for (let i = 0; i < n; i++) L.push(`    store<u32>(out, <u32>s${i}, ${4 * i});`);
  L.push(`  }`, `}`, ``);
  L.push(`/** a - b mod m for ${n}-limb a, b below m: m is added back when the difference borrowed. */`);
  L.push(`export function subMod${n}(out: usize, a: usize, b: usize, m: usize): void {`);
  L.push(`  let borrow: u64 = 0;`, `  let x: u64;`);
  for (let i = 0; i < n; i++) L.push(`  x = <u64>load<u32>(a, ${4 * i}) - <u64>load<u32>(b, ${4 * i}) - borrow; const d${i} = x & 0xffffffff; borrow = x >> 63;`);
  L.push(`  if (borrow == 0) {`);
  for (let i = 0; i < n; i++) L.push(`    store<u32>(out, <u32>d${i}, ${4 * i});`);
  L.push(`    return;`, `  }`, `  let carry: u64 = 0;`);
  for (let i = 0; i < n; i++) L.push(`  x = d${i} + <u64>load<u32>(m, ${4 * i}) + carry; store<u32>(out, <u32>x, ${4 * i}); carry = x >> 32;`);
  L.push(`}`);
  return L.join("\n");
}
