// What the filter reads of a request: every request header, fetched in one host call (a client-sent x-auth-* header
// of any name must be found, which single reads cannot do), and looked up from here; and the time, read once and only
// when a JWT's time claims are checked.
import { Pair, nowNanos } from "../../assembly";

export class RequestSnapshot {
  path: string = "/";
  method: string = "";
  host: string = "";
  private seconds: i64 = 0;
  private clockRead: bool = false;

  constructor(public headers: Pair[]) {
    this.path = this.headerOr(":path", "/");
    this.method = this.headerOr(":method", "");
    this.host = this.headerOr(":authority", "");
  }

  /** Seconds since the epoch when first asked; the same for the rest of the request (a paused one included). */
  nowSeconds(): i64 {
    if (!this.clockRead) {
      this.seconds = <i64>(nowNanos() / 1_000_000_000);
      this.clockRead = true;
    }
    return this.seconds;
  }

  /** The first value of `name` (lower-case), or null. */
  header(name: string): string | null {
    const headers = this.headers;
    for (let i = 0; i < headers.length; i++) if (headers[i].key == name) return headers[i].value;
    return null;
  }

  private headerOr(name: string, fallback: string): string {
    const value = this.header(name);
    return value === null ? fallback : value;
  }
}
