// Refusals: 401 (no valid credential) with the providers' WWW-Authenticate challenges, 403 (a valid identity the
// rule does not allow), 400 (a path or host whose meaning differs between servers). The body is JSON
// {"error": ..., "message": ...} in every case.
import { Pair } from "../../assembly";
import { Reason } from "./providers/outcome";

export class Denial {
  constructor(public status: u32, public error: string, public message: string, public challenges: string[]) {}

  headers(): Pair[] {
    const headers: Pair[] = [new Pair("content-type", "application/json")];
    for (let i = 0; i < this.challenges.length; i++) headers.push(new Pair("www-authenticate", this.challenges[i]));
    return headers;
  }

  body(): ArrayBuffer {
    return String.UTF8.encode("{\"error\":" + jsonString(this.error) + ",\"message\":" + jsonString(this.message) + "}");
  }
}

/** The "error" code of a 401 for `reason`. */
export function errorCode(reason: Reason): string {
  if (reason == Reason.Missing) return "missing_credentials";
  if (reason == Reason.Expired) return "token_expired";
  if (reason == Reason.NotYetValid) return "token_not_yet_valid";
  if (reason == Reason.Unavailable) return "auth_unavailable";
  return "invalid_credentials";
}

const HEX = "0123456789abcdef";

export function jsonString(text: string): string {
  let out = "\"";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c < 0x20) out += "\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 0xf);
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}
