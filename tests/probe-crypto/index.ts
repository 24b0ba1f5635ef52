// A test module around common/digests, HMAC, base64 and Ed25519 for
// tests/node/crypto_digest_differential.test.ts: the test writes the byte strings of one call back to back into
// `input`, names their lengths, and reads the result from `output`.
import "../../assembly/abi/runtime_hooks";
import { base64Decode, base64Encode, base64UrlDecode, base64UrlEncode } from "../../common/base64";
import { DigestAlgorithm, digest } from "../../common/crypto/digest";
import { Ed25519PublicKey, ed25519Verify } from "../../common/crypto/ed25519";
import { HmacKey, hmac } from "../../common/crypto/hmac";
import { sha1 } from "../../common/crypto/sha1";

// Digest numbering for `digestInput`: the DigestAlgorithm values, then SHA-1.
const SHA1 = 3;

let input = new Uint8Array(0);
let output = new Uint8Array(0);

/** Room for `length` bytes of input; returns where to write them. */
export function prepareInput(length: i32): usize {
  input = new Uint8Array(length);
  return input.dataStart;
}

export function outputPointer(): usize {
  return output.dataStart;
}

/** Digest of the whole input; returns its length. */
export function digestInput(algorithm: i32): i32 {
  output = algorithm == SHA1 ? sha1(input) : digest(<DigestAlgorithm>algorithm, input);
  return output.length;
}

/** Hashes the whole input `times` times (for timing from node); returns the first digest byte. */
export function digestRepeatedly(algorithm: DigestAlgorithm, times: i32): i32 {
  let first = 0;
  for (let i = 0; i < times; i++) first = digest(algorithm, input)[0];
  return first;
}

/** Input: key then data. Returns the MAC's length. */
export function hmacInput(algorithm: DigestAlgorithm, keyLength: i32): i32 {
  output = hmac(algorithm, input.subarray(0, keyLength), input.subarray(keyLength));
  return output.length;
}

/** As hmacInput, through a key prepared with HmacKey. */
export function hmacPreparedInput(algorithm: DigestAlgorithm, keyLength: i32): i32 {
  output = new HmacKey(algorithm, input.subarray(0, keyLength)).mac(input.subarray(keyLength));
  return output.length;
}

/** Input: public key, signature, then message. Returns 1 when the signature verifies. */
export function ed25519VerifyInput(keyLength: i32, signatureLength: i32): i32 {
  const key = input.subarray(0, keyLength);
  const signature = input.subarray(keyLength, keyLength + signatureLength);
  const message = input.subarray(keyLength + signatureLength);
  return ed25519Verify(key, message, signature) ? 1 : 0;
}

/**
 * Input: public key, signature, then message. Prepares the key once, then verifies `times` times (for timing from
 * node); returns 1 when the signature verifies, -1 when the key is refused.
 */
export function ed25519VerifyRepeatedly(signatureLength: i32, times: i32): i32 {
  const key = Ed25519PublicKey.create(input.subarray(0, 32));
  if (key === null) return -1;
  const signature = input.subarray(32, 32 + signatureLength);
  const message = input.subarray(32 + signatureLength);
  let verified = false;
  for (let i = 0; i < times; i++) verified = key.verify(message, signature);
  return verified ? 1 : 0;
}

/** Input: bytes. Output: their base64 (`url` 0) or unpadded base64url (`url` 1) text as UTF-8. */
export function base64EncodeInput(url: i32): i32 {
  output = Uint8Array.wrap(String.UTF8.encode(url != 0 ? base64UrlEncode(input) : base64Encode(input)));
  return output.length;
}

/** Input: UTF-8 text. Output: its base64url decoding; returns the length, or -1 when the text is refused. */
export function base64UrlDecodeInput(): i32 {
  const decoded = base64UrlDecode(String.UTF8.decode(input.buffer));
  if (decoded === null) return -1;
  output = decoded;
  return output.length;
}

/** Input: UTF-8 text. Output: its standard (padded) base64 decoding; returns the length, or -1 when refused. */
export function base64DecodeInput(): i32 {
  const decoded = base64Decode(String.UTF8.decode(input.buffer));
  if (decoded === null) return -1;
  output = decoded;
  return output.length;
}
