// What a sticky share hashes: a header, a cookie, a query parameter, the client address or the verified identity.
import { RequestView } from "../../assembly/request_view";

export enum KeySource {
  Header = 0,
  Cookie = 1,
  Query = 2,
  ClientIp = 3,
}

export class StickyKey {
  /** Identity is a Header key on the identity header. */
  source: KeySource = KeySource.Header;
  name: string = "";

  /** The key's value on this request, or null when the request does not carry it. */
  read(request: RequestView): string | null {
    const source = this.source;
    if (source == KeySource.Header) return request.header(this.name);
    if (source == KeySource.Cookie) return request.cookie(this.name);
    if (source == KeySource.Query) return request.query(this.name);
    const address = request.sourceAddress();
    return address === null ? null : address.toString();
  }
}
