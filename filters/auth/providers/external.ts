// External authorization: an http_call to an auth service carrying selected request headers. A 2xx allows and may
// name the consumer and return headers to add upstream; any other answer is sent to the client as it came (status,
// body, content-type). Timeouts and failed calls follow the failure mode: deny (503) or allow with a marker header.
import { Pair } from "../../../assembly";
import { ConfigReader } from "../../../assembly/config/reader";
import { isToken, lowerCaseAscii } from "../../../assembly/wire/ascii";
import { Identity } from "../identity";
import { RequestView } from "../../../assembly/request_view";
import { Provider, ProviderKind } from "./provider";

export const FAILURE_MODE_ALLOWED_HEADER = "x-auth-failure-mode-allowed";
const FORBIDDEN_FORWARD = [":path", ":method", ":authority", ":scheme", "content-length", "transfer-encoding", "host"];

export class ExternalProvider extends Provider {
  cluster: string = "";
  authority: string = "";
  pathPrefix: string = "";
  timeoutMs: u32 = 200;
  /** Request headers sent to the service. */
  forwardHeaders: string[] = [];
  /** Service response headers copied onto the upstream request when it allows. */
  upstreamHeaders: string[] = [];
  consumerHeader: string = "x-auth-consumer";
  failureModeAllow: bool = false;
  statusOnError: u32 = 503;

  constructor(name: string) {
    super(name, ProviderKind.External);
  }

  /** The check request: the original method and path (after path_prefix) with the selected headers. */
  callHeaders(request: RequestView): Pair[] {
    const headers: Pair[] = [
      new Pair(":method", request.method().length == 0 ? "GET" : request.method()),
      new Pair(":path", this.pathPrefix + request.path()),
      new Pair(":authority", this.authority),
    ];
    const all = request.headers();
    for (let i = 0; i < all.size; i++) {
      const name = all.nameAt(i);
      if (this.forwardHeaders.includes(name)) headers.push(new Pair(name, all.valueAt(i)));
    }
    if (request.authority().length > 0) headers.push(new Pair("x-forwarded-host", request.authority()));
    return headers;
  }

  /** The identity of an allowing answer: the consumer header and the configured upstream headers. */
  identityFrom(response: Pair[]): Identity {
    const identity = new Identity(this.name, "", null);
    for (let i = 0; i < response.length; i++) {
      const name = response[i].key;
      if (name == this.consumerHeader && identity.consumer.length == 0) identity.consumer = response[i].value;
      else if (this.upstreamHeaders.includes(name)) identity.headers.push(response[i]);
    }
    return identity;
  }

  /** A request let through because the service failed and the failure mode is allow. */
  failureModeIdentity(): Identity {
    const identity = new Identity(this.name, "", null);
    identity.headers.push(new Pair(FAILURE_MODE_ALLOWED_HEADER, "true"));
    return identity;
  }

  headerNames(): string[] {
    return this.upstreamHeaders;
  }
}

export function parseExternalProvider(r: ConfigReader, name: string): ExternalProvider {
  r.onlyFields(["name", "type", "cluster", "authority", "path_prefix", "timeout_ms", "headers", "upstream_headers", "consumer_header", "failure_mode", "status_on_error"]);
  const provider = new ExternalProvider(name);
  provider.cluster = r.requiredString("cluster");
  if (r.ok() && provider.cluster.length == 0) r.fail("cluster", "expected a non-empty string");
  provider.authority = r.string("authority", provider.cluster);
  provider.pathPrefix = r.string("path_prefix", "");
  if (r.ok() && provider.pathPrefix.length > 0 && !provider.pathPrefix.startsWith("/")) r.fail("path_prefix", "expected a path starting with \"/\"");
  provider.timeoutMs = <u32>r.int("timeout_ms", 200, 1, 60000);
  provider.forwardHeaders = headerNames(r, "headers", ["authorization"]);
  for (let i = 0; i < provider.forwardHeaders.length && r.ok(); i++) {
    if (FORBIDDEN_FORWARD.includes(provider.forwardHeaders[i])) r.fail("headers", "'" + provider.forwardHeaders[i] + "' is set by the filter");
  }
  provider.upstreamHeaders = headerNames(r, "upstream_headers", []);
  provider.consumerHeader = lowerCaseAscii(r.string("consumer_header", provider.consumerHeader));
  if (r.ok() && !isToken(provider.consumerHeader, true)) r.fail("consumer_header", "expected an HTTP header name");
  const mode = r.string("failure_mode", "deny");
  if (mode == "allow") provider.failureModeAllow = true;
  else if (mode != "deny") r.fail("failure_mode", "expected \"deny\" or \"allow\"");
  provider.statusOnError = <u32>r.int("status_on_error", 503, 400, 599);
  return provider;
}

function headerNames(r: ConfigReader, field: string, fallback: string[]): string[] {
  if (!r.has(field)) return fallback;
  const names = r.stringArray(field);
  const out = new Array<string>();
  for (let i = 0; i < names.length && r.ok(); i++) {
    const name = lowerCaseAscii(names[i]);
    if (!isToken(name, true)) r.fail(field, "expected HTTP header names");
    out.push(name);
  }
  return out;
}
