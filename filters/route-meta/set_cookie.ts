// The Set-Cookie value that lets a browser keep its assignment (RFC 6265 §4.1). Tags are tokens, so the value
// needs no quoting.
import { CookieSpec } from "./config";

export function setCookieValue(cookie: CookieSpec, tag: string): string {
  let value = cookie.name + "=" + tag + "; Max-Age=" + cookie.maxAgeSeconds.toString() + "; Path=" + cookie.path;
  if (cookie.secure) value += "; Secure";
  if (cookie.httpOnly) value += "; HttpOnly";
  return value + "; SameSite=" + cookie.sameSite;
}
