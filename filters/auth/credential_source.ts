// Where a credential is read from: a header (optionally after a prefix such as "Bearer "), a query parameter or a
// cookie. API keys and JWTs share this; Basic always reads Authorization. Each of these can repeat (a header sent
// twice, `?api_key=A&api_key=B`, two cookies of one name), and the upstream may read another copy than the filter
// did, so every copy is read: two different credentials in one request are a conflict, never a choice.
import { ConfigReader } from "../../assembly/config/reader";
import { isToken, lowerCaseAscii, startsWithIgnoringCase } from "../../assembly/wire/ascii";
import { RequestView } from "../../assembly/request_view";

export enum SourceKind {
  Header = 0,
  Query = 1,
  Cookie = 2,
}

/** The one credential a request carries, gathered from every copy; two different ones conflict. */
export class FoundCredential {
  value: string | null = null;
  conflict: bool = false;

  /** Notes one copy; an empty one carries nothing. */
  add(candidate: string | null): void {
    if (candidate === null || candidate.length == 0) return;
    const value = this.value;
    if (value === null) this.value = candidate;
    else if (value != candidate) this.conflict = true;
  }
}

export class CredentialSource {
  constructor(public kind: SourceKind, public name: string, public prefix: string) {}

  /** Adds every credential this source finds in the request to `found`. A header without the prefix holds none. */
  collect(request: RequestView, found: FoundCredential): void {
    if (this.kind == SourceKind.Query) {
      const values = request.queryValues(this.name);
      for (let i = 0; i < values.length; i++) found.add(values[i]);
      return;
    }
    if (this.kind == SourceKind.Cookie) {
      const values = request.cookieValues(this.name);
      for (let i = 0; i < values.length; i++) found.add(values[i]);
      return;
    }
    const headers = request.headers();
    for (let j = headers.find(this.name, 0); j >= 0; j = headers.find(this.name, j + 1)) found.add(this.credentialIn(headers.valueAt(j)));
  }

  /** The credential in one value of this source's header: trimmed, after the prefix; null without the prefix. */
  credentialIn(value: string): string | null {
    if (this.prefix.length == 0) return value.trim();
    if (!startsWithIgnoringCase(value, this.prefix)) return null;
    return value.substring(this.prefix.length).trim();
  }
}

/** Reads `field` (a list of {header, prefix} / {query} / {cookie}); `fallback` when absent. */
export function parseSources(r: ConfigReader, field: string, fallback: CredentialSource[]): CredentialSource[] {
  if (!r.has(field)) return fallback;
  const items = r.objects(field);
  if (r.ok() && items.length == 0) r.fail(field, "expected at least one source");
  const out = new Array<CredentialSource>();
  for (let i = 0; i < items.length && r.ok(); i++) {
    const s = items[i];
    s.onlyFields(["header", "prefix", "query", "cookie"]);
    const given = (s.has("header") ? 1 : 0) + (s.has("query") ? 1 : 0) + (s.has("cookie") ? 1 : 0);
    if (given != 1) {
      s.fail("", "expected exactly one of \"header\", \"query\" or \"cookie\"");
      break;
    }
    if (s.has("header")) {
      const name = lowerCaseAscii(s.string("header", ""));
      if (s.ok() && !isToken(name, true)) s.fail("header", "expected an HTTP header name");
      out.push(new CredentialSource(SourceKind.Header, name, s.string("prefix", "")));
      continue;
    }
    if (s.has("prefix")) s.fail("prefix", "applies to \"header\" sources only");
    const name = s.has("query") ? s.string("query", "") : s.string("cookie", "");
    if (s.ok() && name.length == 0) s.fail(s.has("query") ? "query" : "cookie", "expected a non-empty name");
    out.push(new CredentialSource(s.has("query") ? SourceKind.Query : SourceKind.Cookie, name, ""));
  }
  return out;
}
