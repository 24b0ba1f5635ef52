// JWS signature verification (RFC 7515/7518, RFC 8037 for EdDSA), dispatched on an algorithm the caller has already
// checked against the key (Jwk.accepts): the token's own `alg` never chooses how its signature is checked.
import { DigestAlgorithm } from "./digest";
import { constantTimeEquals } from "./constant_time";
import { ecdsaVerify } from "./ecdsa";
import { ed25519Verify } from "./ed25519";
import { hmac } from "./hmac";
import { Jwk, JwsAlgorithm } from "./jwk";
import { rsaVerifyPkcs1v15, rsaVerifyPss } from "./rsa";

export function verifyJws(algorithm: JwsAlgorithm, key: Jwk, signingInput: Uint8Array, signature: Uint8Array): bool {
  if (!key.accepts(algorithm)) return false;
  const hash = digestOf(algorithm);
  if (algorithm <= JwsAlgorithm.RS512) return rsaVerifyPkcs1v15(key.rsa!, hash, signingInput, signature);
  if (algorithm <= JwsAlgorithm.PS512) return rsaVerifyPss(key.rsa!, hash, signingInput, signature);
  if (algorithm <= JwsAlgorithm.ES384) return ecdsaVerify(key.ec!, hash, signingInput, signature);
  if (algorithm <= JwsAlgorithm.HS512) return constantTimeEquals(hmac(hash, key.secret!, signingInput), signature);
  return signature.length == 64 && ed25519Verify(key.ed25519!, signingInput, signature);
}

function digestOf(algorithm: JwsAlgorithm): DigestAlgorithm {
  switch (algorithm) {
    case JwsAlgorithm.RS256: case JwsAlgorithm.PS256: case JwsAlgorithm.ES256: case JwsAlgorithm.HS256:
      return DigestAlgorithm.Sha256;
    case JwsAlgorithm.RS384: case JwsAlgorithm.PS384: case JwsAlgorithm.ES384: case JwsAlgorithm.HS384:
      return DigestAlgorithm.Sha384;
    default:
      return DigestAlgorithm.Sha512;
  }
}
