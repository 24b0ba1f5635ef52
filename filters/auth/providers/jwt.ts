// JWT bearer tokens: signature checked with a key from an inline or remote JWKS (the key pins the algorithm), then
// iss, aud, exp and nbf (with clock skew). The identity is the consumer claim (sub by default) plus configured
// claim-to-header mappings. Verified tokens are remembered per worker (credential_cache.ts).
import { Pair } from "../../../assembly";
import { ConfigReader } from "../../../assembly/config/reader";
import { Jwk, parseJwks } from "../../../common/crypto/jwk";
import { verifyJws } from "../../../common/crypto/jws";
import { JsonValue, parseJson } from "../../../assembly/config/json";
import { isToken, lowerCaseAscii } from "../../../assembly/wire/ascii";
import { CredentialSource, FoundCredential, SourceKind, parseSources } from "../credential_source";
import { Identity, upstreamHeaders } from "../identity";
import { claimAt, claimText } from "../jwt/claims";
import { RemoteJwks, parseRemoteJwks } from "../jwt/remote_jwks";
import { CachedCredential, CredentialCache } from "../credential_cache";
import { JwtToken, parseToken } from "../jwt/token";
import { RequestView } from "../../../assembly/request_view";
import { Outcome, Reason, Verdict } from "./outcome";
import { Provider, ProviderKind, quoted } from "./provider";

const NO_LIMIT: i64 = i64.MAX_VALUE;

class ClaimHeader {
  constructor(public path: string[], public header: string) {}
}

export class JwtProvider extends Provider {
  issuer: string = "";
  audiences: string[] = [];
  sources: CredentialSource[] = [];
  inlineKeys: Jwk[] = [];
  remote: RemoteJwks | null = null;
  clockSkewSeconds: i64 = 60;
  maxTokenBytes: i32 = 8192;
  forwardToken: bool = true;
  consumerClaim: string[] = ["sub"];
  claimHeaders: ClaimHeader[] = [];
  cache: CredentialCache = new CredentialCache(1024);

  constructor(name: string) {
    super(name, ProviderKind.Jwt);
  }

  authenticate(request: RequestView): Outcome {
    return this.check(request, true);
  }

  /** After a fetch for this request: an unknown kid is now final. */
  authenticateWithoutFetch(request: RequestView): Outcome {
    return this.check(request, false);
  }

  /** The outcome when keys are needed but no fetch may start now. */
  keysMissingOutcome(): Outcome {
    const remote = this.remote;
    if (remote !== null && remote.keys === null) return Outcome.rejected(Reason.Unavailable, "signing keys are not available yet");
    return Outcome.rejected(Reason.Invalid, "no key matches the token");
  }

  challenge(realm: string, outcome: Outcome | null): string | null {
    const base = "Bearer realm=" + quoted(realm);
    if (outcome === null) return base;
    return base + ", error=\"invalid_token\", error_description=" + quoted(outcome.description);
  }

  headerNames(): string[] {
    const names = new Array<string>();
    for (let i = 0; i < this.claimHeaders.length; i++) names.push(this.claimHeaders[i].header);
    return names;
  }

  private check(request: RequestView, mayFetch: bool): Outcome {
    // The first source that holds a token is read; every copy of it must be that token.
    let found: FoundCredential | null = null;
    let source: CredentialSource | null = null;
    for (let i = 0; i < this.sources.length && (found === null || found.value === null); i++) {
      found = new FoundCredential();
      this.sources[i].collect(request, found);
      source = this.sources[i];
    }
    if (found === null || source === null || found.value === null) return Outcome.missing();
    if (found.conflict) return Outcome.rejected(Reason.Invalid, "more than one token");
    const text = found.value!;
    // Compared in UTF-16 units: a header value is ASCII, so this is the byte length.
    if (text.length > this.maxTokenBytes) return Outcome.rejected(Reason.Invalid, "the token is larger than " + this.maxTokenBytes.toString() + " bytes");
    // Read before a JWKS fetch can pause the request: its time is when it arrived, not when the keys came.
    const nowSeconds = request.nowSeconds();
    const keys = this.keys();
    const generation = this.generation();
    const cached = this.cache.get(text, generation);
    let outcome: Outcome;
    if (cached !== null) {
      const expired = this.timeCheck(cached.exp, cached.nbf, nowSeconds);
      outcome = expired !== null ? expired : Outcome.authenticated(this.identityFor(cached.identity));
      outcome.cacheHit = true;
    } else {
      if (keys === null) return mayFetch ? Outcome.keysNeeded() : this.keysMissingOutcome();
      const parsed = parseToken(text);
      const token = parsed.token;
      if (token === null) return Outcome.rejected(Reason.Invalid, parsed.error);
      const verdict = this.verifySignature(token, keys);
      if (verdict == Verdict.KeysNeeded) return mayFetch && this.remote !== null ? Outcome.keysNeeded() : Outcome.rejected(Reason.Invalid, "no key matches the token");
      if (verdict != Verdict.Authenticated) return Outcome.rejected(Reason.Invalid, "the signature does not verify");
      outcome = this.validate(token, text, nowSeconds, generation);
      outcome.remoteKeysUsed = this.remote !== null;
    }
    const identity = outcome.identity;
    if (identity !== null && !this.forwardToken && source.kind == SourceKind.Header) identity.stripped.push(source.name);
    return outcome;
  }

  private keys(): Jwk[] | null {
    const remote = this.remote;
    return remote === null ? this.inlineKeys : remote.keys;
  }

  private generation(): u32 {
    const remote = this.remote;
    return remote === null ? 0 : remote.generation;
  }

  /** Authenticated, Rejected (a key matched but the signature is wrong), or KeysNeeded (no key matched). */
  private verifySignature(token: JwtToken, keys: Jwk[]): Verdict {
    let candidates = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const kid = token.kid;
      if (kid !== null && key.kid !== null && key.kid != kid) continue;
      if (kid !== null && key.kid === null) continue;
      if (!key.accepts(token.alg)) continue;
      candidates++;
      if (verifyJws(token.alg, key, token.signingInput, token.signature)) return Verdict.Authenticated;
    }
    return candidates == 0 ? Verdict.KeysNeeded : Verdict.Rejected;
  }

  private validate(token: JwtToken, text: string, nowSeconds: i64, generation: u32): Outcome {
    const claims = token.payload;
    const iss = claims.get("iss");
    if (iss === null || !iss.isString() || iss.asString() != this.issuer) return Outcome.rejected(Reason.Invalid, "the issuer is not accepted");
    if (this.audiences.length > 0 && !this.audienceMatches(claims.get("aud"))) return Outcome.rejected(Reason.Invalid, "the audience is not accepted");
    const exp = timeClaim(claims, "exp");
    const nbf = timeClaim(claims, "nbf");
    if (exp == i64.MIN_VALUE || nbf == i64.MIN_VALUE) return Outcome.rejected(Reason.Invalid, "exp or nbf is not a number");
    const identity = this.identityOf(claims);
    this.cache.put(new CachedCredential(text, identity, exp, nbf, generation));
    const rejected = this.timeCheck(exp, nbf, nowSeconds);
    return rejected !== null ? rejected : Outcome.authenticated(this.identityFor(identity));
  }

  /** The cached identity itself, or this request's copy when the token is dropped (`stripped` is then per request). */
  private identityFor(identity: Identity): Identity {
    return this.forwardToken ? identity : copyIdentity(identity);
  }

  /** The rejection when the token is outside its time window (with clock skew), else null. */
  private timeCheck(exp: i64, nbf: i64, nowSeconds: i64): Outcome | null {
    if (exp != NO_LIMIT && nowSeconds > exp + this.clockSkewSeconds) return Outcome.rejected(Reason.Expired, "the token has expired");
    if (nbf != -NO_LIMIT && nowSeconds + this.clockSkewSeconds < nbf) return Outcome.rejected(Reason.NotYetValid, "the token is not valid yet");
    return null;
  }

  private audienceMatches(aud: JsonValue | null): bool {
    if (aud === null) return false;
    if (aud.isString()) return this.audiences.includes(aud.asString());
    const items = aud.asArray();
    for (let i = 0; i < items.length; i++) if (items[i].isString() && this.audiences.includes(items[i].asString())) return true;
    return false;
  }

  private identityOf(claims: JsonValue): Identity {
    const consumerNode = claimAt(claims, this.consumerClaim);
    const consumer: string | null = consumerNode === null ? null : claimText(consumerNode);
    const identity = new Identity(this.name, consumer === null ? "" : consumer, claims);
    for (let i = 0; i < this.claimHeaders.length; i++) {
      const mapping = this.claimHeaders[i];
      const value = claimAt(claims, mapping.path);
      const text: string | null = value === null ? null : claimText(value);
      if (text !== null && isHeaderValue(text)) identity.headers.push(new Pair(mapping.header, text));
    }
    return identity;
  }
}

/** The claim as whole seconds: NO_LIMIT (exp) or -NO_LIMIT (nbf) when absent, i64.MIN_VALUE when not a number. */
function timeClaim(claims: JsonValue, name: string): i64 {
  const node = claims.get(name);
  if (node === null) return name == "exp" ? NO_LIMIT : -NO_LIMIT;
  if (!node.isNumber()) return i64.MIN_VALUE;
  const n = node.asNumber();
  if (n != n) return i64.MIN_VALUE;
  if (n >= 9.0e15) return NO_LIMIT;
  if (n <= -9.0e15) return -NO_LIMIT;
  return <i64>Math.floor(n);
}

/** A request's own copy: `stripped` depends on where this request carried the token. */
function copyIdentity(identity: Identity): Identity {
  const copy = new Identity(identity.provider, identity.consumer, identity.claims);
  copy.headers = identity.headers;
  copy.upstream = upstreamHeaders(identity);
  return copy;
}

// Claim values come from a verified token but still must not smuggle a line break into a header.
function isHeaderValue(text: string): bool {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c != 0x09) return false;
    if (c == 0x7f) return false;
  }
  return true;
}

export function parseJwtProvider(r: ConfigReader, name: string): JwtProvider {
  r.onlyFields([
    "name", "type", "issuer", "audiences", "jwks", "remote_jwks", "sources", "clock_skew_seconds", "max_token_bytes",
    "forward_token", "consumer_claim", "claims_to_headers", "token_cache_size",
  ]);
  const provider = new JwtProvider(name);
  provider.issuer = r.requiredString("issuer");
  if (r.ok() && provider.issuer.length == 0) r.fail("issuer", "expected a non-empty string");
  provider.audiences = r.stringArray("audiences");
  if (r.has("jwks") == r.has("remote_jwks") && r.ok()) r.fail("jwks", "give exactly one of \"jwks\" (inline) or \"remote_jwks\"");
  if (r.has("jwks") && r.ok()) provider.inlineKeys = inlineJwks(r);
  if (r.has("remote_jwks")) provider.remote = parseRemoteJwks(r.object("remote_jwks"));
  provider.sources = parseSources(r, "sources", [new CredentialSource(SourceKind.Header, "authorization", "Bearer ")]);
  provider.clockSkewSeconds = r.int("clock_skew_seconds", 60, 0, 3600);
  provider.maxTokenBytes = <i32>r.int("max_token_bytes", 8192, 64, 65536);
  provider.forwardToken = r.bool("forward_token", true);
  provider.consumerClaim = r.string("consumer_claim", "sub").split(".");
  provider.cache = new CredentialCache(<i32>r.int("token_cache_size", 1024, 0, 65536));
  const mappings = r.objects("claims_to_headers");
  for (let i = 0; i < mappings.length && r.ok(); i++) {
    const m = mappings[i];
    m.onlyFields(["claim", "header"]);
    const claim = m.requiredString("claim");
    if (m.ok() && claim.length == 0) m.fail("claim", "expected a claim name or dotted path");
    const header = lowerCaseAscii(m.requiredString("header"));
    if (m.ok() && !isToken(header, true)) m.fail("header", "expected an HTTP header name");
    if (m.ok() && (header == "x-auth-consumer" || header == "x-auth-provider")) m.fail("header", "'" + header + "' is set by the filter");
    if (m.ok() && (header.startsWith(":") || header == "host" || header == "authorization" || header == "cookie")) m.fail("header", "cannot carry a claim");
    provider.claimHeaders.push(new ClaimHeader(claim.split("."), header));
  }
  return provider;
}

/** "jwks" is the JWK Set as JSON text, as jwt_authn's inline_string takes it. */
function inlineJwks(r: ConfigReader): Jwk[] {
  const text = r.string("jwks", "");
  if (!r.ok()) return [];
  const parsed = parseJson(text);
  const document = parsed.value;
  if (document === null) {
    r.fail("jwks", "not JSON: " + parsed.error);
    return [];
  }
  const jwks = parseJwks(document, true);
  if (jwks.error.length > 0) r.fail("jwks", jwks.error);
  return jwks.keys;
}
