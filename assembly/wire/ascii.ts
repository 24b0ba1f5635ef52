// ASCII helpers for header names, methods, hosts and auth schemes (String#toLowerCase would pull Unicode case tables,
// kilobytes, into a module for names that are ASCII by definition).

export function lowerCaseAscii(text: string): string {
  let upper = false;
  for (let i = 0; i < text.length && !upper; i++) upper = isUpper(text.charCodeAt(i));
  if (!upper) return text;
  const codes = new Array<i32>(text.length);
  for (let i = 0; i < text.length; i++) {
    codes[i] = lowerCaseCode(text.charCodeAt(i));
  }
  return String.fromCharCodes(codes);
}

const TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

/** An RFC 9110 token of at most 128 characters whose letters are all lower-case (header names) or upper-case (methods). */
export function isToken(text: string, lowerCase: bool): bool {
  if (text.length == 0 || text.length > 128) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = lowerCase ? c >= 0x61 && c <= 0x7a : isUpper(c);
    if (!letter && !(c >= 0x30 && c <= 0x39) && TOKEN_PUNCTUATION.indexOf(String.fromCharCode(c)) < 0) return false;
  }
  return true;
}

/** Case-insensitive ASCII prefix test (HTTP auth schemes such as "Bearer" are case-insensitive). */
export function startsWithIgnoringCase(text: string, prefix: string): bool {
  if (text.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (lowerCaseCode(text.charCodeAt(i)) != lowerCaseCode(prefix.charCodeAt(i))) return false;
  }
  return true;
}

/** A name that is safe as a stat name segment and a Prometheus label value: [a-z][a-z0-9_]*, at most 64. */
export function isIdentifier(name: string): bool {
  if (name.length == 0 || name.length > 64) return false;
  const first = name.charCodeAt(0);
  if (first < 0x61 || first > 0x7a) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x5f)) return false;
  }
  return true;
}

function lowerCaseCode(c: i32): i32 {
  return isUpper(c) ? c + 0x20 : c;
}

function isUpper(c: i32): bool {
  return c >= 0x41 && c <= 0x5a;
}
