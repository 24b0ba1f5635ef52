// What the filter reads of a request: every request header, fetched in one host call, and looked up from here.
import { Pair } from "../../assembly";

export class RequestSnapshot {
  path: string = "/";
  method: string = "";
  host: string = "";

  constructor(public headers: Pair[]) {
    this.path = this.headerOr(":path", "/");
    this.method = this.headerOr(":method", "");
    this.host = this.headerOr(":authority", "");
  }

  /** The first value of `name` (lower-case), or null. */
  header(name: string): string | null {
    const headers = this.headers;
    for (let i = 0; i < headers.length; i++) if (headers[i].key == name) return headers[i].value;
    return null;
  }

  /** Every value of `name` (a header may be sent more than once). */
  headerValues(name: string): string[] {
    const out = new Array<string>();
    const headers = this.headers;
    for (let i = 0; i < headers.length; i++) if (headers[i].key == name) out.push(headers[i].value);
    return out;
  }

  private headerOr(name: string, fallback: string): string {
    const value = this.header(name);
    return value === null ? fallback : value;
  }
}
