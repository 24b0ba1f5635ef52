// Sets of Unicode code points as sorted ranges: what one character-matching instruction accepts.
//
// Classes are built from ranges in any order, then normalize() sorts and merges them so that
// contains() can binary-search. Case folding is applied before negation, as RE2 does, so that
// (?i)[^k] excludes k, K and the Kelvin sign alike.

export const MAX_CODE_POINT: i32 = 0x10ffff;

export class CharClass {
  /** Pairs lo, hi (inclusive). Sorted, disjoint and non-adjacent after normalize(). */
  ranges: Array<i32> = [];

  static of(lo: i32, hi: i32): CharClass {
    const c = new CharClass();
    c.addRange(lo, hi);
    return c;
  }

  addRange(lo: i32, hi: i32): void {
    this.ranges.push(lo);
    this.ranges.push(hi);
  }

  addClass(other: CharClass): void {
    for (let i = 0; i < other.ranges.length; i++) this.ranges.push(other.ranges[i]);
  }

  normalize(): CharClass {
    const n = this.ranges.length >> 1;
    if (n == 0) return this;
    // Pack each range into one i64 so a plain numeric sort orders by lo, then hi.
    const packed = new Array<i64>(n);
    for (let i = 0; i < n; i++) packed[i] = (<i64>this.ranges[2 * i] << 32) | <i64>this.ranges[2 * i + 1];
    packed.sort((a: i64, b: i64): i32 => (a < b ? -1 : a > b ? 1 : 0));
    const out = new Array<i32>();
    let lo = <i32>(packed[0] >> 32);
    let hi = <i32>(packed[0] & 0xffffffff);
    for (let i = 1; i < n; i++) {
      const l = <i32>(packed[i] >> 32);
      const h = <i32>(packed[i] & 0xffffffff);
      if (l <= hi + 1) {
        if (h > hi) hi = h;
      } else {
        out.push(lo);
        out.push(hi);
        lo = l;
        hi = h;
      }
    }
    out.push(lo);
    out.push(hi);
    this.ranges = out;
    return this;
  }

  /** The complement within 0..MAX_CODE_POINT. */
  negate(): CharClass {
    this.normalize();
    const out = new Array<i32>();
    let next = 0;
    for (let i = 0; i < this.ranges.length; i += 2) {
      const lo = this.ranges[i];
      if (lo > next) {
        out.push(next);
        out.push(lo - 1);
      }
      next = this.ranges[i + 1] + 1;
    }
    if (next <= MAX_CODE_POINT) {
      out.push(next);
      out.push(MAX_CODE_POINT);
    }
    this.ranges = out;
    return this;
  }

  /** Adds the case partners of every member (ASCII letters, plus the Kelvin sign and long s that Unicode folds with k and s). */
  foldCase(): CharClass {
    const n = this.ranges.length;
    for (let i = 0; i < n; i += 2) {
      const lo = this.ranges[i];
      const hi = this.ranges[i + 1];
      addShifted(this, lo, hi, 0x61, 0x7a, -32);
      addShifted(this, lo, hi, 0x41, 0x5a, 32);
      if (overlapsOrbit(lo, hi, 0x6b, 0x4b, 0x212a)) addOrbit(this, 0x6b, 0x4b, 0x212a);
      if (overlapsOrbit(lo, hi, 0x73, 0x53, 0x17f)) addOrbit(this, 0x73, 0x53, 0x17f);
    }
    return this.normalize();
  }

  contains(cp: i32): bool {
    const r = this.ranges;
    let lo = 0;
    let hi = (r.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < unchecked(r[2 * mid])) hi = mid - 1;
      else if (cp > unchecked(r[2 * mid + 1])) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

function addShifted(c: CharClass, lo: i32, hi: i32, from: i32, to: i32, shift: i32): void {
  const l = lo > from ? lo : from;
  const h = hi < to ? hi : to;
  if (l <= h) c.addRange(l + shift, h + shift);
}

function overlapsOrbit(lo: i32, hi: i32, a: i32, b: i32, c: i32): bool {
  return (a >= lo && a <= hi) || (b >= lo && b <= hi) || (c >= lo && c <= hi);
}

function addOrbit(cls: CharClass, a: i32, b: i32, c: i32): void {
  cls.addRange(a, a);
  cls.addRange(b, b);
  cls.addRange(c, c);
}

/** \d \w \s as RE2 defines them: ASCII only. */
export function perlClass(letter: i32): CharClass | null {
  const c = new CharClass();
  if (letter == 0x64) {
    c.addRange(0x30, 0x39); // \d
  } else if (letter == 0x77) {
    c.addRange(0x30, 0x39); // \w
    c.addRange(0x41, 0x5a);
    c.addRange(0x5f, 0x5f);
    c.addRange(0x61, 0x7a);
  } else if (letter == 0x73) {
    c.addRange(0x09, 0x0a); // \s: \t \n \f \r and space (not \v)
    c.addRange(0x0c, 0x0d);
    c.addRange(0x20, 0x20);
  } else {
    return null;
  }
  return c;
}

/** [:name:] POSIX classes (ASCII), as RE2 defines them; null for an unknown name. */
export function posixClass(name: string): CharClass | null {
  const c = new CharClass();
  if (name == "alnum") {
    c.addRange(0x30, 0x39);
    c.addRange(0x41, 0x5a);
    c.addRange(0x61, 0x7a);
  } else if (name == "alpha") {
    c.addRange(0x41, 0x5a);
    c.addRange(0x61, 0x7a);
  } else if (name == "ascii") {
    c.addRange(0x00, 0x7f);
  } else if (name == "blank") {
    c.addRange(0x09, 0x09);
    c.addRange(0x20, 0x20);
  } else if (name == "cntrl") {
    c.addRange(0x00, 0x1f);
    c.addRange(0x7f, 0x7f);
  } else if (name == "digit") {
    c.addRange(0x30, 0x39);
  } else if (name == "graph") {
    c.addRange(0x21, 0x7e);
  } else if (name == "lower") {
    c.addRange(0x61, 0x7a);
  } else if (name == "print") {
    c.addRange(0x20, 0x7e);
  } else if (name == "punct") {
    c.addRange(0x21, 0x2f);
    c.addRange(0x3a, 0x40);
    c.addRange(0x5b, 0x60);
    c.addRange(0x7b, 0x7e);
  } else if (name == "space") {
    c.addRange(0x09, 0x0d);
    c.addRange(0x20, 0x20);
  } else if (name == "upper") {
    c.addRange(0x41, 0x5a);
  } else if (name == "word") {
    c.addRange(0x30, 0x39);
    c.addRange(0x41, 0x5a);
    c.addRange(0x5f, 0x5f);
    c.addRange(0x61, 0x7a);
  } else if (name == "xdigit") {
    c.addRange(0x30, 0x39);
    c.addRange(0x41, 0x46);
    c.addRange(0x61, 0x66);
  } else {
    return null;
  }
  return c;
}

export function isWordChar(cp: i32): bool {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || cp == 0x5f || (cp >= 0x61 && cp <= 0x7a);
}
