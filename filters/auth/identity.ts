// A verified identity and the request-header edits that pass it upstream.
//
// Envoy 1.40 re-selects the route after any request-header edit, so the edits are computed from the header snapshot
// first: a spoofed identity header is replaced in place when we set that name anyway and removed otherwise, and
// nothing is touched when nothing changes.
import { HeaderMap, Pair } from "../../assembly";
import { JsonValue } from "../../assembly/lib/json";
import { RequestSnapshot } from "./request";

export const CONSUMER_HEADER = "x-auth-consumer";
export const PROVIDER_HEADER = "x-auth-provider";
/** Every request header with this prefix is ours: a client-sent one is always dropped. */
export const IDENTITY_PREFIX = "x-auth-";

export class Identity {
  /** Headers this provider adds upstream beyond consumer and provider (claim mappings, external auth's). */
  headers: Pair[] = [];
  /** Request headers to drop before the upstream (a token that is not forwarded). */
  stripped: string[] = [];
  constructor(public provider: string, public consumer: string, public claims: JsonValue | null) {}
}

export enum EditKind {
  Add = 0,
  Replace = 1,
  Remove = 2,
}

export class HeaderEdit {
  constructor(public kind: EditKind, public name: string, public value: string) {}
}

/**
 * The edits that leave exactly `wanted` among the protected headers. `stripped` names headers to drop as well
 * (a credential not forwarded). Client-sent protected headers are found in the snapshot, so an absent one costs nothing.
 */
export function identityEdits(request: RequestSnapshot, wanted: Pair[], protectedNames: string[], stripped: string[]): HeaderEdit[] {
  // Usually the client sent none of them: then no list is made.
  let present: string[] | null = null;
  const headers = request.headers;
  for (let i = 0; i < headers.size; i++) {
    if (!headers.nameStartsWith(i, IDENTITY_PREFIX) && !nameIsOneOf(headers, i, protectedNames) && !nameIsOneOf(headers, i, stripped)) continue;
    const name = headers.nameAt(i);
    if (present === null) present = [name];
    else if (!present.includes(name)) present.push(name);
  }
  const edits = new Array<HeaderEdit>();
  for (let i = 0; i < wanted.length; i++) {
    const name = wanted[i].key;
    // A name wanted twice (two providers mapping to one header) keeps the first value.
    if (wantedBefore(wanted, name, i)) continue;
    const spoofed = present !== null && present.includes(name);
    edits.push(new HeaderEdit(spoofed ? EditKind.Replace : EditKind.Add, name, wanted[i].value));
  }
  if (present === null) return edits;
  for (let i = 0; i < present.length; i++) {
    if (!wantedBefore(wanted, present[i], wanted.length)) edits.push(new HeaderEdit(EditKind.Remove, present[i], ""));
  }
  return edits;
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
