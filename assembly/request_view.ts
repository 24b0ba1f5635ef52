// What a filter reads of an HTTP request, each part fetched from Envoy at most once and decoded when first asked:
// headers (every value of a repeated one, and exact-byte keys), method, path in its raw and canonical forms
// (request/path.ts), authority, query parameters, cookies, the downstream address and the time. The hardening
// rules live here and in request/, once for every filter: paths are matched as the upstream will act on them, hosts
// as Envoy routes them, bytes that are not UTF-8 never read as ASCII.
// Callable from the request callbacks of an HTTP context (onRequestHeaders and after), where the headers exist.
import { HeaderMap } from "./header_map";
import { HeaderMapType, getHeader, getHeaderKey } from "./headers";
import { getPropertyString } from "./properties";
import { cookieValue, cookieValues } from "./request/cookie";
import { CanonicalPath, canonicalizePath, pathOnly } from "./request/path";
import { queryParam, queryParams } from "./request/query";
import { nowNanos } from "./time";
import { IpAddress, parseSocketAddress } from "./wire/ip";

const READ_PATH: u32 = 1;
const READ_METHOD: u32 = 2;
const READ_AUTHORITY: u32 = 4;
const READ_COOKIE: u32 = 8;
const READ_SOURCE: u32 = 16;
const READ_CLOCK: u32 = 32;

export class RequestView {
  private map: HeaderMap | null = null;
  private read: u32 = 0;
  private pathValue: string = "";
  private methodValue: string = "";
  private authorityValue: string = "";
  private cookieHeader: string | null = null;
  private canonical: CanonicalPath | null = null;
  private sourceValue: IpAddress | null = null;
  private sourceTextValue: string = "";
  private seconds: i64 = 0;

  /**
   * `wholeMap`: every header is read in one host call at the first read (for a filter that reads many headers or
   * scans their names); otherwise each header read is one host call, and the map is read only when every value of a
   * repeated header is asked for.
   */
  constructor(private wholeMap: bool) {}

  /** Every request header, in one host call, decoded only where asked. */
  headers(): HeaderMap {
    let map = this.map;
    if (map === null) {
      map = HeaderMap.read(HeaderMapType.RequestHeaders);
      this.map = map;
    }
    return map;
  }

  /** The first value of `name` (lower-case), or null. */
  header(name: string): string | null {
    if (this.wholeMap || this.map !== null) return this.headers().get(name);
    return getHeader(HeaderMapType.RequestHeaders, name);
  }

  /** Every value of `name`, in order: a header sent twice is two values (Envoy's route match tries each). */
  headerValues(name: string): string[] {
    const map = this.headers();
    const values = new Array<string>();
    for (let i = map.find(name, 0); i >= 0; i = map.find(name, i + 1)) values.push(map.valueAt(i));
    return values;
  }

  /** The first value of `name` as a key that tells every byte string apart (wire/utf8.ts exactKey), or null. */
  headerKey(name: string): string | null {
    if (this.wholeMap || this.map !== null) {
      const map = this.headers();
      const i = map.find(name, 0);
      return i < 0 ? null : map.valueKeyAt(i);
    }
    return getHeaderKey(HeaderMapType.RequestHeaders, name);
  }

  method(): string {
    if ((this.read & READ_METHOD) == 0) {
      this.read |= READ_METHOD;
      this.methodValue = orEmpty(this.header(":method"));
    }
    return this.methodValue;
  }

  /** :path as sent, query included. */
  path(): string {
    if ((this.read & READ_PATH) == 0) {
      this.read |= READ_PATH;
      this.pathValue = orEmpty(this.header(":path"));
    }
    return this.pathValue;
  }

  /** :path as sent, without the query. */
  rawPath(): string {
    return pathOnly(this.path());
  }

  /** The path the upstream will act on (request/path.ts), or the problem that makes it ambiguous. */
  canonicalPath(): CanonicalPath {
    let canonical = this.canonical;
    if (canonical === null) {
      canonical = canonicalizePath(this.path());
      this.canonical = canonical;
    }
    return canonical;
  }

  /** :authority as sent (port included); compare with request/authority.ts. */
  authority(): string {
    if ((this.read & READ_AUTHORITY) == 0) {
      this.read |= READ_AUTHORITY;
      this.authorityValue = orEmpty(this.header(":authority"));
    }
    return this.authorityValue;
  }

  /** The first query parameter `name`, decoded; "" when it has no value, null when absent. */
  query(name: string): string | null {
    return queryParam(this.path(), name);
  }

  /** Every query parameter `name`, decoded, in order. */
  queryValues(name: string): string[] {
    return queryParams(this.path(), name);
  }

  /** The first cookie `name` of the first Cookie header, or null. */
  cookie(name: string): string | null {
    if ((this.read & READ_COOKIE) == 0) {
      this.read |= READ_COOKIE;
      this.cookieHeader = this.header("cookie");
    }
    const header = this.cookieHeader;
    return header === null ? null : cookieValue(header, name);
  }

  /** Every cookie `name`, across every Cookie header (HTTP/1.1 clients may send several). */
  cookieValues(name: string): string[] {
    const values = new Array<string>();
    const headers = this.headerValues("cookie");
    for (let i = 0; i < headers.length; i++) cookieValues(headers[i], name, values);
    return values;
  }

  /**
   * The downstream address as the connection manager sees it (source.address: the client behind trusted proxies
   * when use_remote_address and xff_num_trusted_hops say so), IPv4-mapped IPv6 as IPv4; null when it is no IP
   * address (a Unix socket peer).
   */
  sourceAddress(): IpAddress | null {
    this.readSource();
    return this.sourceValue;
  }

  /** source.address as Envoy gives it ("" when absent). */
  sourceText(): string {
    this.readSource();
    return this.sourceTextValue;
  }

  /** Seconds since the epoch when first asked; the same for the rest of the request (a paused one included). */
  nowSeconds(): i64 {
    if ((this.read & READ_CLOCK) == 0) {
      this.read |= READ_CLOCK;
      this.seconds = <i64>(nowNanos() / 1_000_000_000);
    }
    return this.seconds;
  }

  private readSource(): void {
    if ((this.read & READ_SOURCE) != 0) return;
    this.read |= READ_SOURCE;
    this.sourceTextValue = orEmpty(getPropertyString(["source", "address"]));
    const parsed = parseSocketAddress(this.sourceTextValue);
    this.sourceValue = parsed === null ? null : parsed.unmapped();
  }
}

function orEmpty(value: string | null): string {
  return value === null ? "" : value;
}
