// RSA signature verification: RSASSA-PKCS1-v1_5 (RS256/384/512) and RSASSA-PSS (PS256/384/512), RFC 8017.
import { DigestAlgorithm, digestLength } from "./digest";
import { digest } from "./digest";
import { MontgomeryModulus, bitLength, compare, limbsFromBytes, limbsToBytes, newLimbs } from "./bignum";

/** Smallest modulus accepted. JWA asks for 2048 bits; 1024-bit keys still exist in the wild and are a policy choice. */
export const MIN_MODULUS_BITS = 1024;
/** Largest modulus accepted: bounds the CPU a verification may take (an 8192-bit verify is about 16 times a 2048-bit one). */
export const MAX_MODULUS_BITS = 8192;
/**
 * Largest public exponent accepted, in bits. Real keys use 65537 (or 3); an exponent as long as the modulus would make
 * one verification cost as much as a private-key operation. OpenSSL applies the same 64-bit bound above 3072 bits.
 */
export const MAX_EXPONENT_BITS = 64;

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && bytes[start] == 0) start++;
  return bytes.subarray(start);
}

export class RsaPublicKey {
  private constructor(
    readonly modulus: MontgomeryModulus,
    readonly exponent: StaticArray<u32>,
    /** k in RFC 8017: the modulus length in bytes, which is also every signature's length. */
    readonly byteLength: i32,
    readonly bits: i32,
  ) {}

  /**
   * A key from the big-endian modulus and public exponent (a JWK's decoded `n` and `e`; leading zero bytes allowed).
   * Null unless the modulus is odd and MIN_MODULUS_BITS..MAX_MODULUS_BITS long, and the exponent is odd, at least 3,
   * below the modulus and at most MAX_EXPONENT_BITS long. Builds the Montgomery context, so keep the key (per JWKS
   * entry) rather than the bytes.
   */
  static create(modulus: Uint8Array, exponent: Uint8Array): RsaPublicKey | null {
    const n = stripLeadingZeros(modulus);
    const limbs = (n.length + 3) >> 2;
    if (limbs == 0) return null;
    const nLimbs = limbsFromBytes(n, limbs)!;
    const bits = bitLength(nLimbs);
    if (bits < MIN_MODULUS_BITS || bits > MAX_MODULUS_BITS) return null;
    const e = limbsFromBytes(stripLeadingZeros(exponent), limbs);
    if (e === null || (unchecked(e[0]) & 1) == 0 || compare(e, nLimbs) >= 0) return null;
    const exponentBits = bitLength(e);
    if (exponentBits < 2 || exponentBits > MAX_EXPONENT_BITS) return null;
    const context = MontgomeryModulus.create(nLimbs);
    if (context === null) return null;
    return new RsaPublicKey(context, e, n.length, bits);
  }
}

/**
 * s^e mod n as k big-endian bytes, or null when the signature is not below n (RFC 8017 5.2.2) or has the wrong
 * length: exactly k bytes, or at most k when `shorterAllowed`.
 */
function publicOperation(key: RsaPublicKey, signature: Uint8Array, shorterAllowed: bool): Uint8Array | null {
  if (signature.length > key.byteLength || (signature.length < key.byteLength && !shorterAllowed)) return null;
  const context = key.modulus;
  const s = limbsFromBytes(signature, context.limbs);
  if (s === null || compare(s, context.modulus) >= 0) return null;
  const m = newLimbs(context.limbs);
  context.toMontgomery(m, s);
  context.modPow(m, m, key.exponent);
  context.fromMontgomery(m, m);
  return limbsToBytes(m, key.byteLength);
}

// DER of DigestInfo up to the digest's OCTET STRING header (RFC 8017 section 9.2, note 1).
const SHA256_DIGEST_INFO: u8[] = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
const SHA384_DIGEST_INFO: u8[] = [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30];
const SHA512_DIGEST_INFO: u8[] = [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40];

function digestInfoPrefix(algorithm: DigestAlgorithm): u8[] {
  return algorithm == DigestAlgorithm.Sha256 ? SHA256_DIGEST_INFO : algorithm == DigestAlgorithm.Sha384 ? SHA384_DIGEST_INFO : SHA512_DIGEST_INFO;
}

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 section 8.2.2). The expected encoding 00 01 FF..FF 00 DigestInfo H is
 * built and compared whole with the recovered one, so nothing in the signature is parsed (no ASN.1 leniency, no
 * Bleichenbacher-style forgery with garbage after the hash or in the parameters).
 */
export function rsaVerifyPkcs1v15(key: RsaPublicKey, algorithm: DigestAlgorithm, message: Uint8Array, signature: Uint8Array): bool {
  const recovered = publicOperation(key, signature, false);
  if (recovered === null) return false;
  const k = key.byteLength;
  const prefix = digestInfoPrefix(algorithm);
  const hash = digest(algorithm, message);
  const tLength = prefix.length + hash.length;
  if (k < tLength + 11) return false;
  const expected = new Uint8Array(k);
  expected[1] = 0x01;
  const paddingEnd = k - tLength - 1;
  for (let i = 2; i < paddingEnd; i++) unchecked((expected[i] = 0xff));
  for (let i = 0; i < prefix.length; i++) unchecked((expected[paddingEnd + 1 + i] = unchecked(prefix[i])));
  expected.set(hash, k - hash.length);
  let difference: u32 = 0;
  for (let i = 0; i < k; i++) difference |= <u32>(unchecked(expected[i]) ^ unchecked(recovered[i]));
  return difference == 0;
}

/** MGF1 (RFC 8017 B.2.1) with `algorithm`: `length` bytes of Hash(seed || counter) for counter 0, 1, ... */
function mgf1(algorithm: DigestAlgorithm, seed: Uint8Array, length: i32): Uint8Array {
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed);
  const hLength = digestLength(algorithm);
  for (let counter = 0, offset = 0; offset < length; counter++, offset += hLength) {
    input[seed.length] = <u8>(counter >>> 24);
    input[seed.length + 1] = <u8>(counter >>> 16);
    input[seed.length + 2] = <u8>(counter >>> 8);
    input[seed.length + 3] = <u8>counter;
    const block = digest(algorithm, input);
    const take = min(hLength, length - offset);
    for (let i = 0; i < take; i++) unchecked((out[offset + i] = unchecked(block[i])));
  }
  return out;
}

/**
 * RSASSA-PSS verification (RFC 8017 section 8.1.2, EMSA-PSS-VERIFY 9.1.2) with MGF1 over the same hash and a salt
 * exactly as long as the hash, which is what JWA fixes for PS256/384/512 (RFC 7518 section 3.5) and what `jose`
 * verifies with; a signature made with any other salt length is rejected.
 *
 * A signature shorter than the modulus is read as the same integer (as if left-padded with zeros), as OpenSSL and so
 * node:crypto and `jose` do for PSS (RFC 8017 would reject it); the value signed is the same, so nothing is forged by
 * it, and the filter then agrees with `jose` on every token. PKCS#1 v1.5 keeps the exact length, as OpenSSL does.
 */
export function rsaVerifyPss(key: RsaPublicKey, algorithm: DigestAlgorithm, message: Uint8Array, signature: Uint8Array): bool {
  const recovered = publicOperation(key, signature, true);
  if (recovered === null) return false;
  const hLength = digestLength(algorithm);
  const sLength = hLength;
  const emBits = key.bits - 1;
  const emLength = (emBits + 7) >> 3;
  // When emBits is a multiple of 8 the k-byte integer has one more byte than EM, and that byte must be zero.
  if (emLength < key.byteLength && recovered[0] != 0) return false;
  const em = recovered.subarray(key.byteLength - emLength);
  if (emLength < hLength + sLength + 2) return false;
  if (em[emLength - 1] != 0xbc) return false;
  const dbLength = emLength - hLength - 1;
  const unusedBits = 8 * emLength - emBits;
  const topMask = <u8>(0xff >> <u8>unusedBits);
  if ((em[0] & ~topMask) != 0) return false;

  const h = em.subarray(dbLength, dbLength + hLength);
  const db = mgf1(algorithm, h, dbLength);
  for (let i = 0; i < dbLength; i++) unchecked((db[i] ^= unchecked(em[i])));
  db[0] &= topMask;
  const separator = dbLength - sLength - 1;
  for (let i = 0; i < separator; i++) if (unchecked(db[i]) != 0) return false;
  if (db[separator] != 0x01) return false;

  // H' = Hash(00 x 8 || mHash || salt)
  const prime = new Uint8Array(8 + hLength + sLength);
  prime.set(digest(algorithm, message), 8);
  prime.set(db.subarray(dbLength - sLength), 8 + hLength);
  const expected = digest(algorithm, prime);
  let difference: u32 = 0;
  for (let i = 0; i < hLength; i++) difference |= <u32>(unchecked(expected[i]) ^ unchecked(h[i]));
  return difference == 0;
}
