// Which rules apply to a request, and the descriptor values each one counts the request under.
import { RequestView } from "../../assembly";
import { separatedPrefixMatches } from "../../assembly/request/path";
import { Entry, Rule, Source } from "./config";

/**
 * The path rules match: canonical (assembly/request/path.ts; http.ts refused an ambiguous one already) or, with
 * raw_path, :path as sent without the query.
 */
export function matchedPath(request: RequestView, rawPath: bool): string {
  return rawPath ? request.rawPath() : request.canonicalPath().path;
}

export function ruleMatches(rule: Rule, request: RequestView, rawPath: bool): bool {
  if (rule.methods.length > 0 && !rule.methods.includes(request.method())) return false;
  if (rule.pathPrefixes.length > 0 && longestPrefix(rule.pathPrefixes, matchedPath(request, rawPath)) === null) return false;
  if (rule.separatedPrefixes.length > 0 && !anySeparatedPrefix(rule.separatedPrefixes, matchedPath(request, rawPath))) return false;
  return true;
}

/** One value per entry, or null when an entry has no value for this request (then the rule does not apply to it). */
export function descriptorValues(rule: Rule, request: RequestView, rawPath: bool): string[] | null {
  const values = new Array<string>(rule.entries.length);
  for (let i = 0; i < rule.entries.length; i++) {
    const value = entryValue(rule.entries[i], request, rawPath);
    if (value === null) return null;
    values[i] = value;
  }
  return values;
}

function entryValue(entry: Entry, request: RequestView, rawPath: bool): string | null {
  // Keyed on the exact bytes: two values that are not UTF-8 never share a bucket because they decode alike.
  if (entry.source == Source.Header) return request.headerKey(entry.header);
  if (entry.source == Source.ClientIp) return clientIp(request, entry.ipv4Prefix, entry.ipv6Prefix);
  if (entry.source == Source.PathPrefix) return longestPrefix(entry.prefixes, matchedPath(request, rawPath));
  if (entry.source == Source.Method) return request.method();
  return entry.value;
}

// source.address, as Envoy's remote_address descriptor uses it, masked to the entry's prefix lengths.
function clientIp(request: RequestView, ipv4Prefix: i32, ipv6Prefix: i32): string {
  const address = request.sourceAddress();
  // An address that is not IP (a Unix socket peer) is counted under its text.
  if (address === null) return request.sourceText();
  const prefix = address.isV4 ? ipv4Prefix : ipv6Prefix;
  return prefix == address.bytes.length * 8 ? address.toString() : address.masked(prefix).toString();
}

function anySeparatedPrefix(prefixes: string[], path: string): bool {
  for (let i = 0; i < prefixes.length; i++) if (separatedPrefixMatches(path, prefixes[i])) return true;
  return false;
}

function longestPrefix(prefixes: string[], path: string): string | null {
  let best: string | null = null;
  for (let i = 0; i < prefixes.length; i++) {
    const prefix = prefixes[i];
    if (path.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
  }
  return best;
}
