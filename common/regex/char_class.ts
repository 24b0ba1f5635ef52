// Sets of Unicode code points as sorted ranges: what one character-matching instruction accepts.
//
// Classes are built from ranges in any order, then normalize() sorts and merges them so that
// contains() can binary-search. Case folding is applied before negation, as RE2 does, so that
// (?i)[^k] excludes k, K and the Kelvin sign alike.

import { FOLD_RUNS } from "./case_fold_table";

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

  /** Adds every member's case-folding orbit (Unicode simple folding, as RE2's (?i)): k gains K and the Kelvin sign. */
  foldCase(): CharClass {
    const n = this.ranges.length;
    const runs = FOLD_RUNS;
    for (let i = 0; i < n; i += 2) {
      const lo = this.ranges[i];
      const hi = this.ranges[i + 1];
      // Only code points in a fold run have partners, so walk the runs overlapping [lo, hi] rather than the range.
      for (let r = 0; r < runs.length; r += 4) {
        const runLo = runs[r];
        const runHi = runs[r + 1];
        const step = runs[r + 2];
        if (runLo > hi) break;
        if (runHi < lo) continue;
        let cp = runLo;
        if (cp < lo) cp += ((lo - runLo + step - 1) / step) * step;
        for (; cp <= runHi && cp <= hi; cp += step) this.addOrbit(cp);
      }
    }
    return this.normalize();
  }

  private addOrbit(cp: i32): void {
    for (let f = simpleFold(cp); f != cp; f = simpleFold(f)) this.addRange(f, f);
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

/** The next code point in cp's case-folding orbit; cp itself when it has no other case. */
export function simpleFold(cp: i32): i32 {
  const runs = FOLD_RUNS;
  let lo = 0;
  let hi = (runs.length >> 2) - 1;
  let last = -1; // the last run starting at or before cp
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid << 2] <= cp) {
      last = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let k = last; k >= 0 && k >= last - 1; k--) {
    const r = k << 2;
    if (cp <= runs[r + 1] && (cp - runs[r]) % runs[r + 2] == 0) return cp + runs[r + 3];
  }
  return cp;
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
