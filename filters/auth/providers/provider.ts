// The base of every provider: a name the rules refer to, and a synchronous check of one request. The external
// provider answers through an outbound call instead (see http.ts).
import { RequestView } from "../../../assembly/request_view";
import { Outcome } from "./outcome";

export enum ProviderKind {
  ApiKey = 0,
  Basic = 1,
  Jwt = 2,
  External = 3,
}

export class Provider {
  constructor(public name: string, public kind: ProviderKind) {}

  authenticate(request: RequestView): Outcome {
    return Outcome.missing();
  }

  /** The WWW-Authenticate challenge for a 401 caused by this provider, or null (external auth answers for itself). */
  challenge(realm: string, outcome: Outcome | null): string | null {
    return null;
  }

  /** Request headers this provider writes upstream beyond x-auth-* (always removed when a client sends them). */
  headerNames(): string[] {
    return [];
  }
}

/** A quoted-string for an auth-param: backslash and double quote escaped, control characters dropped. */
export function quoted(text: string): string {
  let out = "\"";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c == 0x7f) continue;
    if (c == 0x22 || c == 0x5c) out += "\\";
    out += String.fromCharCode(c);
  }
  return out + "\"";
}
