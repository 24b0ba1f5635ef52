// What the filter reads of a request: every request header, fetched in one host call (a client-sent x-auth-* header
// of any name must be found, which single reads cannot do) and decoded only where looked up; and the time, read once
// and only when a JWT's time claims are checked.
import { HeaderMap, nowNanos } from "../../assembly";

export class RequestSnapshot {
  private seconds: i64 = 0;
  private clockRead: bool = false;
  // Decoded when a rule or provider first asks: most requests never need them.
  private pathValue: string | null = null;
  private methodValue: string | null = null;
  private hostValue: string | null = null;

  constructor(public headers: HeaderMap) {}

  get path(): string {
    if (this.pathValue === null) this.pathValue = this.headerOr(":path", "/");
    return changetype<string>(this.pathValue);
  }

  get method(): string {
    if (this.methodValue === null) this.methodValue = this.headerOr(":method", "");
    return changetype<string>(this.methodValue);
  }

  get host(): string {
    if (this.hostValue === null) this.hostValue = this.headerOr(":authority", "");
    return changetype<string>(this.hostValue);
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
    return this.headers.get(name);
  }

  private headerOr(name: string, fallback: string): string {
    const value = this.header(name);
    return value === null ? fallback : value;
  }
}
