// The path a request's upstream will act on, for matching rules against: Envoy passes :path as the client sent it
// (normalize_path and merge_slashes are off by default), while most web servers and frameworks normalize it first,
// so `/public/../admin` would match a public prefix here and serve /admin there.
//
// The canonical form: escapes of unreserved characters decoded (RFC 3986 §6.2.2.2: `%61` is `a`) and other escapes
// upper-cased, `;parameters` cut from each segment (Tomcat and Spring drop them: `/admin;x/users` is /admin/users
// there), empty segments merged (`//` is `/`), then dot segments removed (RFC 3986 §5.2.4). A path whose meaning
// differs between servers is not given a canonical form but refused: an escaped `/` or `\`, a backslash, `%00`, a
// dot segment spelt with escapes (`%2e%2e`), a `%` without two hex digits.
import { hexDigitValue } from "../wire/hex";

export enum PathProblem {
  None = 0,
  EscapedSlash = 1,
  Backslash = 2,
  EscapedNul = 3,
  EscapedDotSegment = 4,
  InvalidEscape = 5,
}

/** Per PathProblem: a stat-name segment, and what the refusal says. */
export const PATH_PROBLEM_NAMES: string[] = ["", "escaped_slash", "backslash", "escaped_nul", "escaped_dot_segment", "invalid_escape"];
export const PATH_PROBLEM_TEXT: string[] = [
  "",
  "the path holds an escaped '/' or '\\\\'",
  "the path holds a backslash",
  "the path holds an escaped NUL",
  "the path holds a dot segment spelt with escapes",
  "the path holds a '%' without two hex digits",
];

export class CanonicalPath {
  constructor(public path: string, public problem: PathProblem) {}
}

const UPPER_HEX = "0123456789ABCDEF";

function isUnreserved(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2e || c == 0x5f || c == 0x7e;
}

/** The path without `?query` and `#fragment`. */
export function pathOnly(path: string): string {
  const q = path.indexOf("?");
  const h = path.indexOf("#");
  let end = path.length;
  if (q >= 0) end = q;
  if (h >= 0 && h < end) end = h;
  return end == path.length ? path : path.substring(0, end);
}

/** The canonical form of `raw` (a :path, query and all), or the problem that makes it ambiguous. */
export function canonicalizePath(raw: string): CanonicalPath {
  const path = pathOnly(raw);
  // Not an origin-form path (`*` of OPTIONS): nothing to normalize, and no rule's "/..." matches it.
  if (!path.startsWith("/")) return new CanonicalPath(path, PathProblem.None);
  if (isPlain(path)) return new CanonicalPath(path, PathProblem.None);
  const segments = new Array<string>();
  let segment = "";
  /** The segment holds a character that came from an escape, up to its first ';'. */
  let escaped = false;
  let params = false;
  for (let i = 1; i <= path.length; i++) {
    const c = i < path.length ? path.charCodeAt(i) : 0x2f;
    if (c == 0x2f) {
      const problem = addSegment(segments, segment, escaped, i == path.length);
      if (problem != PathProblem.None) return new CanonicalPath("", problem);
      segment = "";
      escaped = false;
      params = false;
      continue;
    }
    if (c == 0x5c) return new CanonicalPath("", PathProblem.Backslash);
    if (c == 0x25) {
      const high = i + 1 < path.length ? hexDigitValue(path.charCodeAt(i + 1)) : -1;
      const low = i + 2 < path.length ? hexDigitValue(path.charCodeAt(i + 2)) : -1;
      if (high < 0 || low < 0) return new CanonicalPath("", PathProblem.InvalidEscape);
      const byte = (high << 4) | low;
      if (byte == 0x2f || byte == 0x5c) return new CanonicalPath("", PathProblem.EscapedSlash);
      if (byte == 0) return new CanonicalPath("", PathProblem.EscapedNul);
      i += 2;
      if (params) continue;
      if (isUnreserved(byte)) {
        segment += String.fromCharCode(byte);
        escaped = true;
      } else {
        segment += "%" + UPPER_HEX.charAt(high) + UPPER_HEX.charAt(low);
      }
      continue;
    }
    if (c == 0x3b) params = true;
    if (!params) segment += String.fromCharCode(c);
  }
  return new CanonicalPath("/" + segments.join("/"), PathProblem.None);
}

/** Appends one segment (RFC 3986 §5.2.4 on the way); `last` keeps a trailing slash. */
function addSegment(segments: string[], segment: string, escaped: bool, last: bool): PathProblem {
  const dot = segment == "." || segment == "..";
  if (dot && escaped) return PathProblem.EscapedDotSegment;
  if (segment == "..") {
    if (segments.length > 0) segments.pop();
    if (last) segments.push("");
    return PathProblem.None;
  }
  if (segment == "." || segment.length == 0) {
    // An empty or "." segment at the end still leaves a directory: "/a/." and "/a//" are "/a/".
    if (last && (segments.length == 0 || segments[segments.length - 1].length > 0)) segments.push("");
    return PathProblem.None;
  }
  segments.push(segment);
  return PathProblem.None;
}

/** Nothing to do: no escape, backslash, ';', empty or dot segment. The common case, checked without allocating. */
function isPlain(path: string): bool {
  let previous = 0x2f;
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c == 0x25 || c == 0x5c || c == 0x3b) return false;
    if (c == 0x2f && previous == 0x2f) return false;
    if (c == 0x2e && previous == 0x2f) {
      const next = i + 1 < path.length ? path.charCodeAt(i + 1) : 0x2f;
      const after = i + 2 < path.length ? path.charCodeAt(i + 2) : 0x2f;
      if (next == 0x2f || (next == 0x2e && after == 0x2f)) return false;
    }
    previous = c;
  }
  return true;
}

/**
 * Envoy's `path_separated_prefix`: `prefix` (without a trailing '/') matches itself and what lies below it, so
 * `/admin` matches `/admin` and `/admin/users`, never `/administrator`.
 */
export function separatedPrefixMatches(path: string, prefix: string): bool {
  if (!path.startsWith(prefix)) return false;
  return path.length == prefix.length || path.charCodeAt(prefix.length) == 0x2f;
}
