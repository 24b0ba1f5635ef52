// Decimal text to the nearest double (ties to even), the same double JavaScript's Number() gives.
//
// AssemblyScript's parseFloat accumulates in floating point and is wrong for long mantissas with large exponents, so
// numbers are converted here in two ways:
// - Clinger's fast path: a mantissa of at most 2^53 times an exactly representable power of ten is one correctly
//   rounded IEEE multiply or divide. Integers, timestamps and short decimals (nearly every number in a JWT or a
//   config) take it.
// - Otherwise an exact conversion on the decimal digits themselves (the "simple decimal conversion" that Go's strconv
//   keeps as its last resort): the digits are shifted by powers of two until the value is in [0.5, 1), then the 53
//   mantissa bits are read off and rounded with the remaining digits. No approximation is involved, so it is right
//   for every input, halfway cases and subnormals included; it is slower, which only long, rare numbers pay.

/** Digits kept; a longer mantissa only needs to know whether anything non-zero was dropped (`truncated`). */
const MAX_DIGITS = 800;
/** Largest shift per step: a digit times 2^60 plus the carry still fits in a u64. */
const MAX_SHIFT: u32 = 60;
const MANTISSA_BITS = 52;
const EXPONENT_BIAS = -1023;
const EXPONENT_MAX = 2047;

const MINUS: u8 = 0x2d;
const DOT: u8 = 0x2e;
const ZERO: u8 = 0x30;
const NINE: u8 = 0x39;

// One conversion at a time (wasm is single-threaded), so the digits live in static memory, not on the heap.
const digits: usize = memory.data(MAX_DIGITS);
/** A left shift writes its result backwards here: it can grow by up to 19 digits. */
const SCRATCH_SIZE = MAX_DIGITS + 24;
const scratch: usize = memory.data(SCRATCH_SIZE);
/** The value is 0.d[0] d[1] ... d[count-1] × 10^point, plus something below the last digit when `truncated`. */
let count = 0;
let point = 0;
let truncated = false;

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const EXACT_POWERS_OF_TEN: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
/** For a decimal point at 1…8 digits, the binary shift that keeps the value at or above 0.5 (Go's powtab). */
const SHIFT_FOR_POINT: StaticArray<i32> = [1, 3, 6, 9, 13, 16, 19, 23, 26];
const SHIFT_FOR_FAR_POINT = 27;

/**
 * The nearest double to the number in the bytes [start, end) at `base`, which the caller has already checked against
 * JSON's grammar (`-?digits(.digits)?([eE][+-]?digits)?`). Too large a number gives ±Infinity; too small, ±0.
 */
export function decimalToDouble(base: usize, start: i32, end: i32): f64 {
  let at = start;
  const negative = load<u8>(base + <usize>at) == MINUS;
  if (negative) at++;
  count = 0;
  point = 0;
  truncated = false;
  let mantissa: u64 = 0;
  let sawDot = false;
  for (; at < end; at++) {
    const c = load<u8>(base + <usize>at);
    if (c == DOT) {
      sawDot = true;
      point = count;
      continue;
    }
    if (c < ZERO || c > NINE) break;
    const digit = c - ZERO;
    if (digit == 0 && count == 0) {
      point--; // a leading zero moves the point, not the digits
      continue;
    }
    if (count < 19) mantissa = mantissa * 10 + <u64>digit;
    if (count < MAX_DIGITS) {
      store<u8>(digits + <usize>count, digit);
      count++;
    } else if (digit != 0) {
      truncated = true;
    }
  }
  if (!sawDot) point = count;
  if (at < end) point += exponentAt(base, at + 1, end); // past the 'e'
  if (count == 0) return negative ? -0.0 : 0.0;

  if (count <= 19 && !truncated) {
    const fast = clingerFastPath(mantissa, point - count);
    if (!isNaN(fast)) return negative ? -fast : fast;
  }
  const bits = decimalToBits();
  return reinterpret<f64>(negative ? bits | (<u64>1 << 63) : bits);
}

/** The exponent's value, capped where it no longer matters (beyond it every number is 0 or infinite). */
function exponentAt(base: usize, at: i32, end: i32): i32 {
  let sign = 1;
  const c = load<u8>(base + <usize>at);
  if (c == MINUS || c == 0x2b /* + */) {
    if (c == MINUS) sign = -1;
    at++;
  }
  let value = 0;
  for (; at < end; at++) {
    if (value < 10000) value = value * 10 + <i32>(load<u8>(base + <usize>at) - ZERO);
  }
  return sign * value;
}

/** mantissa × 10^exponent when one exact IEEE operation gives it, else NaN. */
function clingerFastPath(mantissa: u64, exponent: i32): f64 {
  const EXACT_MANTISSA_LIMIT: u64 = 1 << 53;
  if (mantissa > EXACT_MANTISSA_LIMIT) return NaN;
  if (exponent < -22) return NaN;
  if (exponent < 0) return <f64>mantissa / unchecked(EXACT_POWERS_OF_TEN[-exponent]);
  if (exponent <= 22) return <f64>mantissa * unchecked(EXACT_POWERS_OF_TEN[exponent]);
  // 123e25 is 1230000e20: move the surplus powers into the mantissa while it stays exact.
  if (exponent > 22 + 15) return NaN;
  const surplus = <u64>unchecked(EXACT_POWERS_OF_TEN[exponent - 22]);
  if (mantissa > EXACT_MANTISSA_LIMIT / surplus) return NaN;
  return <f64>(mantissa * surplus) * 1e22;
}

/** The IEEE bits (without the sign) of the decimal in `digits`, rounded to nearest, ties to even. */
function decimalToBits(): u64 {
  if (point > 310) return <u64>EXPONENT_MAX << MANTISSA_BITS; // certainly infinite
  if (point < -330) return 0; // certainly zero
  let exponent = 0;
  // Scale into [0.5, 1) by powers of two, keeping the count of binary places moved.
  while (point > 0) {
    const n = point >= SHIFT_FOR_POINT.length ? SHIFT_FOR_FAR_POINT : unchecked(SHIFT_FOR_POINT[point]);
    shift(-n);
    exponent += n;
  }
  while (point < 0 || (point == 0 && load<u8>(digits) < 5)) {
    const n = -point >= SHIFT_FOR_POINT.length ? SHIFT_FOR_FAR_POINT : unchecked(SHIFT_FOR_POINT[-point]);
    shift(n);
    exponent -= n;
  }
  exponent--; // [0.5, 1) is [1, 2) one binary place down
  // Below the smallest normal exponent the value becomes subnormal: fewer mantissa bits survive.
  if (exponent < EXPONENT_BIAS + 1) {
    const n = EXPONENT_BIAS + 1 - exponent;
    shift(-n);
    exponent += n;
  }
  if (exponent - EXPONENT_BIAS >= EXPONENT_MAX) return <u64>EXPONENT_MAX << MANTISSA_BITS;
  shift(1 + MANTISSA_BITS);
  let mantissa = roundedInteger();
  if (mantissa == (<u64>2 << MANTISSA_BITS)) { // rounding carried into a new bit
    mantissa >>= 1;
    exponent++;
    if (exponent - EXPONENT_BIAS >= EXPONENT_MAX) return <u64>EXPONENT_MAX << MANTISSA_BITS;
  }
  if ((mantissa & (<u64>1 << MANTISSA_BITS)) == 0) exponent = EXPONENT_BIAS; // subnormal
  return (mantissa & ((<u64>1 << MANTISSA_BITS) - 1)) | (<u64>(exponent - EXPONENT_BIAS) << MANTISSA_BITS);
}

/** Multiplies the decimal by 2^k (k > 0) or divides it by 2^-k (k < 0), exactly except for `truncated` digits. */
function shift(k: i32): void {
  if (count == 0) return;
  while (k > <i32>MAX_SHIFT) {
    shiftLeft(MAX_SHIFT);
    k -= MAX_SHIFT;
  }
  while (k < -<i32>MAX_SHIFT) {
    shiftRight(MAX_SHIFT);
    k += MAX_SHIFT;
  }
  if (k > 0) shiftLeft(<u32>k);
  else if (k < 0) shiftRight(<u32>-k);
}

/** Divides by 2^k with long division from the most significant digit. */
function shiftRight(k: u32): void {
  let read = 0;
  let write = 0;
  let n: u64 = 0;
  // Take enough leading digits for the first quotient digit to be non-zero.
  for (; (n >> k) == 0; read++) {
    if (read >= count) {
      if (n == 0) {
        count = 0;
        return;
      }
      while ((n >> k) == 0) {
        n *= 10;
        read++;
      }
      break;
    }
    n = n * 10 + <u64>load<u8>(digits + <usize>read);
  }
  point -= read - 1;
  const mask: u64 = (<u64>1 << k) - 1;
  for (; read < count; read++) {
    const next = <u64>load<u8>(digits + <usize>read);
    store<u8>(digits + <usize>write, <u8>(n >> k));
    write++;
    n = (n & mask) * 10 + next;
  }
  // Dividing by 2^k adds up to k digits below the last one.
  while (n > 0) {
    const digit = n >> k;
    n = (n & mask) * 10;
    if (write < MAX_DIGITS) {
      store<u8>(digits + <usize>write, <u8>digit);
      write++;
    } else if (digit != 0) {
      truncated = true;
    }
  }
  count = write;
  trimZeros();
}

/** Multiplies by 2^k from the least significant digit, writing the product backwards into `scratch`. */
function shiftLeft(k: u32): void {
  let write = SCRATCH_SIZE - 1;
  let n: u64 = 0;
  for (let read = count - 1; read >= 0; read--) {
    n += <u64>load<u8>(digits + <usize>read) << k;
    const quotient = n / 10;
    store<u8>(scratch + <usize>write, <u8>(n - quotient * 10));
    write--;
    n = quotient;
  }
  while (n > 0) {
    const quotient = n / 10;
    store<u8>(scratch + <usize>write, <u8>(n - quotient * 10));
    write--;
    n = quotient;
  }
  const first = write + 1;
  const produced = SCRATCH_SIZE - first;
  point += produced - count;
  let kept = produced;
  if (kept > MAX_DIGITS) {
    for (let i = MAX_DIGITS; i < produced; i++) {
      if (load<u8>(scratch + <usize>(first + i)) != 0) truncated = true;
    }
    kept = MAX_DIGITS;
  }
  memory.copy(digits, scratch + <usize>first, <usize>kept);
  count = kept;
  trimZeros();
}

function trimZeros(): void {
  while (count > 0 && load<u8>(digits + <usize>(count - 1)) == 0) count--;
  if (count == 0) point = 0;
}

/** The integer part, rounded to nearest with ties to even (a truncated tail means just above the tie). */
function roundedInteger(): u64 {
  let n: u64 = 0;
  let i = 0;
  for (; i < point && i < count; i++) n = n * 10 + <u64>load<u8>(digits + <usize>i);
  for (; i < point; i++) n *= 10;
  if (roundsUp()) n++;
  return n;
}

function roundsUp(): bool {
  if (point < 0 || point >= count) return false;
  const first = load<u8>(digits + <usize>point);
  if (first == 5 && point + 1 == count) { // exactly half, as far as the digits go
    if (truncated) return true;
    return point > 0 && (load<u8>(digits + <usize>(point - 1)) & 1) == 1;
  }
  return first >= 5;
}
