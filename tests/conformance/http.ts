// The conformance HTTP context. Every request gets the header edits; the path picks one host-call family.
import {
  Action, HttpContext, NO_GRPC_STATUS, Pair, Status, getPropertyInt, getPropertyString, getSharedData, getHostStatus,
  enqueueSharedQueue, logWarn, nowNanos, randomBytes, resolveSharedQueue, setProperty, setSharedData, statusName,
} from "../../assembly";
import { toHex } from "../../assembly/wire/hex";
import { ProtoReader, ProtoWriter } from "../../assembly/wire/protobuf";
import { ConformanceRoot } from "./root";

const SHARED_KEY = "conformance.hits";
const MAX_CAS_ATTEMPTS = 1000;

export class ConformanceHttp extends HttpContext {
  path: string = "";
  // Response headers decided while handling the request, added in onResponseHeaders.
  responseHeaders: Pair[] = [];

  constructor(id: u32, public root: ConformanceRoot) {
    super(id);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    const metrics = this.root.metrics;
    metrics.requests.increment();
    metrics.activeRequests.add(1);
    const path = this.getRequestHeader(":path");
    this.path = path === null ? "" : path;

    this.addRequestHeader("x-conf-added", "yes");
    this.replaceRequestHeader("x-conf-replace", "replaced");
    this.removeRequestHeader("x-conf-remove");

    if (this.path == "/local") return this.answerLocally();
    if (this.path == "/properties") this.copyPropertiesToHeaders();
    else if (this.path == "/shared/incr") this.respondWith("x-conf-shared", this.incrementShared().toString());
    else if (this.path == "/shared/read") this.respondWith("x-conf-shared", this.readShared().toString());
    else if (this.path == "/callout") return this.callout(this.root.config.calloutCluster);
    else if (this.path == "/callout/unknown-cluster") return this.callout("no_such_cluster");
    else if (this.path == "/grpc") return this.grpcSay();
    else if (this.path == "/reroute") this.reroute();
    else if (this.path == "/queue") this.enqueue();
    else if (this.path == "/time") this.reportTimeAndRandom();
    else if (this.path == "/trap") return this.trap();
    else if (this.path == "/reset") {
      this.resetRequest();
      return Action.Pause;
    }
    return Action.Continue;
  }

  // /body: the whole request body upper-cased (same length, so content-length stays right).
  onRequestBody(bodySize: u32, endOfStream: bool): Action {
    if (this.path != "/body") return Action.Continue;
    if (!endOfStream) return Action.Pause;
    this.root.metrics.requestBodyBytes.record(bodySize);
    const body = this.getRequestBody(0, bodySize);
    if (body !== null) this.setRequestBody(0, bodySize, upperCaseAscii(body));
    return Action.Continue;
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action {
    this.addResponseHeader("x-conf-resp-added", "yes");
    this.addResponseHeader("x-conf-vm", this.root.vmId);
    this.replaceResponseHeader("x-upstream-replace-me", "replaced");
    this.removeResponseHeader("x-upstream-remove-me");
    for (let i = 0; i < this.responseHeaders.length; i++) {
      this.addResponseHeader(this.responseHeaders[i].key, this.responseHeaders[i].value);
    }
    // /body prepends to the response body, so the upstream's content-length no longer holds.
    if (this.path == "/body") this.removeResponseHeader("content-length");
    return Action.Continue;
  }

  onResponseBody(bodySize: u32, endOfStream: bool): Action {
    if (this.path != "/body") return Action.Continue;
    if (!endOfStream) return Action.Pause;
    this.setResponseBody(0, 0, String.UTF8.encode("wasm:"));
    return Action.Continue;
  }

  // Responses with trailers (gRPC) get one more, to prove trailer maps are writable.
  onResponseTrailers(numTrailers: u32): Action {
    this.addResponseTrailer("x-conf-trailer", numTrailers.toString());
    return Action.Continue;
  }

  onDelete(): void {
    this.root.metrics.activeRequests.add(-1);
  }

  private respondWith(name: string, value: string): void {
    this.responseHeaders.push(new Pair(name, value));
  }

  private answerLocally(): Action {
    const headers: Pair[] = [new Pair("x-conf-local", "yes"), new Pair("content-type", "text/plain")];
    this.sendLocalResponse(418, "conformance local reply", String.UTF8.encode("short and stout\n"), headers, NO_GRPC_STATUS);
    return Action.Pause;
  }

  private copyPropertiesToHeaders(): void {
    this.addRequestHeader("x-conf-prop-request-path", orEmpty(getPropertyString(["request", "path"])));
    this.addRequestHeader("x-conf-prop-source-address", orEmpty(getPropertyString(["source", "address"])));
    const port = getPropertyInt(["source", "port"]);
    this.addRequestHeader("x-conf-prop-source-port", port.ok() ? port.value.toString() : "");
    this.addRequestHeader("x-conf-prop-plugin-name", orEmpty(getPropertyString(["plugin_name"])));
    this.addRequestHeader("x-conf-prop-route-name", orEmpty(getPropertyString(["xds", "route_name"])));
    this.addRequestHeader("x-conf-prop-node-id", orEmpty(getPropertyString(["xds", "node", "id"])));
    this.addRequestHeader("x-conf-prop-missing-status", getPropertyString(["no", "such", "property"]) === null ? "absent" : "present");
    const written = setProperty(["conformance_mark"], String.UTF8.encode("marked"));
    this.addRequestHeader("x-conf-prop-set-status", statusName(written));
    this.addRequestHeader("x-conf-prop-set-readback", orEmpty(getPropertyString(["conformance_mark"])));
  }

  // Read-modify-write under compare-and-swap: concurrent increments from every worker all land.
  private incrementShared(): u64 {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = getSharedData(SHARED_KEY);
      const count: u64 = current.ok() && current.value.byteLength == 8 ? load<u64>(changetype<usize>(current.value)) : 0;
      const next = new ArrayBuffer(8);
      store<u64>(changetype<usize>(next), count + 1);
      const status = setSharedData(SHARED_KEY, next, current.ok() ? current.cas : 0);
      if (status == Status.Ok) return count + 1;
      if (status != Status.CasMismatch) break;
      this.root.metrics.casRetries.increment();
    }
    logWarn("conformance: shared data increment gave up");
    return 0;
  }

  private readShared(): u64 {
    const current = getSharedData(SHARED_KEY);
    return current.ok() && current.value.byteLength == 8 ? load<u64>(changetype<usize>(current.value)) : 0;
  }

  // Pauses the request, calls the callout cluster, and resumes with what it answered.
  private callout(cluster: string): Action {
    const headers: Pair[] = [new Pair(":method", "GET"), new Pair(":path", "/callout-target"), new Pair(":authority", "callout")];
    const call = this.httpCall(cluster, headers, new ArrayBuffer(0), [], 5000);
    if (!call.ok()) return this.fail(500, "conformance_callout_dispatch_failed", statusName(call.status));
    return Action.Pause;
  }

  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
    if (numHeaders == 0) {
      this.fail(503, "conformance_callout_failed", getHostStatus().message);
      return;
    }
    const headers = this.getHttpCallResponseHeaders();
    for (let i = 0; i < headers.length; i++) {
      if (headers[i].key == ":status") this.addRequestHeader("x-conf-callout-status", headers[i].value);
      if (headers[i].key == "x-upstream") this.addRequestHeader("x-conf-callout-upstream", headers[i].value);
    }
    this.addRequestHeader("x-conf-callout-body-bytes", bodySize.toString());
    this.resumeRequest();
  }

  // Pauses the request, calls conformance.Echo/Say over gRPC, and resumes with the reply.
  private grpcSay(): Action {
    const request = new ProtoWriter().string(1, "hello from wasm").finish();
    const metadata: Pair[] = [new Pair("x-conf-md", "from-wasm")];
    const call = this.grpcCall(this.root.config.grpcCluster, "conformance.Echo", "Say", metadata, request, 5000);
    if (!call.ok()) return this.fail(500, "conformance_grpc_dispatch_failed", statusName(call.status));
    return Action.Pause;
  }

  onGrpcReceive(token: u32, messageSize: u32): void {
    const message = this.getGrpcReceiveMessage();
    let reply = "";
    if (message !== null) {
      // Fields left unread are stepped over by next().
      const reader = new ProtoReader(message);
      while (reader.next()) {
        if (reader.field == 1) reply = reader.string();
      }
    }
    this.addRequestHeader("x-conf-grpc-reply", reply);
    this.resumeRequest();
  }

  onGrpcClose(token: u32, grpcStatus: u32): void {
    this.fail(502, "conformance_grpc_failed", "grpc status " + grpcStatus.toString() + " " + getHostStatus().message);
  }

  // Sets a routing header and asks Envoy to pick the route again (the alt route matches on it).
  private reroute(): void {
    this.replaceRequestHeader("x-conf-route", "alt");
    this.respondWith("x-conf-clear-route-cache", statusName(this.clearRouteCache()));
  }

  private enqueue(): void {
    const queue = resolveSharedQueue("", this.root.config.queueName);
    const status = queue.ok() ? enqueueSharedQueue(queue.value, String.UTF8.encode("message")) : queue.status;
    this.respondWith("x-conf-enqueue", statusName(status));
  }

  private reportTimeAndRandom(): void {
    this.respondWith("x-conf-now-ns", nowNanos().toString());
    this.respondWith("x-conf-random", toHex(randomBytes(16)));
  }

  // A filter bug on purpose (an out-of-range index), to show what the SDK's abort hook reports before the VM traps.
  private trap(): Action {
    const empty: string[] = [];
    this.addRequestHeader("x-conf-never", empty[<i32>this.path.length]);
    return Action.Continue;
  }

  private fail(statusCode: u32, details: string, message: string): Action {
    const body = String.UTF8.encode(details + ": " + message + "\n");
    this.sendLocalResponse(statusCode, details, body, [], NO_GRPC_STATUS);
    return Action.Pause;
  }
}

function orEmpty(value: string | null): string {
  return value === null ? "" : value;
}

function upperCaseAscii(data: ArrayBuffer): ArrayBuffer {
  const out = new ArrayBuffer(data.byteLength);
  const src = changetype<usize>(data);
  const dst = changetype<usize>(out);
  for (let i = 0; i < data.byteLength; i++) {
    const c = load<u8>(src + <usize>i);
    store<u8>(dst + <usize>i, c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
  }
  return out;
}
