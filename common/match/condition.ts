// One condition: a request attribute (source), an operator and what it compares with. Shared by the filters that
// target requests (route-meta's rules, the fault filter's experiments); condition_config.ts reads them.
import { Cidr, IpAddress } from "../../assembly/wire/ip";
import { Regex } from "../regex/index";
import { Op, compareString, matchesAbsent } from "./operators";
import { RequestView } from "../../assembly/request_view";
import { POINTS_PER_PERCENT, stickyPoint } from "./sticky_point";

export enum Source {
  Header = 0,
  Cookie = 1,
  Query = 2,
  Path = 3,
  Method = 4,
  Authority = 5,
  SourceIp = 6,
  Identity = 7,
  /** The routing tag route-meta wrote (or an upstream hop sent): only the v2 canary. */
  RouteTag = 8,
}

export const SOURCE_NAMES: string[] = ["header", "cookie", "query", "path", "method", "authority", "source_ip", "identity", "route_tag"];

/** Sources that read a named item (a header, a cookie, a query parameter) and so need "name". */
export function sourceNeedsName(source: Source): bool {
  return source == Source.Header || source == Source.Cookie || source == Source.Query;
}

export class Condition {
  source: Source = Source.Header;
  /** The header, cookie or query parameter name; for identity and route_tag, the header that carries it. */
  name: string = "";
  op: Op = Op.Present;
  value: string = "";
  values: string[] = [];
  ignoreCase: bool = false;
  /** source_ip: the networks of "in"/"not_in", or the one address of "equal"/"not_equal" as a full-length prefix. */
  networks: Cidr[] = [];
  regex: Regex | null = null;
  /** percent: the share of values that match, 0 to 100. */
  percent: u32 = 0;

  readsPath(): bool {
    return this.source == Source.Path;
  }
}

/** `rawPath`: path conditions see :path as sent instead of its canonical form. */
export function conditionMatches(c: Condition, request: RequestView, rawPath: bool): bool {
  if (c.source == Source.SourceIp) return sourceIpMatches(c, request.sourceAddress());
  const actual = attribute(c, request, rawPath);
  if (actual === null) return matchesAbsent(c.op);
  if (c.op == Op.Absent) return false;
  // Full match, as Envoy's safe_regex and Istio's header regex: "v2" does not match "xv2y" unless the pattern says .*.
  if (c.op == Op.Regex) return c.regex!.fullMatch(actual);
  // The same point sticky_split gives the value, so "percent 10" on x-user-id picks the users a 10% split would.
  if (c.op == Op.Percent) return actual.length > 0 && stickyPoint("", actual) < c.percent * POINTS_PER_PERCENT;
  return compareString(c.op, actual, c.value, c.values, c.ignoreCase);
}

function attribute(c: Condition, request: RequestView, rawPath: bool): string | null {
  switch (c.source) {
    case Source.Header:
    case Source.Identity:
    case Source.RouteTag: return request.header(c.name);
    case Source.Cookie: return request.cookie(c.name);
    case Source.Query: return request.query(c.name);
    // The filter refused the request already when its canonical path is ambiguous.
    case Source.Path: return rawPath ? request.rawPath() : request.canonicalPath().path;
    case Source.Method: return request.header(":method");
    case Source.Authority: return request.header(":authority");
    default: return null;
  }
}

function sourceIpMatches(c: Condition, address: IpAddress | null): bool {
  // A peer that is no IP address (a Unix socket) is in no network.
  if (address === null) return matchesAbsent(c.op);
  let inside = false;
  for (let i = 0; i < c.networks.length; i++) {
    if (c.networks[i].contains(address)) {
      inside = true;
      break;
    }
  }
  return c.op == Op.Equal || c.op == Op.In ? inside : !inside;
}
