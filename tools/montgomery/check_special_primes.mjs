// Runs the P-256/P-384 signed-addition reductions (special_primes.mjs) against BigInt: (a b / R) mod p.
import { run, P256, P384 } from "./special_primes.mjs";
import { randomBytes } from "node:crypto";
function egcd(a, b) { if (b === 0n) return [a, 1n, 0n]; const [g, x, y] = egcd(b, a % b); return [g, y, x - (a / b) * y]; }
for (const [curve, mh] of [[P256, "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"], [P384, "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"]]) {
const m = BigInt("0x" + mh), R = 1n << BigInt(32 * curve.n);
let lim = 0n; for (let i = curve.n - 1; i >= 0; i--) lim = (lim << 32n) | BigInt(curve.limbs[i]); if (lim !== m) console.log("limbs wrong", curve.name);
const Rinv = ((egcd(R % m, m)[1] % m) + m) % m;
let bad = 0;
const tests = [[m - 1n, m - 1n], [0n, 0n], [1n, m - 1n], [m - 1n, 1n], [1n, 1n]];
for (let t = 0; t < 3000; t++) tests.push([BigInt("0x" + randomBytes(4 * curve.n).toString("hex")) % m, BigInt("0x" + randomBytes(4 * curve.n).toString("hex")) % m]);
for (let i = 0; i < 200; i++) { const x = m - BigInt(i + 1); tests.push([x, m - 1n - BigInt(i*7)]); }
for (const sq of [false, true]) for (let [a, b] of tests) {
  if (sq) b = a;
  let r = run(sq, a, b, curve);
  if (r < 0n || r >= 2n * m) { bad++; console.log("range", sq, r); continue; }
  if (r >= m) r -= m;
  if (r !== (a * b * Rinv) % m) bad++;
}
console.log(curve.name, "bad", bad);
}
