// JWK parsing (common/crypto/jwk.ts) and JWS verification (jws.ts) on published examples: RFC 7515 A.1
// (HS256) and A.3 (ES256), RFC 8037 A.4 (EdDSA); the key pins the algorithm; malformed keys are errors naming them.
import { base64UrlDecode } from "../../common/base64";
import { Jwk, JwsAlgorithm, jwsAlgorithm, parseJwk, parseJwks } from "../../common/crypto/jwk";
import { verifyJws } from "../../common/crypto/jws";
import { parseJson } from "../../assembly/config/json";

const RFC7515_PAYLOAD = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const HS256_JWK = '{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}';
const HS256_JWS = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." + RFC7515_PAYLOAD + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const ES256_JWK = '{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}';
const ES256_JWS = "eyJhbGciOiJFUzI1NiJ9." + RFC7515_PAYLOAD + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
const ED25519_JWK = '{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}';
const ED25519_JWS = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

function key(json: string): Jwk {
  const parsed = parseJwk(parseJson(json).value!);
  expect(parsed.error).toBe("");
  return parsed.keys[0];
}

function errorOf(json: string): string {
  return parseJwks(parseJson(json).value!, true).error;
}

/** Verifies compact JWS `jws` with `k` under `alg`; `flip` >= 0 flips one bit of the signature first. */
function verifies(alg: JwsAlgorithm, k: Jwk, jws: string, flip: i32): bool {
  const dot = jws.lastIndexOf(".");
  const signature = base64UrlDecode(jws.substring(dot + 1))!;
  if (flip >= 0) {
    const bit: i32 = 1 << (flip & 7);
    signature[flip >> 3] = <u8>(<i32>signature[flip >> 3] ^ bit);
  }
  return verifyJws(alg, k, Uint8Array.wrap(String.UTF8.encode(jws.substring(0, dot))), signature);
}

describe("verifyJws on published examples", () => {
  it("RFC 7515 A.1: HS256", () => {
    const k = key(HS256_JWK);
    expect(verifies(JwsAlgorithm.HS256, k, HS256_JWS, -1)).toBe(true);
    expect(verifies(JwsAlgorithm.HS256, k, HS256_JWS, 100)).toBe(false);
    expect(verifies(JwsAlgorithm.HS384, k, HS256_JWS, -1)).toBe(false);
  });

  it("RFC 7515 A.3: ES256", () => {
    const k = key(ES256_JWK);
    expect(verifies(JwsAlgorithm.ES256, k, ES256_JWS, -1)).toBe(true);
    expect(verifies(JwsAlgorithm.ES256, k, ES256_JWS, 7)).toBe(false);
    expect(verifies(JwsAlgorithm.ES256, k, ES256_JWS, 300)).toBe(false);
  });

  it("RFC 8037 A.4: EdDSA (Ed25519)", () => {
    const k = key(ED25519_JWK);
    expect(verifies(JwsAlgorithm.EdDSA, k, ED25519_JWS, -1)).toBe(true);
    expect(verifies(JwsAlgorithm.EdDSA, k, ED25519_JWS, 511)).toBe(false);
  });
});

describe("the key pins the algorithm", () => {
  it("an oct key never verifies an RSA, EC or EdDSA algorithm, nor an EC key an HMAC one", () => {
    const secret = key(HS256_JWK);
    expect(secret.accepts(JwsAlgorithm.HS512)).toBe(true);
    expect(secret.accepts(JwsAlgorithm.RS256)).toBe(false);
    expect(secret.accepts(JwsAlgorithm.EdDSA)).toBe(false);
    const ec = key(ES256_JWK);
    expect(ec.accepts(JwsAlgorithm.ES256)).toBe(true);
    expect(ec.accepts(JwsAlgorithm.ES384)).toBe(false);
    expect(ec.accepts(JwsAlgorithm.HS256)).toBe(false);
    expect(verifies(JwsAlgorithm.HS256, ec, ES256_JWS, -1)).toBe(false);
  });

  it("a JWK's alg narrows the family to that one algorithm", () => {
    const pinned = key('{"kty":"oct","alg":"HS384","k":"c2VjcmV0"}');
    expect(pinned.accepts(JwsAlgorithm.HS384)).toBe(true);
    expect(pinned.accepts(JwsAlgorithm.HS256)).toBe(false);
  });

  it("names: none and unknown algorithms are Unknown, which no key accepts", () => {
    expect(jwsAlgorithm("none")).toBe(JwsAlgorithm.Unknown);
    expect(jwsAlgorithm("HS256 ")).toBe(JwsAlgorithm.Unknown);
    expect(jwsAlgorithm("PS512")).toBe(JwsAlgorithm.PS512);
    expect(key(HS256_JWK).accepts(JwsAlgorithm.Unknown)).toBe(false);
  });
});

describe("parseJwks", () => {
  it("reads a set and a single key; skips encryption keys; keeps kid", () => {
    const set = parseJwks(parseJson('{"keys":[' + ES256_JWK + ',{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"},' + '{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}').value!, true);
    expect(set.error).toBe("");
    expect(set.keys.length).toBe(2);
    expect(set.keys[1].kid).toBe("ed");
    expect(parseJwks(parseJson(HS256_JWK).value!, true).keys.length).toBe(1);
  });

  it("strict: a bad key is an error naming it; lenient: it is skipped", () => {
    expect(errorOf('{"keys":[' + ES256_JWK + ',{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}]}')).toBe("keys[1]: EC key: the point is not on the curve");
    expect(errorOf('{"keys":[{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}]}')).toBe("keys[0]: EC key: 'crv' must be \"P-256\" or \"P-384\"");
    expect(errorOf('{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA"}]}')).toBe("keys[0]: OKP key: 'x' must be 32 bytes of base64url");
    expect(errorOf('{"keys":[{"kty":"oct","k":""}]}')).toBe("keys[0]: oct key: 'k' must be non-empty base64url");
    expect(errorOf('{"keys":[{"kty":"oct","k":"c2VjcmV0","alg":"ES256"}]}')).toBe("keys[0]: 'alg': not a signing algorithm for this key type");
    expect(errorOf('{"keys":[{"kty":"DSA"}]}')).toBe("keys[0]: 'kty': expected \"RSA\", \"EC\", \"OKP\" or \"oct\"");
    expect(errorOf('{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":7}]}')).toBe("keys[0]: 'kid': expected a string");
    expect(errorOf('{"keys":{}}')).toBe("'keys': expected an array");
    expect(errorOf('{"keys":[]}')).toBe("no usable signing key");
    const lenient = parseJwks(parseJson('{"keys":[{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"},' + HS256_JWK + "]}").value!, false);
    expect(lenient.error).toBe("");
    expect(lenient.keys.length).toBe(1);
  });
});
