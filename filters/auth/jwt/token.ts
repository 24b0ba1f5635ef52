// A JWS compact-serialized JWT split and decoded once per request: the protected header's alg and kid, the payload
// as JSON, the signing input and the signature bytes. Anything malformed is an error message, never a trap.
import { base64UrlDecode } from "../../../common/base64";
import { JwsAlgorithm, jwsAlgorithm } from "../../../common/crypto/jwk";
import { JsonValue, parseJsonBytes } from "../../../assembly/config/json";

export class JwtToken {
  kid: string | null = null;
  constructor(public alg: JwsAlgorithm, public payload: JsonValue, public signingInput: Uint8Array, public signature: Uint8Array) {}
}

export class ParsedToken {
  constructor(public token: JwtToken | null, public error: string) {}
}

export function parseToken(text: string): ParsedToken {
  const first = text.indexOf(".");
  const second = first < 0 ? -1 : text.indexOf(".", first + 1);
  if (second < 0 || text.indexOf(".", second + 1) >= 0) return malformed("not a compact JWS (three dot-separated parts)");
  const header = decodeObject(text.substring(0, first));
  if (header === null) return malformed("the header is not base64url JSON");
  const payload = decodeObject(text.substring(first + 1, second));
  if (payload === null) return malformed("the payload is not base64url JSON");
  const signature = base64UrlDecode(text.substring(second + 1));
  if (signature === null) return malformed("the signature is not base64url");
  // RFC 7515 4.1.11: a critical extension we do not understand makes the token invalid; we understand none.
  if (header.get("crit") !== null) return malformed("unsupported critical header parameter");
  const algNode = header.get("alg");
  if (algNode === null || !algNode.isString()) return malformed("the header has no alg");
  const alg = jwsAlgorithm(algNode.asString());
  if (alg == JwsAlgorithm.Unknown) return malformed("algorithm '" + algNode.asString() + "' is not accepted");
  const token = new JwtToken(alg, payload, Uint8Array.wrap(String.UTF8.encode(text.substring(0, second))), signature);
  // jku, x5u, x5c and an embedded jwk are never used to find a key: only kid selects among configured keys.
  const kid = header.get("kid");
  if (kid !== null) {
    if (!kid.isString()) return malformed("kid is not a string");
    token.kid = kid.asString();
  }
  return new ParsedToken(token, "");
}

function malformed(message: string): ParsedToken {
  return new ParsedToken(null, message);
}

function decodeObject(part: string): JsonValue | null {
  const bytes = base64UrlDecode(part);
  if (bytes === null) return null;
  // Straight from the decoded bytes; ill-formed UTF-8 makes the part malformed.
  const parsed = parseJsonBytes(bytes);
  const value = parsed.value;
  return value !== null && value.isObject() ? value : null;
}
