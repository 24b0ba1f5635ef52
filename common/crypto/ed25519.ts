// Ed25519 signature verification (RFC 8032 §5.1.7), as OpenSSL and node:crypto verify: S must be below the group
// order L, and the check is cofactorless, comparing the encoding of [S]B - [k]A with the signature's R byte for byte
// (so a non-canonical R never verifies). The public key must be a canonical point encoding as RFC 8032 §5.1.3 says;
// OpenSSL 3.0 also takes the few non-canonical ones (y >= p, or x = 0 with the sign bit set), which no generator emits.
//
// Points are in extended twisted Edwards coordinates (X:Y:Z:T, x = X/Z, y = Y/Z, xy = T/Z) in fixed memory;
// [k]A + [S]B is one joint double-and-add over signed sliding windows (odd multiples up to 15 of each point).
// Verification handles only public data, so variable time is fine.
import {
  Fe, FE_BYTES, feAdd, feCopy, feFromBytes, feInvert, feIsNegative, feIsZero, feMul, feNeg, feOne, fePow22523,
  feSquare, feSub, feToBytes, feZero,
} from "./field25519";
import { Sha512 } from "./sha512";

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

// Field constants as limbs (radix 2^25.5): d = -121665/121666, 2d, and sqrt(-1) = 2^((p-1)/4).
const D: Fe = memory.data<i64>([56195235, 13857412, 51736253, 6949390, 114729, 24766616, 60832955, 30306712, 48412415, 21499315]);
const D2: Fe = memory.data<i64>([45281625, 27714825, 36363642, 13898781, 229458, 15978800, 54557047, 27058993, 29715967, 9444199]);
const SQRT_M1: Fe = memory.data<i64>([34513072, 25610706, 9377949, 3500415, 12389472, 33281959, 41962654, 31548777, 326685, 11406482]);

// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const ORDER: usize = memory.data<u8>([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
], 8);

// The base point B: y = 4/5 with x even.
const BASE_ENCODED: usize = memory.data<u8>([
  0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
]);

// Offsets of a point's coordinates. A "cached" point (a table entry) holds Y+X, Y-X, Z and 2d*T at the same offsets.
const X: usize = 0;
const Y: usize = FE_BYTES;
const Z: usize = 2 * FE_BYTES;
const T: usize = 3 * FE_BYTES;
const POINT_BYTES: usize = 4 * FE_BYTES;
const TABLE_ENTRIES = 8;

// Fixed memory for one verification at a time.
const FA: Fe = memory.data(80, 8);
const FB: Fe = memory.data(80, 8);
const FC: Fe = memory.data(80, 8);
const FD: Fe = memory.data(80, 8);
const FE: Fe = memory.data(80, 8);
const FF: Fe = memory.data(80, 8);
const FG: Fe = memory.data(80, 8);
const FH: Fe = memory.data(80, 8);
const KEY_POINT: usize = memory.data(320, 8);
const RESULT_POINT: usize = memory.data(320, 8);
const DOUBLED: usize = memory.data(320, 8);
const DOUBLED_CACHED: usize = memory.data(320, 8);
const BASE_TABLE: usize = memory.data(320 * 8, 8);
const KEY_DIGITS: usize = memory.data(256);
const S_DIGITS: usize = memory.data(256);
const DIGEST: usize = memory.data(64, 8);
const K_SCALAR: usize = memory.data(32, 8);
const ENCODED: usize = memory.data(32, 8);

let baseTableReady = false;

// @ts-ignore: decorator
@lazy const hasher = new Sha512();

/**
 * r = 2p (dbl-2008-hwcd for a = -1, signs folded as in ref10); r may be p. T is needed only by an addition, so a
 * doubling followed by another doubling skips it (`withT` false).
 */
function pointDouble(r: usize, p: usize, withT: bool): void {
  feSquare(FA, p + X);
  feSquare(FB, p + Y);
  feSquare(FC, p + Z);
  feAdd(FC, FC, FC);
  feAdd(FH, FA, FB);
  feAdd(FE, p + X, p + Y);
  feSquare(FE, FE);
  feSub(FE, FH, FE);
  feSub(FG, FA, FB);
  feAdd(FF, FC, FG);
  feMul(r + X, FE, FF);
  feMul(r + Y, FG, FH);
  if (withT) feMul(r + T, FE, FH);
  feMul(r + Z, FF, FG);
}

/** r = p + q, or p - q when `subtract`, with q cached (add-2008-hwcd-3); r may be p. T as in pointDouble. */
function pointAdd(r: usize, p: usize, q: usize, subtract: bool, withT: bool): void {
  feSub(FA, p + Y, p + X);
  feMul(FA, FA, subtract ? q + X : q + Y);
  feAdd(FB, p + Y, p + X);
  feMul(FB, FB, subtract ? q + Y : q + X);
  feMul(FC, p + T, q + T);
  feMul(FD, p + Z, q + Z);
  feAdd(FD, FD, FD);
  feSub(FE, FB, FA);
  feAdd(FH, FB, FA);
  if (subtract) {
    feAdd(FF, FD, FC);
    feSub(FG, FD, FC);
  } else {
    feSub(FF, FD, FC);
    feAdd(FG, FD, FC);
  }
  feMul(r + X, FE, FF);
  feMul(r + Y, FG, FH);
  if (withT) feMul(r + T, FE, FH);
  feMul(r + Z, FF, FG);
}

function toCached(c: usize, p: usize): void {
  feAdd(c + X, p + Y, p + X);
  feSub(c + Y, p + Y, p + X);
  feCopy(c + Z, p + Z);
  feMul(c + T, p + T, D2);
}

/** Fills `table` with the cached odd multiples P, 3P, ..., 15P. */
function buildTable(table: usize, p: usize): void {
  toCached(table, p);
  pointDouble(DOUBLED, p, true);
  toCached(DOUBLED_CACHED, DOUBLED);
  memory.copy(RESULT_POINT, p, POINT_BYTES);
  for (let i = 1; i < TABLE_ENTRIES; i++) {
    pointAdd(RESULT_POINT, RESULT_POINT, DOUBLED_CACHED, false, true);
    toCached(table + <usize>i * POINT_BYTES, RESULT_POINT);
  }
}

/** True when the 255-bit little-endian value at `src` (top bit ignored) is below p = 2^255 - 19. */
function isCanonicalFieldEncoding(src: usize): bool {
  if ((load<u8>(src, 31) & 0x7f) != 0x7f) return true;
  for (let i: usize = 30; i >= 1; i--) if (load<u8>(src + i) != 0xff) return true;
  return load<u8>(src) < 0xed;
}

/** Decodes a point per RFC 8032 §5.1.3 into extended coordinates; false when it is not a canonical curve point. */
function decodePoint(p: usize, src: usize): bool {
  if (!isCanonicalFieldEncoding(src)) return false;
  const sign = (load<u8>(src, 31) >> 7) != 0;
  feFromBytes(p + Y, src);
  feOne(p + Z);
  // u = y^2 - 1, v = d y^2 + 1, x = u v^3 (u v^7)^((p-5)/8)
  feSquare(FA, p + Y);
  feMul(FB, FA, D);
  feSub(FA, FA, p + Z);
  feAdd(FB, FB, p + Z);
  feSquare(FC, FB);
  feMul(FC, FC, FB);
  feSquare(FD, FC);
  feMul(FD, FD, FB);
  feMul(FD, FD, FA);
  fePow22523(FD, FD);
  feMul(FD, FD, FC);
  feMul(FD, FD, FA);
  // v x^2 is u (x is a root), -u (x * sqrt(-1) is), or neither (no point has this y).
  feSquare(FE, FD);
  feMul(FE, FE, FB);
  feSub(FF, FE, FA);
  if (!feIsZero(FF)) {
    feAdd(FF, FE, FA);
    if (!feIsZero(FF)) return false;
    feMul(FD, FD, SQRT_M1);
  }
  if (feIsZero(FD)) {
    if (sign) return false;
  } else if (feIsNegative(FD) != sign) {
    feNeg(FD, FD);
  }
  feCopy(p + X, FD);
  feMul(p + T, p + X, p + Y);
  return true;
}

function encodePoint(dst: usize, p: usize): void {
  feInvert(FA, p + Z);
  feMul(FB, p + X, FA);
  feMul(FC, p + Y, FA);
  feToBytes(dst, FC);
  if (feIsNegative(FB)) store<u8>(dst, load<u8>(dst, 31) | 0x80, 31);
}

/** True when the 32-byte little-endian scalar at `src` is below the group order L. */
function isCanonicalScalar(src: usize): bool {
  for (let i: isize = 31; i >= 0; i--) {
    const a = load<u8>(src + <usize>i), b = load<u8>(ORDER + <usize>i);
    if (a != b) return a < b;
  }
  return false;
}

/** dst (32 bytes) = the 64-byte little-endian value at `src` mod L, by shift-and-subtract (once per verification). */
function reduceScalar(dst: usize, src: usize): void {
  memory.fill(dst, 0, 32);
  for (let bit = 511; bit >= 0; bit--) {
    let carry: u32 = (<u32>load<u8>(src + <usize>(bit >> 3)) >> (<u32>bit & 7)) & 1;
    for (let i: usize = 0; i < 32; i += 4) {
      const v = load<u32>(dst + i);
      store<u32>(dst + i, (v << 1) | carry);
      carry = v >> 31;
    }
    if (!isCanonicalScalar(dst)) {
      let borrow: i64 = 0;
      for (let i: usize = 0; i < 32; i += 4) {
        const v = <i64>load<u32>(dst + i) - <i64>load<u32>(ORDER + i) - borrow;
        store<u32>(dst + i, <u32>v);
        borrow = v < 0 ? 1 : 0;
      }
    }
  }
}

/**
 * Signed sliding-window digits of a 256-bit scalar: odd values in [-15, 15] or zero, with nonzero digits at
 * least 5 positions apart, so the scalar is the sum of digit[i] * 2^i (ref10's `slide`).
 */
function slide(digits: usize, scalar: usize): void {
  for (let i: usize = 0; i < 256; i++) store<i8>(digits + i, <i8>((load<u8>(scalar + (i >> 3)) >> <u8>(i & 7)) & 1));
  for (let i = 0; i < 256; i++) {
    let r = <i32>load<i8>(digits + <usize>i);
    if (r == 0) continue;
    for (let b = 1; b <= 6 && i + b < 256; b++) {
      const next = <i32>load<i8>(digits + <usize>(i + b));
      if (next == 0) continue;
      if (r + (next << b) <= 15) {
        r += next << b;
        store<i8>(digits + <usize>(i + b), 0);
      } else if (r - (next << b) >= -15) {
        r -= next << b;
        for (let k = i + b; k < 256; k++) {
          if (load<i8>(digits + <usize>k) == 0) {
            store<i8>(digits + <usize>k, 1);
            break;
          }
          store<i8>(digits + <usize>k, 0);
        }
      } else {
        break;
      }
      store<i8>(digits + <usize>i, <i8>r);
    }
  }
}

/** Adds or subtracts table[|digit| / 2] for a nonzero digit. */
// @ts-ignore: decorator
@inline function addDigit(r: usize, table: usize, digit: i32, withT: bool): void {
  if (digit > 0) pointAdd(r, r, table + <usize>(digit >> 1) * POINT_BYTES, false, withT);
  else pointAdd(r, r, table + <usize>((-digit) >> 1) * POINT_BYTES, true, withT);
}

function ensureBaseTable(): void {
  if (baseTableReady) return;
  decodePoint(KEY_POINT, BASE_ENCODED);
  buildTable(BASE_TABLE, KEY_POINT);
  baseTableReady = true;
}

/** r = [k]P + [s]B, with P's table at `keyTable`. */
function doubleScalarMultiply(r: usize, k: usize, keyTable: usize, s: usize): void {
  slide(KEY_DIGITS, k);
  slide(S_DIGITS, s);
  let i = 255;
  while (i >= 0 && load<i8>(KEY_DIGITS + <usize>i) == 0 && load<i8>(S_DIGITS + <usize>i) == 0) i--;
  feZero(r + X);
  feOne(r + Y);
  feOne(r + Z);
  feZero(r + T);
  for (; i >= 0; i--) {
    const keyDigit = <i32>load<i8>(KEY_DIGITS + <usize>i);
    const baseDigit = <i32>load<i8>(S_DIGITS + <usize>i);
    pointDouble(r, r, keyDigit != 0 || baseDigit != 0);
    if (keyDigit != 0) addDigit(r, keyTable, keyDigit, baseDigit != 0);
    if (baseDigit != 0) addDigit(r, BASE_TABLE, baseDigit, false);
  }
}

/**
 * An Ed25519 public key checked and prepared once (when a JWKS is loaded): a key that is not a canonical curve point
 * is refused here, and each verification reuses the decoded point's table of multiples.
 */
export class Ed25519PublicKey {
  private constructor(readonly encoded: Uint8Array, private readonly negatedTable: StaticArray<u8>) {}

  /** The key from its 32-byte encoding (RFC 8032 §5.1.5), or null when that is not a valid public key. */
  static create(encoded: Uint8Array): Ed25519PublicKey | null {
    if (encoded.length != ED25519_PUBLIC_KEY_BYTES) return null;
    if (!decodePoint(KEY_POINT, encoded.dataStart)) return null;
    // Verification computes [S]B - [k]A, so the table holds multiples of -A = (-x, y).
    feNeg(KEY_POINT + X, KEY_POINT + X);
    feNeg(KEY_POINT + T, KEY_POINT + T);
    const table = new StaticArray<u8>(<i32>(POINT_BYTES * TABLE_ENTRIES));
    buildTable(changetype<usize>(table), KEY_POINT);
    return new Ed25519PublicKey(encoded.slice(0), table);
  }

  /** RFC 8032 verification of `signature` (R || S, 64 bytes) over `length` message bytes at `src`. */
  verifyRaw(src: usize, length: usize, signature: Uint8Array): bool {
    if (signature.length != ED25519_SIGNATURE_BYTES) return false;
    const rBytes = signature.dataStart;
    const sBytes = rBytes + 32;
    if (!isCanonicalScalar(sBytes)) return false;
    ensureBaseTable();
    // k = SHA-512(R || A || M) mod L; then R must equal the encoding of [S]B - [k]A.
    hasher.reset().updateRaw(rBytes, 32).updateRaw(this.encoded.dataStart, 32).updateRaw(src, length).finishRaw(DIGEST);
    reduceScalar(K_SCALAR, DIGEST);
    doubleScalarMultiply(RESULT_POINT, K_SCALAR, changetype<usize>(this.negatedTable), sBytes);
    encodePoint(ENCODED, RESULT_POINT);
    return memory.compare(ENCODED, rBytes, 32) == 0;
  }

  verify(message: Uint8Array, signature: Uint8Array): bool {
    return this.verifyRaw(message.dataStart, <usize>message.length, signature);
  }
}

/** RFC 8032 Ed25519 verification of `signature` (R || S, 64 bytes) over `message` by `publicKey` (32 bytes). */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): bool {
  if (signature.length != ED25519_SIGNATURE_BYTES) return false;
  const key = Ed25519PublicKey.create(publicKey);
  return key !== null && key.verify(message, signature);
}
