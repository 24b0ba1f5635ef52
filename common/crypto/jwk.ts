// JSON Web Keys (RFC 7517) for JWS verification: RSA, EC P-256/P-384, OKP Ed25519 and oct (HMAC) keys, parsed into
// typed keys once. A key's `alg`, when given, pins the one algorithm it verifies; without it the key type decides the
// family (RSA: RS*/PS*, P-256: ES256, P-384: ES384, Ed25519: EdDSA, oct: HS*), so a token can never pick an
// algorithm its key was not made for (no HS256 with an RSA key as secret, no "none").
import { base64UrlDecode } from "../base64";
import { JsonValue } from "../../assembly/config/json";
import { Curve, EcPublicKey } from "./ecdsa";
import { RsaPublicKey } from "./rsa";

export enum JwsAlgorithm {
  RS256, RS384, RS512,
  PS256, PS384, PS512,
  ES256, ES384,
  HS256, HS384, HS512,
  EdDSA,
  Unknown,
}

const ALGORITHM_NAMES: string[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "HS256", "HS384", "HS512", "EdDSA"];

/** The algorithm a JWS header or JWK names; Unknown for anything else ("none" included). */
export function jwsAlgorithm(name: string): JwsAlgorithm {
  const index = ALGORITHM_NAMES.indexOf(name);
  return index < 0 ? JwsAlgorithm.Unknown : <JwsAlgorithm>index;
}

export function jwsAlgorithmName(algorithm: JwsAlgorithm): string {
  return algorithm == JwsAlgorithm.Unknown ? "unknown" : ALGORITHM_NAMES[<i32>algorithm];
}

export enum KeyType {
  Rsa,
  Ec,
  Okp,
  Oct,
}

export class Jwk {
  kid: string | null = null;
  /** Unknown when the JWK has no `alg`: then the key type decides (see accepts). */
  alg: JwsAlgorithm = JwsAlgorithm.Unknown;
  rsa: RsaPublicKey | null = null;
  ec: EcPublicKey | null = null;
  ed25519: Uint8Array | null = null;
  secret: Uint8Array | null = null;

  constructor(public kty: KeyType, public curve: Curve) {}

  /** Whether this key may verify a signature made with `algorithm`. */
  accepts(algorithm: JwsAlgorithm): bool {
    if (algorithm == JwsAlgorithm.Unknown) return false;
    if (this.alg != JwsAlgorithm.Unknown) return this.alg == algorithm;
    return keyTypeAllows(this.kty, this.curve, algorithm);
  }
}

function keyTypeAllows(kty: KeyType, curve: Curve, algorithm: JwsAlgorithm): bool {
  if (kty == KeyType.Rsa) return algorithm <= JwsAlgorithm.PS512;
  if (kty == KeyType.Ec) return algorithm == (curve == Curve.P256 ? JwsAlgorithm.ES256 : JwsAlgorithm.ES384);
  if (kty == KeyType.Okp) return algorithm == JwsAlgorithm.EdDSA;
  return algorithm >= JwsAlgorithm.HS256 && algorithm <= JwsAlgorithm.HS512;
}

export class JwksParseResult {
  constructor(public keys: Jwk[], public error: string) {}
}

/**
 * A JWK Set ({"keys": [...]}) or a single JWK. Keys for encryption (`use` other than "sig") are skipped. With
 * `strict` (a JWKS in configuration) any key that cannot be used is an error naming it; otherwise (a JWKS fetched
 * at run time) such keys are skipped, as one odd key must not take the others down. No usable key is an error.
 */
export function parseJwks(document: JsonValue, strict: bool): JwksParseResult {
  if (!document.isObject()) return new JwksParseResult([], "expected a JWK Set object");
  const keysNode = document.get("keys");
  let items: JsonValue[];
  let single = false;
  if (keysNode === null) {
    items = [document];
    single = true;
  } else if (!keysNode.isArray()) {
    return new JwksParseResult([], "'keys': expected an array");
  } else {
    items = keysNode.asArray();
  }
  const keys = new Array<Jwk>();
  for (let i = 0; i < items.length; i++) {
    const where = single ? "" : "keys[" + i.toString() + "]: ";
    const use = items[i].isObject() ? items[i].get("use") : null;
    if (use !== null && use.isString() && use.asString() != "sig") continue;
    const parsed = parseJwk(items[i]);
    if (parsed.error.length > 0) {
      if (strict) return new JwksParseResult([], where + parsed.error);
      continue;
    }
    keys.push(parsed.keys[0]);
  }
  if (keys.length == 0) return new JwksParseResult([], "no usable signing key");
  return new JwksParseResult(keys, "");
}

/** One JWK; the result holds exactly one key or an error. */
export function parseJwk(node: JsonValue): JwksParseResult {
  if (!node.isObject()) return fail("expected a JWK object");
  const ktyName = stringMember(node, "kty");
  if (ktyName === null) return fail("'kty': expected a string");
  let key: Jwk;
  if (ktyName == "RSA") {
    const n = bytesMember(node, "n");
    const e = bytesMember(node, "e");
    if (n === null || e === null) return fail("RSA key: 'n' and 'e' must be base64url");
    const rsa = RsaPublicKey.create(n, e);
    if (rsa === null) return fail("RSA key: unsupported modulus or exponent");
    key = new Jwk(KeyType.Rsa, Curve.P256);
    key.rsa = rsa;
  } else if (ktyName == "EC") {
    const crv = stringMember(node, "crv");
    if (crv === null || (crv != "P-256" && crv != "P-384")) return fail("EC key: 'crv' must be \"P-256\" or \"P-384\"");
    const curve = crv == "P-256" ? Curve.P256 : Curve.P384;
    const x = bytesMember(node, "x");
    const y = bytesMember(node, "y");
    if (x === null || y === null) return fail("EC key: 'x' and 'y' must be base64url");
    const ec = EcPublicKey.create(curve, x, y);
    if (ec === null) return fail("EC key: the point is not on the curve");
    key = new Jwk(KeyType.Ec, curve);
    key.ec = ec;
  } else if (ktyName == "OKP") {
    const crv = stringMember(node, "crv");
    if (crv === null || crv != "Ed25519") return fail("OKP key: 'crv' must be \"Ed25519\"");
    const x = bytesMember(node, "x");
    if (x === null || x.length != 32) return fail("OKP key: 'x' must be 32 bytes of base64url");
    key = new Jwk(KeyType.Okp, Curve.P256);
    key.ed25519 = x;
  } else if (ktyName == "oct") {
    const k = bytesMember(node, "k");
    if (k === null || k.length == 0) return fail("oct key: 'k' must be non-empty base64url");
    key = new Jwk(KeyType.Oct, Curve.P256);
    key.secret = k;
  } else {
    return fail("'kty': expected \"RSA\", \"EC\", \"OKP\" or \"oct\"");
  }
  const kid = node.get("kid");
  if (kid !== null) {
    if (!kid.isString()) return fail("'kid': expected a string");
    key.kid = kid.asString();
  }
  const alg = node.get("alg");
  if (alg !== null) {
    const algorithm = alg.isString() ? jwsAlgorithm(alg.asString()) : JwsAlgorithm.Unknown;
    if (algorithm == JwsAlgorithm.Unknown || !keyTypeAllows(key.kty, key.curve, algorithm)) return fail("'alg': not a signing algorithm for this key type");
    key.alg = algorithm;
  }
  return new JwksParseResult([key], "");
}

function fail(message: string): JwksParseResult {
  return new JwksParseResult([], message);
}

function stringMember(node: JsonValue, name: string): string | null {
  const value = node.get(name);
  return value !== null && value.isString() ? value.asString() : null;
}

function bytesMember(node: JsonValue, name: string): Uint8Array | null {
  const text = stringMember(node, name);
  return text === null ? null : base64UrlDecode(text);
}
