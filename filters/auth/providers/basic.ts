// HTTP Basic: consumers with a user name and a password hash, SHA-256 in hex or htpasswd's {SHA} (base64 SHA-1).
// Plain-text passwords are refused in the configuration; hashes are compared in constant time. Credentials that
// passed are remembered per worker (credential_cache.ts), so a client sending the same one skips base64 and the hash.
import { ConfigReader } from "../../../assembly/config/reader";
import { base64Decode } from "../../../common/base64";
import { constantTimeEquals } from "../../../common/crypto/constant_time";
import { sha1 } from "../../../common/crypto/sha1";
import { sha256 } from "../../../common/crypto/sha256";
import { startsWithIgnoringCase } from "../../../assembly/wire/ascii";
import { fromHex } from "../../../assembly/wire/hex";
import { decodeUtf8, isUtf8 } from "../../../assembly/wire/utf8";
import { CachedCredential, CredentialCache } from "../credential_cache";
import { Identity } from "../identity";
import { RequestView } from "../../../assembly/request_view";
import { Outcome, Reason } from "./outcome";
import { Provider, ProviderKind, quoted } from "./provider";

const HTPASSWD_SHA = "{SHA}";
const MAX_CREDENTIAL_LENGTH = 4096;
/** Verified credentials kept per worker: a few per consumer. */
const CACHED_CREDENTIALS = 256;

class BasicUser {
  /** Built once, like the two answers below: Basic identities carry nothing per request. */
  identity: Identity;
  verified: Outcome;
  /** The answer for a credential found in the cache (counted as a cache hit). */
  remembered: Outcome;
  constructor(provider: string, public consumer: string, public sha1: bool, public hash: Uint8Array) {
    const identity = new Identity(provider, consumer, null);
    const remembered = Outcome.authenticated(identity);
    remembered.cacheHit = true;
    this.identity = identity;
    this.verified = Outcome.authenticated(identity);
    this.remembered = remembered;
  }
}

export class BasicProvider extends Provider {
  users: Map<string, BasicUser> = new Map<string, BasicUser>();
  private cache: CredentialCache = new CredentialCache(CACHED_CREDENTIALS);

  constructor(name: string) {
    super(name, ProviderKind.Basic);
  }

  authenticate(request: RequestView): Outcome {
    const header = request.header("authorization");
    if (header === null || !startsWithIgnoringCase(header, "Basic ")) return Outcome.missing();
    const encoded = header.substring(6).trim();
    if (encoded.length > MAX_CREDENTIAL_LENGTH) return Outcome.rejected(Reason.Invalid, "malformed Basic credentials");
    const cached = this.cache.get(encoded, 0);
    if (cached !== null) return cached.answer!;
    const decoded = base64Decode(encoded);
    if (decoded === null) return Outcome.rejected(Reason.Invalid, "malformed Basic credentials");
    // Bytes that are not UTF-8 are no credential: a lax decoder would read the overlong C0 BA as ':'.
    if (!isUtf8(decoded.dataStart, <usize>decoded.length)) return Outcome.rejected(Reason.Invalid, "malformed Basic credentials");
    const text = decodeUtf8(decoded.dataStart, <usize>decoded.length);
    const colon = text.indexOf(":");
    if (colon < 0) return Outcome.rejected(Reason.Invalid, "malformed Basic credentials");
    const userName = text.substring(0, colon);
    const password = Uint8Array.wrap(String.UTF8.encode(text.substring(colon + 1)));
    if (!this.users.has(userName)) return Outcome.rejected(Reason.Invalid, "unknown user or wrong password");
    const user = this.users.get(userName);
    const hash = user.sha1 ? sha1(password) : sha256(password);
    if (!constantTimeEquals(hash, user.hash)) return Outcome.rejected(Reason.Invalid, "unknown user or wrong password");
    const entry = new CachedCredential(encoded, user.identity, i64.MAX_VALUE, i64.MIN_VALUE, 0);
    entry.answer = user.remembered;
    this.cache.put(entry);
    return user.verified;
  }

  challenge(realm: string, outcome: Outcome | null): string | null {
    return "Basic realm=" + quoted(realm);
  }
}

export function parseBasicProvider(r: ConfigReader, name: string): BasicProvider {
  r.onlyFields(["name", "type", "consumers"]);
  const provider = new BasicProvider(name);
  const consumers = r.objects("consumers");
  if (r.ok() && consumers.length == 0) r.fail("consumers", "expected at least one consumer");
  const names = new Array<string>();
  for (let i = 0; i < consumers.length && r.ok(); i++) {
    const c = consumers[i];
    c.onlyFields(["name", "user", "password_hash", "password"]);
    const consumer = c.requiredString("name");
    if (c.ok() && consumer.length == 0) c.fail("name", "expected a non-empty string");
    if (c.ok() && names.includes(consumer)) c.fail("name", "duplicate consumer '" + consumer + "'");
    names.push(consumer);
    const user = c.requiredString("user");
    if (c.ok() && (user.length == 0 || user.includes(":"))) c.fail("user", "expected a non-empty user name without ':'");
    if (c.ok() && provider.users.has(user)) c.fail("user", "duplicate user '" + user + "'");
    if (c.has("password")) c.fail("password", "plain-text passwords are not accepted: give password_hash (SHA-256 hex or htpasswd {SHA})");
    const hashText = c.requiredString("password_hash");
    const parsed = parsePasswordHash(hashText);
    if (c.ok() && parsed === null) c.fail("password_hash", "expected 64 hex digits (SHA-256) or {SHA} followed by base64 (htpasswd -s)");
    if (c.ok() && parsed !== null) provider.users.set(user, new BasicUser(name, consumer, hashText.startsWith(HTPASSWD_SHA), parsed));
  }
  return provider;
}

function parsePasswordHash(text: string): Uint8Array | null {
  if (text.startsWith(HTPASSWD_SHA)) {
    const digest = base64Decode(text.substring(HTPASSWD_SHA.length));
    return digest !== null && digest.length == 20 ? digest : null;
  }
  return text.length == 64 ? fromHex(text) : null;
}
