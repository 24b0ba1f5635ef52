// Fixed-size unsigned big integers for signature verification (RSA, ECDSA).
//
// A number is a StaticArray<u32> of little-endian 32-bit limbs; every operand of one operation has the same limb
// count (the modulus's). Products of two limbs are taken in u64, which wasm multiplies natively. Nothing here is
// constant time: verification handles only public values (keys, signatures, messages).

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
  for (let i = 0, n = a.length; i < n; i++) if (unchecked(a[i]) != 0) return false;
  return true;
}

/** -1, 0 or 1 as a is below, equal to or above b (same limb count). */
export function compare(a: StaticArray<u32>, b: StaticArray<u32>): i32 {
  for (let i = a.length - 1; i >= 0; i--) {
    const x = unchecked(a[i]);
    const y = unchecked(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

export function copyLimbs(out: StaticArray<u32>, a: StaticArray<u32>): void {
  for (let i = 0, n = a.length; i < n; i++) unchecked((out[i] = a[i]));
}

export function setSmall(out: StaticArray<u32>, value: u32): void {
  unchecked((out[0] = value));
  for (let i = 1, n = out.length; i < n; i++) unchecked((out[i] = 0));
}

/** out = a + b; returns the carry out of the top limb. `out` may be `a` or `b`. */
export function addLimbs(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  let carry: u64 = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const s = <u64>unchecked(a[i]) + <u64>unchecked(b[i]) + carry;
    unchecked((out[i] = <u32>s));
    carry = s >> 32;
  }
  return <u32>carry;
}

/** out = a - b; returns 1 when it borrowed (a < b). `out` may be `a` or `b`. */
export function subLimbs(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  let borrow: u64 = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const d = <u64>unchecked(a[i]) - <u64>unchecked(b[i]) - borrow;
    unchecked((out[i] = <u32>d));
    borrow = (d >> 32) & 1;
  }
  return <u32>borrow;
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

/**
 * An odd modulus prepared for Montgomery multiplication with R = 2^(32 * limbs). Build it once per modulus (per key,
 * per curve) and keep it: R^2 mod m costs about as much as one RSA verification.
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
  // The CIOS product needs two limbs above the modulus; kept so multiplication allocates nothing.
  private readonly scratch: StaticArray<u32>;

  private constructor(readonly modulus: StaticArray<u32>) {
    const limbs = modulus.length;
    this.limbs = limbs;
    this.n0inv = negativeInverse32(unchecked(modulus[0]));
    this.scratch = new StaticArray<u32>(limbs + 2);
    this.rSquared = new StaticArray<u32>(limbs);
    this.one = new StaticArray<u32>(limbs);
    // 2^(bits - 1) < m, then doubled modulo m up to 2^(64 * limbs) = R^2.
    const bits = bitLength(modulus);
    const x = new StaticArray<u32>(limbs);
    unchecked((x[(bits - 1) >> 5] = <u32>1 << (<u32>(bits - 1) & 31)));
    for (let e = bits - 1; e < 64 * limbs; e++) {
      const carry = doubleLimbs(x, x);
      if (carry != 0 || compare(x, modulus) >= 0) subLimbs(x, x, modulus);
      if (e + 1 == 32 * limbs) copyLimbs(this.one, x);
    }
    copyLimbs(this.rSquared, x);
  }

  /** Null unless the modulus is odd and greater than 1. The limb count is the modulus array's. */
  static create(modulus: StaticArray<u32>): MontgomeryModulus | null {
    if (modulus.length == 0 || (unchecked(modulus[0]) & 1) == 0 || bitLength(modulus) < 2) return null;
    const own = new StaticArray<u32>(modulus.length);
    copyLimbs(own, modulus);
    return new MontgomeryModulus(own);
  }

  /** out = a * b / R mod m (CIOS). Inputs below m; `out` may alias either. */
  montMul(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const n = this.limbs;
    const t = this.scratch;
    const m = this.modulus;
    const n0inv = this.n0inv;
    for (let j = 0; j < n + 2; j++) unchecked((t[j] = 0));
    for (let i = 0; i < n; i++) {
      const ai = <u64>unchecked(a[i]);
      let carry: u64 = 0;
      for (let j = 0; j < n; j++) {
        const s = <u64>unchecked(t[j]) + ai * <u64>unchecked(b[j]) + carry;
        unchecked((t[j] = <u32>s));
        carry = s >> 32;
      }
      let s = <u64>unchecked(t[n]) + carry;
      unchecked((t[n] = <u32>s));
      unchecked((t[n + 1] = <u32>(s >> 32)));

      // Add q*m so the low limb becomes zero, and shift down one limb.
      const q = <u64>(unchecked(t[0]) * n0inv);
      s = <u64>unchecked(t[0]) + q * <u64>unchecked(m[0]);
      carry = s >> 32;
      for (let j = 1; j < n; j++) {
        s = <u64>unchecked(t[j]) + q * <u64>unchecked(m[j]) + carry;
        unchecked((t[j - 1] = <u32>s));
        carry = s >> 32;
      }
      s = <u64>unchecked(t[n]) + carry;
      unchecked((t[n - 1] = <u32>s));
      unchecked((t[n] = unchecked(t[n + 1]) + <u32>(s >> 32)));
    }
    // t < 2m: one conditional subtraction.
    let geq = unchecked(t[n]) != 0;
    if (!geq) {
      geq = true;
      for (let i = n - 1; i >= 0; i--) {
        const x = unchecked(t[i]);
        const y = unchecked(m[i]);
        if (x != y) {
          geq = x > y;
          break;
        }
      }
    }
    if (geq) {
      let borrow: u64 = 0;
      for (let i = 0; i < n; i++) {
        const d = <u64>unchecked(t[i]) - <u64>unchecked(m[i]) - borrow;
        unchecked((out[i] = <u32>d));
        borrow = (d >> 32) & 1;
      }
    } else {
      for (let i = 0; i < n; i++) unchecked((out[i] = t[i]));
    }
  }

  montSquare(out: StaticArray<u32>, a: StaticArray<u32>): void {
    this.montMul(out, a, a);
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
  addMod(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const carry = addLimbs(out, a, b);
    if (carry != 0 || compare(out, this.modulus) >= 0) subLimbs(out, out, this.modulus);
  }

  /** out = a - b mod m, for a, b < m. */
  subMod(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    if (subLimbs(out, a, b) != 0) addLimbs(out, out, this.modulus);
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
      for (let i = bits - 1; i >= 0; i--) {
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
