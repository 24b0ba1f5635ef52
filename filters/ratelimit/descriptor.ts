// Which rules apply to a request, and the descriptor values each one counts the request under.
import { HttpContext, getPropertyString } from "../../assembly";
import { IpAddress, parseSocketAddress } from "../../assembly/wire/ip";
import { Entry, Rule, Source } from "./config";

/** The request attributes rules read, each fetched from Envoy at most once per request (a host call each). */
export class RequestView {
  private path: string = "";
  private method: string = "";
  private sourceText: string = "";
  private source: IpAddress | null = null;
  private read: u32 = 0;

  constructor(private http: HttpContext) {}

  getPath(): string {
    if ((this.read & READ_PATH) == 0) {
      this.read |= READ_PATH;
      this.path = orEmpty(this.http.getRequestHeader(":path"));
    }
    return this.path;
  }

  getMethod(): string {
    if ((this.read & READ_METHOD) == 0) {
      this.read |= READ_METHOD;
      this.method = orEmpty(this.http.getRequestHeader(":method"));
    }
    return this.method;
  }

  getHeader(name: string): string | null {
    return this.http.getRequestHeader(name);
  }

  // source.address is the downstream address as the connection manager sees it: with use_remote_address and
  // xff_num_trusted_hops set, the client behind trusted proxies, as Envoy's remote_address descriptor uses.
  getClientIp(ipv4Prefix: i32, ipv6Prefix: i32): string {
    if ((this.read & READ_SOURCE) == 0) {
      this.read |= READ_SOURCE;
      this.sourceText = orEmpty(getPropertyString(["source", "address"]));
      const parsed = parseSocketAddress(this.sourceText);
      this.source = parsed === null ? null : parsed.unmapped();
    }
    const address = this.source;
    // An address that is not IP (a Unix socket peer) is counted under its text.
    if (address === null) return this.sourceText;
    const prefix = address.isV4 ? ipv4Prefix : ipv6Prefix;
    return prefix == address.bytes.length * 8 ? address.toString() : address.masked(prefix).toString();
  }
}

const READ_PATH: u32 = 1;
const READ_METHOD: u32 = 2;
const READ_SOURCE: u32 = 4;

function orEmpty(value: string | null): string {
  return value === null ? "" : value;
}

export function ruleMatches(rule: Rule, request: RequestView): bool {
  if (rule.methods.length > 0 && !rule.methods.includes(request.getMethod())) return false;
  if (rule.pathPrefixes.length > 0 && longestPrefix(rule.pathPrefixes, request.getPath()) === null) return false;
  return true;
}

/** One value per entry, or null when an entry has no value for this request (then the rule does not apply to it). */
export function descriptorValues(rule: Rule, request: RequestView): string[] | null {
  const values = new Array<string>(rule.entries.length);
  for (let i = 0; i < rule.entries.length; i++) {
    const value = entryValue(rule.entries[i], request);
    if (value === null) return null;
    values[i] = value;
  }
  return values;
}

function entryValue(entry: Entry, request: RequestView): string | null {
  if (entry.source == Source.Header) return request.getHeader(entry.header);
  if (entry.source == Source.ClientIp) return request.getClientIp(entry.ipv4Prefix, entry.ipv6Prefix);
  if (entry.source == Source.PathPrefix) return longestPrefix(entry.prefixes, request.getPath());
  if (entry.source == Source.Method) return request.getMethod();
  return entry.value;
}

function longestPrefix(prefixes: string[], path: string): string | null {
  let best: string | null = null;
  for (let i = 0; i < prefixes.length; i++) {
    const prefix = prefixes[i];
    if (path.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
  }
  return best;
}
