// Runs the generated Montgomery operation lists (generate.mjs) on random and edge-case inputs against BigInt: (a b / R) mod m.
import { variants, run } from "./generate.mjs";
import { randomBytes } from "node:crypto";
const mods = {
  8: ["ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"],
  12: ["fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff", "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"],
};
let bad = 0;
for (const v of variants) for (const mh of mods[v.n]) {
  const m = BigInt("0x" + mh);
  const R = 1n << BigInt(32 * v.n);
  let inv = 1n; for (let i = 0; i < 6; i++) inv = (inv * (2n - m * inv)) % (1n << 32n);
  const n0inv = Number(((1n << 32n) - ((inv % (1n<<32n)) + (1n<<32n)) % (1n<<32n)) % (1n << 32n));
  const Rinv = modInv(R % m, m);
  const tests = [[m - 1n, m - 1n], [0n, 0n], [1n, m - 1n]];
  for (let t = 0; t < 300; t++) tests.push([BigInt("0x" + randomBytes(4 * v.n).toString("hex")) % m, BigInt("0x" + randomBytes(4 * v.n).toString("hex")) % m]);
  for (let [a, b] of tests) {
    if (v.square) b = a;
    let r = run(v.n, v.ops, v.square, a, b, m, n0inv);
    if (r >= 2n * m) { bad++; console.log("too big", v.name); }
    if (r >= m) r -= m;
    if (r !== (a * b * Rinv) % m) { bad++; if (bad < 5) console.log("wrong", v.name, mh.slice(0, 8)); }
  }
}
console.log("bad", bad);
function modInv(a, m) { let [g, x] = egcd(a, m); return ((x % m) + m) % m; }
function egcd(a, b) { if (b === 0n) return [a, 1n, 0n]; const [g, x, y] = egcd(b, a % b); return [g, y, x - (a / b) * y]; }
