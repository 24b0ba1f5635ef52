// A verified identity and the request-header edits that pass it upstream.
//
// Envoy 1.40 re-selects the route after any request-header edit, so the edits are computed from the header snapshot
// first: a spoofed identity header is replaced in place when we set that name anyway and removed otherwise, and
// nothing is touched when nothing changes.
import { HeaderMap, HttpContext, Pair } from "../../assembly";
import { JsonValue } from "../../assembly/config/json";
import { RequestView } from "../../assembly/request_view";

export const CONSUMER_HEADER = "x-auth-consumer";
export const PROVIDER_HEADER = "x-auth-provider";
/** Every request header with this prefix is ours: a client-sent one is always dropped. */
export const IDENTITY_PREFIX = "x-auth-";

export class Identity {
  /** Headers this provider adds upstream beyond consumer and provider (claim mappings, external auth's). */
  headers: Pair[] = [];
  /** Request headers to drop before the upstream (a token that is not forwarded). */
  stripped: string[] = [];
  /** identityHeaders of this identity alone, made once (upstreamHeaders): API-key and Basic identities serve many requests. */
  upstream: Pair[] | null = null;
  constructor(public provider: string, public consumer: string, public claims: JsonValue | null) {}
}

/**
 * Makes the request headers hold exactly `wanted` among the protected ones: each wanted header is added (or replaces a
 * client-sent copy), and every other client-sent protected header is removed, as are the `stripped` ones (a
 * credential not forwarded). Client-sent protected headers are found in the snapshot, so an absent one costs nothing,
 * and no edit list is built: each edit is one host call.
 */
export function passIdentityUpstream(stream: HttpContext, request: RequestView, wanted: Pair[], protectedNames: string[], stripped: string[]): void {
  // Usually the client sent none of them: then no list is made.
  let present: string[] | null = null;
  const headers = request.headers();
  for (let i = 0; i < headers.size; i++) {
    if (!headers.nameStartsWith(i, IDENTITY_PREFIX) && !nameIsOneOf(headers, i, protectedNames) && !nameIsOneOf(headers, i, stripped) && !spellsProtected(headers, i, protectedNames)) continue;
    const name = headers.nameAt(i);
    if (present === null) present = [name];
    else if (!present.includes(name)) present.push(name);
  }
  for (let i = 0; i < wanted.length; i++) {
    const name = wanted[i].key;
    // A name wanted twice (two providers mapping to one header) keeps the first value.
    if (wantedBefore(wanted, name, i)) continue;
    if (present !== null && present.includes(name)) stream.replaceRequestHeader(name, wanted[i].value);
    else stream.addRequestHeader(name, wanted[i].value);
  }
  if (present === null) return;
  for (let i = 0; i < present.length; i++) {
    if (!wantedBefore(wanted, present[i], wanted.length)) stream.removeRequestHeader(present[i]);
  }
}

/**
 * True when header i is a protected name spelt with '_' for '-' (`x_auth_consumer`): CGI, WSGI, PHP and Rack read it
 * as the protected header, so a client could smuggle an identity past the removal of the real spelling.
 */
function spellsProtected(headers: HeaderMap, i: i32, names: string[]): bool {
  if (headers.nameSpells(i, IDENTITY_PREFIX, true)) return true;
  for (let j = 0; j < names.length; j++) if (headers.nameSpells(i, names[j], false)) return true;
  return false;
}

/** True when header i of `headers` has one of `names`, compared without decoding it. */
function nameIsOneOf(headers: HeaderMap, i: i32, names: string[]): bool {
  for (let j = 0; j < names.length; j++) if (headers.nameIs(i, names[j])) return true;
  return false;
}

/** True when one of the first `end` wanted headers is named `name`. */
function wantedBefore(wanted: Pair[], name: string, end: i32): bool {
  for (let i = 0; i < end; i++) if (wanted[i].key == name) return true;
  return false;
}

/** One identity's headers, made on first use and kept with it. */
export function upstreamHeaders(identity: Identity): Pair[] {
  let headers = identity.upstream;
  if (headers === null) {
    headers = identityHeaders([identity]);
    identity.upstream = headers;
  }
  return headers;
}

/** consumer and provider first, then each identity's own headers. */
export function identityHeaders(identities: Identity[]): Pair[] {
  const out = new Array<Pair>();
  if (identities.length == 0) return out;
  // An external service may vouch for a request without naming a consumer.
  if (identities[0].consumer.length > 0) out.push(new Pair(CONSUMER_HEADER, identities[0].consumer));
  out.push(new Pair(PROVIDER_HEADER, providerList(identities)));
  for (let i = 0; i < identities.length; i++) {
    const extra = identities[i].headers;
    for (let j = 0; j < extra.length; j++) out.push(extra[j]);
  }
  return out;
}

/** The providers' names, comma-separated; a lone provider's name as it is (the usual case: nothing to join). */
function providerList(identities: Identity[]): string {
  if (identities.length == 1) return identities[0].provider;
  const names = new Array<string>();
  for (let i = 0; i < identities.length; i++) names.push(identities[i].provider);
  return names.join(",");
}
