// Credentials for the auth rows, made fresh at bench time: one API key, one Basic user (stored as htpasswd {SHA},
// the form both our filter and Envoy's basic_auth take), and RS256 / ES256 key pairs with a signed token each.
import { createHash, createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

export const API_KEY = "bench-key-0123456789abcdef";
export const BASIC_USER = "alice";
const BASIC_PASSWORD = "bench-password";
export const JWT_ISSUER = "https://bench.example";

export interface JwtFixture {
  alg: "RS256" | "ES256";
  /** The JWK Set as JSON text. */
  jwks: string;
  token: string;
}

export function basicHeader(): string {
  return "Basic " + Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString("base64");
}

export function htpasswdSha(): string {
  return "{SHA}" + createHash("sha1").update(BASIC_PASSWORD).digest("base64");
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function jwt(alg: "RS256" | "ES256", privateKey: KeyObject): string {
  const header = base64url(JSON.stringify({ alg, typ: "JWT", kid: alg.toLowerCase() }));
  const now = Math.floor(Date.now() / 1000);
  const payload = base64url(JSON.stringify({ iss: JWT_ISSUER, sub: BASIC_USER, iat: now, exp: now + 24 * 3600 }));
  const signer = createSign("SHA256");
  signer.update(`${header}.${payload}`);
  // JWS ES256 signatures are the raw r||s pair, not DER.
  const signature = signer.sign(alg === "ES256" ? { key: privateKey, dsaEncoding: "ieee-p1363" } : privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

export function jwtFixture(alg: "RS256" | "ES256"): JwtFixture {
  const { privateKey, publicKey } = alg === "RS256"
    ? generateKeyPairSync("rsa", { modulusLength: 2048 })
    : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: alg.toLowerCase(), alg, use: "sig" };
  return { alg, jwks: JSON.stringify({ keys: [jwk] }), token: jwt(alg, privateKey) };
}
