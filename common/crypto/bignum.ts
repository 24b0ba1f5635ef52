// Fixed-size unsigned big integers for signature verification (RSA, ECDSA).
//
// A number is a StaticArray<u32> of little-endian 32-bit limbs; every operand of one operation has the same limb
// count (the modulus's). Products of two limbs are taken in u64, which wasm multiplies natively. Nothing here is
// constant time: verification handles only public values (keys, signatures, messages).

// The loops below address limbs through raw pointers (load/store) rather than StaticArray indexing: with the
// shared build options (shrinkLevel 1) indexed stores stay out-of-line calls, which made verification several times
// slower. The arrays are managed and never move, and every one is kept alive by the caller for the whole call.

import {
  addMod12,
  addMod8,
  montMul12,
  montMul8,
  montMulP256,
  montMulP384,
  montSquare12,
  montSquare8,
  montSquareP256,
  montSquareP384,
  subMod12,
  subMod8,
} from "./montgomery_unrolled";

// @ts-ignore: decorator
@inline function limbAt(base: usize, i: i32): u32 {
  return load<u32>(base + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function setLimb(base: usize, i: i32, value: u32): void {
  store<u32>(base + (<usize>i << 2), value);
}

/** A zeroed number of `limbs` limbs. */
export function newLimbs(limbs: i32): StaticArray<u32> {
  return new StaticArray<u32>(limbs);
}

/** Big-endian bytes as a number of `limbs` limbs; null when the value needs more limbs. */
export function limbsFromBytes(bytes: Uint8Array, limbs: i32): StaticArray<u32> | null {
  const out = new StaticArray<u32>(limbs);
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const byte = <u32>unchecked(bytes[n - 1 - i]);
    if (byte == 0) continue;
    const limb = i >> 2;
    if (limb >= limbs) return null;
    unchecked((out[limb] |= byte << (<u32>(i & 3) << 3)));
  }
  return out;
}

/** The number as exactly `length` big-endian bytes (the high limbs are dropped if they do not fit). */
export function limbsToBytes(a: StaticArray<u32>, length: i32): Uint8Array {
  const out = new Uint8Array(length);
  const limbs = a.length;
  for (let i = 0; i < length; i++) {
    const limb = i >> 2;
    if (limb >= limbs) break;
    unchecked((out[length - 1 - i] = <u8>(unchecked(a[limb]) >> (<u32>(i & 3) << 3))));
  }
  return out;
}

/** The number of significant bits (0 for zero). */
export function bitLength(a: StaticArray<u32>): i32 {
  for (let i = a.length - 1; i >= 0; i--) {
    const limb = unchecked(a[i]);
    if (limb != 0) return (i << 5) + 32 - <i32>clz(limb);
  }
  return 0;
}

/** Bit `index` (0 is the least significant); 0 beyond the end. */
export function testBit(a: StaticArray<u32>, index: i32): u32 {
  const limb = index >> 5;
  if (limb >= a.length) return 0;
  return (unchecked(a[limb]) >> (<u32>index & 31)) & 1;
}

export function isZero(a: StaticArray<u32>): bool {
  const base = changetype<usize>(a);
  for (let i = 0, n = a.length; i < n; i++) if (limbAt(base, i) != 0) return false;
  return true;
}

function compareRaw(a: usize, b: usize, limbs: i32): i32 {
  for (let i = limbs - 1; i >= 0; i--) {
    const x = limbAt(a, i);
    const y = limbAt(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

function addRaw(out: usize, a: usize, b: usize, limbs: i32): u32 {
  let carry: u64 = 0;
  for (let i = 0; i < limbs; i++) {
    const s = <u64>limbAt(a, i) + <u64>limbAt(b, i) + carry;
    setLimb(out, i, <u32>s);
    carry = s >> 32;
  }
  return <u32>carry;
}

function subRaw(out: usize, a: usize, b: usize, limbs: i32): u32 {
  let borrow: u64 = 0;
  for (let i = 0; i < limbs; i++) {
    const d = <u64>limbAt(a, i) - <u64>limbAt(b, i) - borrow;
    setLimb(out, i, <u32>d);
    borrow = (d >> 32) & 1;
  }
  return <u32>borrow;
}

/**
 * t[0..count) += factor * source[0..count) + carry; returns the carry out (below 2^32). Four limbs a step: the loop
 * control and addressing cost as much as the arithmetic at one limb a step.
 */
// @ts-ignore: decorator
@inline function mulAddRow(t: usize, source: usize, factor: u64, count: i32, carry: u64): u64 {
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const at = t + (<usize>j << 2);
    const from = source + (<usize>j << 2);
    let x = <u64>load<u32>(at) + factor * <u64>load<u32>(from) + carry;
    store<u32>(at, <u32>x);
    x = <u64>load<u32>(at, 4) + factor * <u64>load<u32>(from, 4) + (x >> 32);
    store<u32>(at, <u32>x, 4);
    x = <u64>load<u32>(at, 8) + factor * <u64>load<u32>(from, 8) + (x >> 32);
    store<u32>(at, <u32>x, 8);
    x = <u64>load<u32>(at, 12) + factor * <u64>load<u32>(from, 12) + (x >> 32);
    store<u32>(at, <u32>x, 12);
    carry = x >> 32;
  }
  for (; j < count; j++) {
    const x = <u64>limbAt(t, j) + factor * <u64>limbAt(source, j) + carry;
    setLimb(t, j, <u32>x);
    carry = x >> 32;
  }
  return carry;
}

function addModLoop(out: usize, a: usize, b: usize, m: usize, limbs: i32): void {
  if (addRaw(out, a, b, limbs) != 0 || compareRaw(out, m, limbs) >= 0) subRaw(out, out, m, limbs);
}

function subModLoop(out: usize, a: usize, b: usize, m: usize, limbs: i32): void {
  if (subRaw(out, a, b, limbs) != 0) addRaw(out, out, m, limbs);
}

/** -1, 0 or 1 as a is below, equal to or above b (same limb count). */
export function compare(a: StaticArray<u32>, b: StaticArray<u32>): i32 {
  return compareRaw(changetype<usize>(a), changetype<usize>(b), a.length);
}

export function copyLimbs(out: StaticArray<u32>, a: StaticArray<u32>): void {
  memory.copy(changetype<usize>(out), changetype<usize>(a), <usize>a.length << 2);
}

/** out = a + b; returns the carry out of the top limb. `out` may be `a` or `b`. */
export function addLimbs(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  return addRaw(changetype<usize>(out), changetype<usize>(a), changetype<usize>(b), a.length);
}

/** out = a - b; returns 1 when it borrowed (a < b). `out` may be `a` or `b`. */
export function subLimbs(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  return subRaw(changetype<usize>(out), changetype<usize>(a), changetype<usize>(b), a.length);
}

/** out = 2a; returns the bit shifted out of the top limb. */
function doubleLimbs(out: StaticArray<u32>, a: StaticArray<u32>): u32 {
  let carry: u32 = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const x = unchecked(a[i]);
    unchecked((out[i] = (x << 1) | carry));
    carry = x >> 31;
  }
  return carry;
}

/** -m^-1 mod 2^32 for odd m, by Newton's iteration (each step doubles the correct low bits: 1, 2, 4, ... 32). */
function negativeInverse32(m: u32): u32 {
  let inverse: u32 = 1;
  for (let i = 0; i < 5; i++) inverse *= 2 - m * inverse;
  return 0 - inverse;
}

// The field primes with their own multiplication: P-256's 2^256 - 2^224 + 2^192 + 2^96 - 1 and P-384's
// 2^384 - 2^128 - 2^96 + 2^32 - 1, little-endian limbs.
const P256_PRIME: StaticArray<u32> = [0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 0, 1, 0xffffffff];
const P384_PRIME: StaticArray<u32> = [
  0xffffffff, 0, 0, 0xffffffff, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
];

/**
 * An odd modulus prepared for Montgomery multiplication with R = 2^(32 * limbs). Build it once per modulus (per key,
 * per curve) and keep it: R^2 mod m takes up to a few hundred modular doublings and a dozen squarings.
 *
 * Values "in Montgomery form" are aR mod m; montMul(aR, bR) = abR. Addition and subtraction are the same in both forms.
 */
export class MontgomeryModulus {
  readonly limbs: i32;
  /** -m^-1 mod 2^32. */
  readonly n0inv: u32;
  /** R^2 mod m, turns a number into Montgomery form with one montMul. */
  readonly rSquared: StaticArray<u32>;
  /** R mod m: 1 in Montgomery form. */
  readonly one: StaticArray<u32>;
  // The double-length product or square that montMul and montSquare reduce for sizes without unrolled code, kept so
  // they allocate nothing.
  private readonly wide: StaticArray<u32>;
  // The curves' field primes, which have their own multiplication.
  private readonly isP256Prime: bool;
  private readonly isP384Prime: bool;
  // The modulus's limbs, for the unrolled code: a plain address spares the hot calls the managed field's shadow-stack
  // bookkeeping. The array never moves, and `modulus` keeps it alive.
  private readonly modulusLimbs: usize;

  private constructor(readonly modulus: StaticArray<u32>) {
    const limbs = modulus.length;
    this.limbs = limbs;
    this.n0inv = negativeInverse32(unchecked(modulus[0]));
    this.wide = new StaticArray<u32>(2 * limbs);
    this.modulusLimbs = changetype<usize>(modulus);
    this.isP256Prime = limbs == 8 && compareRaw(changetype<usize>(modulus), changetype<usize>(P256_PRIME), 8) == 0;
    this.isP384Prime = limbs == 12 && compareRaw(changetype<usize>(modulus), changetype<usize>(P384_PRIME), 12) == 0;
    this.rSquared = new StaticArray<u32>(limbs);
    this.one = new StaticArray<u32>(limbs);
    // R mod m: 2^(bits - 1) < m, doubled modulo m up to 2^(32 * limbs).
    const bits = bitLength(modulus);
    const x = new StaticArray<u32>(limbs);
    unchecked((x[(bits - 1) >> 5] = <u32>1 << (<u32>(bits - 1) & 31)));
    for (let e = bits - 1; e < 32 * limbs; e++) this.doubleMod(x);
    copyLimbs(this.one, x);
    // R^2 = 2^(32 limbs) R, with 32 limbs = j 2^s: double R j times (2^j R), then each Montgomery squaring doubles
    // the exponent (2^k R)^2 / R = 2^(2k) R; s of them give 2^(j 2^s) R.
    const s = <i32>ctz(<u32>(32 * limbs));
    const j = (32 * limbs) >> s;
    for (let i = 0; i < j; i++) this.doubleMod(x);
    for (let i = 0; i < s; i++) this.montMul(x, x, x);
    copyLimbs(this.rSquared, x);
  }

  private doubleMod(x: StaticArray<u32>): void {
    if (doubleLimbs(x, x) != 0 || compare(x, this.modulus) >= 0) subLimbs(x, x, this.modulus);
  }

  /** Null unless the modulus is odd and greater than 1. The limb count is the modulus array's. */
  static create(modulus: StaticArray<u32>): MontgomeryModulus | null {
    if (modulus.length == 0 || (unchecked(modulus[0]) & 1) == 0 || bitLength(modulus) < 2) return null;
    const own = new StaticArray<u32>(modulus.length);
    copyLimbs(own, modulus);
    return new MontgomeryModulus(own);
  }

  /**
   * out = a * b / R mod m. Inputs below m; `out` may alias either. The curves' sizes (8 and 12 limbs) take the
   * unrolled code in montgomery_unrolled.ts; the others (RSA) form the 2n-limb product a row of a_i b at a time and
   * reduce it (reduceWide), four limbs a step.
   */
  // @ts-ignore: decorator
  @inline
  montMul(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const n = this.limbs;
    const o = changetype<usize>(out);
    const ap = changetype<usize>(a);
    const bp = changetype<usize>(b);
    if (this.isP256Prime) montMulP256(o, ap, bp);
    else if (this.isP384Prime) montMulP384(o, ap, bp);
    else if (n == 8) montMul8(o, ap, bp, this.modulusLimbs, this.n0inv);
    else if (n == 12) montMul12(o, ap, bp, this.modulusLimbs, this.n0inv);
    else this.montMulLoop(o, ap, bp);
  }

  private montMulLoop(o: usize, ap: usize, bp: usize): void {
    const n = this.limbs;
    const t = changetype<usize>(this.wide);
    memory.fill(t, 0, <usize>(2 * n) << 2);
    // Row i adds a_i b at limb i; its carry lands in limb i + n, which no earlier row reached.
    for (let i = 0; i < n; i++) {
      setLimb(t, i + n, <u32>mulAddRow(t + (<usize>i << 2), bp, <u64>limbAt(ap, i), n, 0));
    }
    this.reduceWide(o);
  }

  /** out = a^2 / R mod m, for a below m; `out` may be `a`. */
  // @ts-ignore: decorator
  @inline
  montSquare(out: StaticArray<u32>, a: StaticArray<u32>): void {
    const n = this.limbs;
    const o = changetype<usize>(out);
    const ap = changetype<usize>(a);
    if (this.isP256Prime) montSquareP256(o, ap);
    else if (this.isP384Prime) montSquareP384(o, ap);
    else if (n == 8) montSquare8(o, ap, this.modulusLimbs, this.n0inv);
    else if (n == 12) montSquare12(o, ap, this.modulusLimbs, this.n0inv);
    else this.montSquareWide(o, ap);
  }

  /**
   * montSquare for the other sizes (RSA): the cross products a_i a_j (i < j) are summed once and the sum doubled
   * with the squares a_i^2 added, then the 2n-limb square is reduced a limb at a time (separated operand scanning).
   * That is 3/4 of montMul's products; RSA's public exponent makes nearly every step a squaring.
   */
  private montSquareWide(o: usize, ap: usize): void {
    const n = this.limbs;
    const t = changetype<usize>(this.wide);
    memory.fill(t, 0, <usize>(2 * n) << 2);
    // Row i adds a_i a_j for j > i at limb i + j; the row's carry lands in limb i + n, which no earlier row reached.
    for (let i = 0; i < n - 1; i++) {
      const carry = mulAddRow(t + (<usize>(2 * i + 1) << 2), ap + (<usize>(i + 1) << 2), <u64>limbAt(ap, i), n - 1 - i, 0);
      setLimb(t, i + n, <u32>carry);
    }
    // t = 2t + sum a_i^2 2^(64 i), limb pair by limb pair; the shifted-out bit moves into the next pair.
    let carry: u64 = 0;
    let shiftedOut: u32 = 0;
    for (let i = 0; i < n; i++) {
      const ai = <u64>limbAt(ap, i);
      const square = ai * ai;
      const low = limbAt(t, 2 * i);
      const high = limbAt(t, 2 * i + 1);
      let x = <u64>((low << 1) | shiftedOut) + (square & 0xffffffff) + carry;
      setLimb(t, 2 * i, <u32>x);
      x = <u64>((high << 1) | (low >> 31)) + (square >> 32) + (x >> 32);
      setLimb(t, 2 * i + 1, <u32>x);
      carry = x >> 32;
      shiftedOut = high >> 31;
    }
    this.reduceWide(o);
  }

  /**
   * out = t / R mod m for the 2n-limb t in `wide` (below m R): q_i m cancels limb i, a row at a time (separated
   * operand scanning); each row's carry out of limb i + n waits in `pending` for the next row's.
   */
  private reduceWide(o: usize): void {
    const n = this.limbs;
    const t = changetype<usize>(this.wide);
    const m = this.modulusLimbs;
    const n0inv = this.n0inv;
    let pending: u64 = 0;
    for (let i = 0; i < n; i++) {
      const q = <u64>(limbAt(t, i) * n0inv);
      const row = t + (<usize>i << 2);
      const rowCarry = mulAddRow(row + 4, m + 4, q, n - 1, (<u64>limbAt(row, 0) + q * <u64>limbAt(m, 0)) >> 32);
      const x = <u64>limbAt(row, n) + rowCarry + pending;
      setLimb(row, n, <u32>x);
      pending = x >> 32;
    }
    const result = t + (<usize>n << 2);
    if (pending != 0 || compareRaw(result, m, n) >= 0) subRaw(o, result, m, n);
    else memory.copy(o, result, <usize>n << 2);
  }

  /** out = aR mod m, for a < m. */
  toMontgomery(out: StaticArray<u32>, a: StaticArray<u32>): void {
    this.montMul(out, a, this.rSquared);
  }

  /** out = a / R mod m: from Montgomery form back to the plain value. */
  fromMontgomery(out: StaticArray<u32>, a: StaticArray<u32>): void {
    const unit = new StaticArray<u32>(this.limbs);
    unchecked((unit[0] = 1));
    this.montMul(out, a, unit);
  }

  /** out = a + b mod m, for a, b < m. */
  // @ts-ignore: decorator
  @inline
  addMod(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const o = changetype<usize>(out);
    const m = this.modulusLimbs;
    const n = this.limbs;
    if (n == 8) addMod8(o, changetype<usize>(a), changetype<usize>(b), m);
    else if (n == 12) addMod12(o, changetype<usize>(a), changetype<usize>(b), m);
    else addModLoop(o, changetype<usize>(a), changetype<usize>(b), m, n);
  }

  /** out = a - b mod m, for a, b < m. */
  // @ts-ignore: decorator
  @inline
  subMod(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const o = changetype<usize>(out);
    const n = this.limbs;
    const m = this.modulusLimbs;
    if (n == 8) subMod8(o, changetype<usize>(a), changetype<usize>(b), m);
    else if (n == 12) subMod12(o, changetype<usize>(a), changetype<usize>(b), m);
    else subModLoop(o, changetype<usize>(a), changetype<usize>(b), m, n);
  }

  /**
   * out = base^exponent in Montgomery form (base in Montgomery form, exponent a plain number of any limb count).
   * Small exponents (RSA's 65537) go bit by bit; long ones (Fermat inversion) use a 4-bit fixed window, which does
   * one multiplication per 4 bits instead of one per set bit.
   */
  modPow(out: StaticArray<u32>, base: StaticArray<u32>, exponent: StaticArray<u32>): void {
    const bits = bitLength(exponent);
    const acc = new StaticArray<u32>(this.limbs);
    copyLimbs(acc, this.one);
    if (bits <= 64) {
      // The top bit is set: start from the base rather than squaring one.
      if (bits != 0) copyLimbs(acc, base);
      for (let i = bits - 2; i >= 0; i--) {
        this.montSquare(acc, acc);
        if (testBit(exponent, i) != 0) this.montMul(acc, acc, base);
      }
      copyLimbs(out, acc);
      return;
    }
    const table = new Array<StaticArray<u32>>(16);
    table[0] = this.one;
    for (let k = 1; k < 16; k++) {
      const entry = new StaticArray<u32>(this.limbs);
      if (k == 1) copyLimbs(entry, base);
      else this.montMul(entry, unchecked(table[k - 1]), base);
      table[k] = entry;
    }
    const top = (bits + 3) & ~3;
    for (let i = top - 4; i >= 0; i -= 4) {
      if (i != top - 4) {
        this.montSquare(acc, acc);
        this.montSquare(acc, acc);
        this.montSquare(acc, acc);
        this.montSquare(acc, acc);
      }
      const window =
        (testBit(exponent, i + 3) << 3) | (testBit(exponent, i + 2) << 2) | (testBit(exponent, i + 1) << 1) | testBit(exponent, i);
      if (window != 0) this.montMul(acc, acc, unchecked(table[window]));
    }
    copyLimbs(out, acc);
  }

  /**
   * out = a^-1 in Montgomery form, for a prime modulus (Fermat: a^(m-2)); a in Montgomery form, not zero.
   * Only for prime moduli (curve fields and group orders).
   */
  inversePrime(out: StaticArray<u32>, a: StaticArray<u32>): void {
    const exponent = new StaticArray<u32>(this.limbs);
    const two = new StaticArray<u32>(this.limbs);
    unchecked((two[0] = 2));
    subLimbs(exponent, this.modulus, two);
    this.modPow(out, a, exponent);
  }
}
