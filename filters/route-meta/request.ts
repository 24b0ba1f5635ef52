// The request attributes conditions and split keys read, each fetched from Envoy at most once per request.
import { HttpContext, getPropertyString } from "../../assembly";
import { cookieValue } from "../../assembly/request/cookie";
import { IpAddress, parseSocketAddress } from "../../assembly/wire/ip";
import { pathOnly } from "../../assembly/request/query";

const READ_PATH: u32 = 1;
const READ_COOKIE: u32 = 2;
const READ_SOURCE: u32 = 4;

export class RequestView {
  private rawPath: string | null = null;
  private cookieHeader: string | null = null;
  private source: IpAddress | null = null;
  private read: u32 = 0;

  constructor(private http: HttpContext) {}

  header(name: string): string | null {
    return this.http.getRequestHeader(name);
  }

  /** :path as sent, query and fragment included. */
  fullPath(): string | null {
    if ((this.read & READ_PATH) == 0) {
      this.read |= READ_PATH;
      this.rawPath = this.http.getRequestHeader(":path");
    }
    return this.rawPath;
  }

  path(): string | null {
    const full = this.fullPath();
    return full === null ? null : pathOnly(full);
  }

  cookie(name: string): string | null {
    if ((this.read & READ_COOKIE) == 0) {
      this.read |= READ_COOKIE;
      this.cookieHeader = this.http.getRequestHeader("cookie");
    }
    const header = this.cookieHeader;
    return header === null ? null : cookieValue(header, name);
  }

  // source.address is the downstream peer as the connection manager sees it (the client behind trusted proxies when
  // use_remote_address and xff_num_trusted_hops say so). IPv4-mapped IPv6 addresses compare as IPv4.
  sourceIp(): IpAddress | null {
    if ((this.read & READ_SOURCE) == 0) {
      this.read |= READ_SOURCE;
      const text = getPropertyString(["source", "address"]);
      const parsed: IpAddress | null = text === null ? null : parseSocketAddress(text);
      this.source = parsed === null ? null : parsed.unmapped();
    }
    return this.source;
  }
}
