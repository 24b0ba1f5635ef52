// The NIST prime curves P-256 and P-384 (y^2 = x^3 - 3x + b over GF(p)) and their point arithmetic, for ECDSA
// verification.
//
// Points are in Jacobian coordinates (x = X/Z^2, y = Y/Z^3) with every coordinate in Montgomery form, so adding and
// doubling need no field inversion; Z = 0 is the point at infinity. Nothing here is constant time: verification
// handles only public values.
import { MontgomeryModulus, compare, copyLimbs, isZero, limbsFromBytes, newLimbs } from "./bignum";
import { fromHex } from "../../assembly/wire/hex";

export enum Curve {
  P256,
  P384,
}

export class JacobianPoint {
  constructor(
    readonly x: StaticArray<u32>,
    readonly y: StaticArray<u32>,
    readonly z: StaticArray<u32>,
  ) {}

  static zero(limbs: i32): JacobianPoint {
    return new JacobianPoint(newLimbs(limbs), newLimbs(limbs), newLimbs(limbs));
  }

  isInfinity(): bool {
    return isZero(this.z);
  }

  copyFrom(other: JacobianPoint): void {
    copyLimbs(this.x, other.x);
    copyLimbs(this.y, other.y);
    copyLimbs(this.z, other.z);
  }
}

function hexLimbs(hex: string, limbs: i32): StaticArray<u32> {
  return limbsFromBytes(fromHex(hex)!, limbs)!;
}

export class CurveParameters {
  /** Bytes of one coordinate, of one scalar, and of r and s in a JWS signature. */
  readonly byteLength: i32;
  readonly limbs: i32;
  /** Arithmetic modulo the field prime p. */
  readonly field: MontgomeryModulus;
  /** Arithmetic modulo the group order n. */
  readonly order: MontgomeryModulus;
  /** The curve's b, in Montgomery form. */
  readonly b: StaticArray<u32>;
  /** The generator, affine (Z = 1), in Montgomery form. */
  readonly generator: JacobianPoint;
  // Temporaries for the point formulas, so a verification allocates only its few points.
  private readonly t: StaticArray<StaticArray<u32>>;
  private generatorMultiples: StaticArray<JacobianPoint> | null = null;

  constructor(readonly curve: Curve, byteLength: i32, p: string, n: string, b: string, gx: string, gy: string) {
    const limbs = byteLength >> 2;
    this.byteLength = byteLength;
    this.limbs = limbs;
    const field = MontgomeryModulus.create(hexLimbs(p, limbs))!;
    this.field = field;
    this.order = MontgomeryModulus.create(hexLimbs(n, limbs))!;
    const bMontgomery = newLimbs(limbs);
    field.toMontgomery(bMontgomery, hexLimbs(b, limbs));
    this.b = bMontgomery;
    const generator = JacobianPoint.zero(limbs);
    field.toMontgomery(generator.x, hexLimbs(gx, limbs));
    field.toMontgomery(generator.y, hexLimbs(gy, limbs));
    copyLimbs(generator.z, field.one);
    this.generator = generator;
    const t = new StaticArray<StaticArray<u32>>(12);
    for (let i = 0; i < 12; i++) t[i] = newLimbs(limbs);
    this.t = t;
  }

  /** Whether affine (x, y), in Montgomery form, satisfies y^2 = x^3 - 3x + b. */
  isOnCurve(x: StaticArray<u32>, y: StaticArray<u32>): bool {
    const f = this.field;
    const lhs = unchecked(this.t[0]);
    const rhs = unchecked(this.t[1]);
    const t = unchecked(this.t[2]);
    f.montSquare(lhs, y);
    f.montSquare(rhs, x);
    f.montMul(rhs, rhs, x);
    f.addMod(t, x, x);
    f.addMod(t, t, x);
    f.subMod(rhs, rhs, t);
    f.addMod(rhs, rhs, this.b);
    return compare(lhs, rhs) == 0;
  }

  /** out = 2p (dbl-2001-b, which uses a = -3). `out` may be `p`. */
  double(out: JacobianPoint, p: JacobianPoint): void {
    const f = this.field;
    const delta = unchecked(this.t[0]);
    const gamma = unchecked(this.t[1]);
    const beta = unchecked(this.t[2]);
    const alpha = unchecked(this.t[3]);
    const u = unchecked(this.t[4]);
    const v = unchecked(this.t[5]);
    f.montSquare(delta, p.z);
    f.montSquare(gamma, p.y);
    f.montMul(beta, p.x, gamma);
    // alpha = 3 (x - delta)(x + delta)
    f.subMod(u, p.x, delta);
    f.addMod(v, p.x, delta);
    f.montMul(alpha, u, v);
    f.addMod(u, alpha, alpha);
    f.addMod(alpha, u, alpha);
    // Z3 = (Y + Z)^2 - gamma - delta, before Y and Z are overwritten.
    f.addMod(u, p.y, p.z);
    f.montSquare(u, u);
    f.subMod(u, u, gamma);
    f.subMod(out.z, u, delta);
    // X3 = alpha^2 - 8 beta
    f.addMod(beta, beta, beta);
    f.addMod(beta, beta, beta);
    f.montSquare(u, alpha);
    f.subMod(u, u, beta);
    f.subMod(out.x, u, beta);
    // Y3 = alpha (4 beta - X3) - 8 gamma^2
    f.subMod(beta, beta, out.x);
    f.montMul(v, alpha, beta);
    f.montSquare(gamma, gamma);
    f.addMod(gamma, gamma, gamma);
    f.addMod(gamma, gamma, gamma);
    f.addMod(gamma, gamma, gamma);
    f.subMod(out.y, v, gamma);
  }

  /** out = p + q (add-2007-bl), including the cases where either is infinity or p = q. `out` may be `p` or `q`. */
  add(out: JacobianPoint, p: JacobianPoint, q: JacobianPoint): void {
    if (p.isInfinity()) {
      out.copyFrom(q);
      return;
    }
    if (q.isInfinity()) {
      out.copyFrom(p);
      return;
    }
    const f = this.field;
    const z1z1 = unchecked(this.t[6]);
    const z2z2 = unchecked(this.t[7]);
    const u1 = unchecked(this.t[8]);
    const u2 = unchecked(this.t[9]);
    const s1 = unchecked(this.t[10]);
    const s2 = unchecked(this.t[11]);
    f.montSquare(z1z1, p.z);
    f.montSquare(z2z2, q.z);
    f.montMul(u1, p.x, z2z2);
    f.montMul(u2, q.x, z1z1);
    f.montMul(s1, p.y, q.z);
    f.montMul(s1, s1, z2z2);
    f.montMul(s2, q.y, p.z);
    f.montMul(s2, s2, z1z1);
    // h = u2 - u1 and r = 2 (s2 - s1), kept in u2 and s2.
    f.subMod(u2, u2, u1);
    f.subMod(s2, s2, s1);
    if (isZero(u2)) {
      if (isZero(s2)) this.double(out, p);
      else setInfinity(out);
      return;
    }
    f.addMod(s2, s2, s2);
    const h = u2;
    const r = s2;
    const i = unchecked(this.t[0]);
    const j = unchecked(this.t[1]);
    const v = unchecked(this.t[2]);
    const w = unchecked(this.t[3]);
    // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) h, before Z1 and Z2 are overwritten.
    f.addMod(w, p.z, q.z);
    f.montSquare(w, w);
    f.subMod(w, w, z1z1);
    f.subMod(w, w, z2z2);
    f.montMul(out.z, w, h);
    // i = (2h)^2, j = h i, v = u1 i
    f.addMod(i, h, h);
    f.montSquare(i, i);
    f.montMul(j, h, i);
    f.montMul(v, u1, i);
    // X3 = r^2 - j - 2v
    f.montSquare(w, r);
    f.subMod(w, w, j);
    f.subMod(w, w, v);
    f.subMod(out.x, w, v);
    // Y3 = r (v - X3) - 2 s1 j
    f.subMod(v, v, out.x);
    f.montMul(v, r, v);
    f.montMul(s1, s1, j);
    f.addMod(s1, s1, s1);
    f.subMod(out.y, v, s1);
  }

  /** out = p + q for q affine (Z = 1): madd-2007-bl, five multiplications fewer than add. `out` may be `p`. */
  addAffine(out: JacobianPoint, p: JacobianPoint, q: JacobianPoint): void {
    if (p.isInfinity()) {
      out.copyFrom(q);
      return;
    }
    const f = this.field;
    const z1z1 = unchecked(this.t[6]);
    const h = unchecked(this.t[7]);
    const r = unchecked(this.t[8]);
    const hh = unchecked(this.t[9]);
    const i = unchecked(this.t[10]);
    const j = unchecked(this.t[11]);
    const v = unchecked(this.t[0]);
    const w = unchecked(this.t[1]);
    f.montSquare(z1z1, p.z);
    // h = X2 Z1Z1 - X1, r = 2 (Y2 Z1 Z1Z1 - Y1)
    f.montMul(h, q.x, z1z1);
    f.subMod(h, h, p.x);
    f.montMul(r, q.y, p.z);
    f.montMul(r, r, z1z1);
    f.subMod(r, r, p.y);
    if (isZero(h)) {
      if (isZero(r)) this.double(out, q);
      else setInfinity(out);
      return;
    }
    f.addMod(r, r, r);
    f.montSquare(hh, h);
    f.addMod(i, hh, hh);
    f.addMod(i, i, i);
    f.montMul(j, h, i);
    f.montMul(v, p.x, i);
    // Z3 = (Z1 + h)^2 - Z1Z1 - hh
    f.addMod(w, p.z, h);
    f.montSquare(w, w);
    f.subMod(w, w, z1z1);
    f.subMod(out.z, w, hh);
    // X3 = r^2 - j - 2v
    f.montSquare(w, r);
    f.subMod(w, w, j);
    f.subMod(w, w, v);
    f.subMod(out.x, w, v);
    // Y3 = r (v - X3) - 2 Y1 j
    f.subMod(v, v, out.x);
    f.montMul(v, r, v);
    f.montMul(j, p.y, j);
    f.addMod(j, j, j);
    f.subMod(out.y, v, j);
  }

  /** out = -p (same x and z, y negated). */
  private negate(out: JacobianPoint, p: JacobianPoint): void {
    copyLimbs(out.x, p.x);
    copyLimbs(out.z, p.z);
    const zero = unchecked(this.t[5]);
    for (let i = 0; i < this.limbs; i++) unchecked((zero[i] = 0));
    this.field.subMod(out.y, zero, p.y);
  }

  /** p, 3p, 5p, ... (2^(w-1) - 1)p, in Jacobian coordinates; p affine. */
  private oddMultiples(p: JacobianPoint, window: i32): StaticArray<JacobianPoint> {
    const count = 1 << (window - 2);
    const table = new StaticArray<JacobianPoint>(count);
    const twice = JacobianPoint.zero(this.limbs);
    this.double(twice, p);
    table[0] = p;
    for (let i = 1; i < count; i++) {
      const next = JacobianPoint.zero(this.limbs);
      this.add(next, unchecked(table[i - 1]), twice);
      table[i] = next;
    }
    return table;
  }

  /** The generator's odd multiples, affine, built on first use: additions of them are the cheaper mixed ones. */
  private generatorTable(): StaticArray<JacobianPoint> {
    let table = this.generatorMultiples;
    if (table !== null) return table;
    table = this.oddMultiples(this.generator, GENERATOR_WINDOW);
    const f = this.field;
    const zInverse = newLimbs(this.limbs);
    const zInverse2 = newLimbs(this.limbs);
    for (let i = 1; i < table.length; i++) {
      const point = unchecked(table[i]);
      f.inversePrime(zInverse, point.z);
      f.montSquare(zInverse2, zInverse);
      f.montMul(point.x, point.x, zInverse2);
      f.montMul(zInverse2, zInverse2, zInverse);
      f.montMul(point.y, point.y, zInverse2);
      copyLimbs(point.z, f.one);
    }
    this.generatorMultiples = table;
    return table;
  }

  /**
   * u1 G + u2 Q, interleaving the width-w NAFs of both scalars (Straus): one doubling per bit, and an addition only at
   * a nonzero digit, about one bit in w + 1, of a precomputed odd multiple (or its negation). Scalars are plain
   * numbers below n; Q is affine in Montgomery form.
   */
  twoScalarMultiply(u1: StaticArray<u32>, u2: StaticArray<u32>, q: JacobianPoint): JacobianPoint {
    const gTable = this.generatorTable();
    const qTable = this.oddMultiples(q, KEY_WINDOW);
    const digits1 = nafDigits(u1, GENERATOR_WINDOW);
    const digits2 = nafDigits(u2, KEY_WINDOW);
    const acc = JacobianPoint.zero(this.limbs);
    const negated = JacobianPoint.zero(this.limbs);
    let top = digits1.length > digits2.length ? digits1.length : digits2.length;
    while (top > 0 && digitAt(digits1, top - 1) == 0 && digitAt(digits2, top - 1) == 0) top--;
    for (let i = top - 1; i >= 0; i--) {
      this.double(acc, acc);
      const d1 = digitAt(digits1, i);
      if (d1 > 0) this.addAffine(acc, acc, unchecked(gTable[d1 >> 1]));
      else if (d1 < 0) {
        this.negate(negated, unchecked(gTable[-d1 >> 1]));
        this.addAffine(acc, acc, negated);
      }
      const d2 = digitAt(digits2, i);
      if (d2 > 0) this.add(acc, acc, unchecked(qTable[d2 >> 1]));
      else if (d2 < 0) {
        this.negate(negated, unchecked(qTable[-d2 >> 1]));
        this.add(acc, acc, negated);
      }
    }
    return acc;
  }
}

// NAF widths: the generator's table is built once per curve (8 affine points), the key's per verification (4 points).
const GENERATOR_WINDOW = 5;
const KEY_WINDOW = 4;

function digitAt(digits: StaticArray<i32>, i: i32): i32 {
  return i < digits.length ? unchecked(digits[i]) : 0;
}

/**
 * The width-w NAF of k, least significant digit first: each digit is 0 or odd with magnitude below 2^(w-1), and a
 * nonzero digit is followed by at least w - 1 zeros, so k = sum d_i 2^i has few nonzero digits.
 */
function nafDigits(k: StaticArray<u32>, window: i32): StaticArray<i32> {
  // Raw loads and stores, as in bignum.ts: indexed stores stay calls under the shared build options.
  const limbs = k.length + 1;
  const n = new StaticArray<u32>(limbs);
  const np = changetype<usize>(n);
  memory.copy(np, changetype<usize>(k), <usize>k.length << 2);
  const digits = new StaticArray<i32>(k.length * 32 + 1);
  const dp = changetype<usize>(digits);
  const modulus = 1 << window;
  let count = 0;
  while (!isZero(n)) {
    let digit = 0;
    const low = load<u32>(np);
    if ((low & 1) != 0) {
      digit = <i32>(low & <u32>(modulus - 1));
      if (digit >= modulus >> 1) digit -= modulus;
      // n -= digit, which leaves n divisible by 2^window. A positive digit is the low bits themselves (no borrow).
      if (digit > 0) store<u32>(np, low - <u32>digit);
      else {
        let carry = <u64>-digit;
        for (let i = 0; i < limbs && carry != 0; i++) {
          const at = np + (<usize>i << 2);
          const sum = <u64>load<u32>(at) + carry;
          store<u32>(at, <u32>sum);
          carry = sum >> 32;
        }
      }
    }
    store<i32>(dp + (<usize>count << 2), digit);
    count++;
    for (let i = 0; i < limbs - 1; i++) {
      const at = np + (<usize>i << 2);
      store<u32>(at, (load<u32>(at) >> 1) | (load<u32>(at, 4) << 31));
    }
    const top = np + (<usize>(limbs - 1) << 2);
    store<u32>(top, load<u32>(top) >> 1);
  }
  return digits;
}

function setInfinity(out: JacobianPoint): void {
  for (let i = 0, n = out.z.length; i < n; i++) {
    unchecked((out.x[i] = 0));
    unchecked((out.y[i] = 0));
    unchecked((out.z[i] = 0));
  }
}

// @ts-ignore: decorator
@lazy let p256: CurveParameters | null = null;
// @ts-ignore: decorator
@lazy let p384: CurveParameters | null = null;

/** The curve's parameters, built on first use (their Montgomery contexts) and kept for the life of the VM. */
export function curveParameters(curve: Curve): CurveParameters {
  if (curve == Curve.P256) {
    let params = p256;
    if (params === null) {
      params = new CurveParameters(
        Curve.P256,
        32,
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
      );
      p256 = params;
    }
    return params;
  }
  let params = p384;
  if (params === null) {
    params = new CurveParameters(
      Curve.P384,
      48,
      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
      "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
      "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
      "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
      "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
    );
    p384 = params;
  }
  return params;
}
