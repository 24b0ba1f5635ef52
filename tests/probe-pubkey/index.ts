// A test module around common/crypto's public-key verification for tests/node/crypto_pubkey_differential.test.ts:
// the test writes the byte strings of one call back to back into `input`, then names their lengths. Keys live in a
// table and are referred to by index, as the auth filter keeps them per JWKS entry.
import "../../assembly/abi/runtime_hooks";
import { DigestAlgorithm } from "../../common/crypto/digest";
import { RsaPublicKey, rsaVerifyPkcs1v15, rsaVerifyPss } from "../../common/crypto/rsa";
import { Curve, EcPublicKey, ecdsaVerify } from "../../common/crypto/ecdsa";

let input = new Uint8Array(0);
const rsaKeys = new Array<RsaPublicKey>();
let ecKeys = new Array<EcPublicKey>();

/** Room for `length` bytes of input; returns where to write them. */
export function prepareInput(length: i32): usize {
  input = new Uint8Array(length);
  return input.dataStart;
}

/** Forgets the EC keys made so far (the test makes thousands; RSA keys are few and kept). */
export function clearEcKeys(): void {
  ecKeys = new Array<EcPublicKey>();
}

/** Input: modulus then exponent. Returns the key's index, or -1 when RsaPublicKey.create refuses it. */
export function rsaKey(modulusLength: i32): i32 {
  const key = RsaPublicKey.create(input.subarray(0, modulusLength), input.subarray(modulusLength));
  if (key === null) return -1;
  rsaKeys.push(key);
  return rsaKeys.length - 1;
}

/** Input: message then signature. `pss` 0 is PKCS#1 v1.5, 1 is PSS. Returns 1 when the signature verifies. */
export function rsaVerify(key: i32, pss: i32, algorithm: DigestAlgorithm, messageLength: i32): i32 {
  const message = input.subarray(0, messageLength);
  const signature = input.subarray(messageLength);
  const publicKey = rsaKeys[key];
  return (pss != 0 ? rsaVerifyPss(publicKey, algorithm, message, signature) : rsaVerifyPkcs1v15(publicKey, algorithm, message, signature)) ? 1 : 0;
}

/** Input: x then y. Returns the key's index, or -1 when EcPublicKey.create refuses it. */
export function ecKey(curve: Curve, xLength: i32): i32 {
  const key = EcPublicKey.create(curve, input.subarray(0, xLength), input.subarray(xLength));
  if (key === null) return -1;
  ecKeys.push(key);
  return ecKeys.length - 1;
}

/** Input: message then raw r || s. Returns 1 when the signature verifies. */
export function ecVerify(key: i32, algorithm: DigestAlgorithm, messageLength: i32): i32 {
  return ecdsaVerify(ecKeys[key], algorithm, input.subarray(0, messageLength), input.subarray(messageLength)) ? 1 : 0;
}
