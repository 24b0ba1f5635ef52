// One HTTP stream through the filter, with the filter chain Envoy 1.40 runs around a Wasm HTTP filter: the
// downstream (the test, as client) in front, the router (the test's upstream) behind. Each direction follows
// Envoy's FilterManager and Wasm Context rules: a stopped header callback holds everything after it until
// proxy_continue_stream; a body callback answering Pause buffers, and the next call sees the whole buffer;
// maps are writable only while the filter holds them; a local response ends the stream and is encoded through
// the filter's own response callbacks, unless the response was already being encoded.
import { randomUUID } from "node:crypto";
import { BufferType, DataStatus, HeaderMapType, HeadersStatus, Status, StreamType } from "./abi.js";
import { bytesOf, type Body } from "./calls.js";
import { HostContext, ImmutableBuffer, type HostBuffer, type LocalResponse, MutableBuffer, concat, type RootContext } from "./context.js";
import { HeaderMap, type HeadersInit } from "./headers.js";
import { mergeProperties, type PropertyTree } from "./properties.js";
import { WasmTrapError, type WasmVm } from "./vm.js";

export type { Body };

/** What the test's upstream answers; a body given as a list arrives in that many chunks. */
export interface UpstreamReply {
  status?: number;
  headers?: HeadersInit;
  body?: Body | Body[];
  trailers?: HeadersInit;
}

/** The test's upstream: sees the request as the filter forwarded it; answers, or returns nothing to answer by hand. */
export type Upstream = (request: ForwardedRequest) => UpstreamReply | undefined | void;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The request as it left the filter toward the upstream (headers as forwarded, body as passed on). */
export class ForwardedRequest {
  body: Uint8Array = new Uint8Array(0);
  trailers: HeaderMap | undefined;
  ended = false;
  constructor(readonly headers: HeaderMap) {}
  get method(): string {
    return this.headers.get(":method") ?? "";
  }
  get path(): string {
    return this.headers.get(":path") ?? "";
  }
  get text(): string {
    return text(this.body);
  }
}

/** The response as it left the filter toward the client. */
export class ClientResponse {
  body: Uint8Array = new Uint8Array(0);
  trailers: HeaderMap | undefined;
  ended = false;
  constructor(readonly headers: HeaderMap) {}
  get status(): number {
    return Number(this.headers.get(":status"));
  }
  get text(): string {
    return text(this.body);
  }
}

interface Sink {
  headers(map: HeaderMap, end: boolean): void;
  data(bytes: Uint8Array, end: boolean): void;
  trailers(map: HeaderMap): void;
}

type Stop = "none" | "headers" | "body" | "trailers";

/** One direction of the filter: the request (decoding) or the response (encoding). */
class FilterDirection {
  headers: HeaderMap | undefined;
  headersOpen = false;
  headersEnd = false;
  trailers: HeaderMap | undefined;
  trailersOpen = false;
  /** The buffer the body callback sees: the current chunk, or everything buffered since the filter said Pause. */
  body = new MutableBuffer();
  bodyOpen = false;
  buffering = false;
  /** The last frame handed to the filter ended this direction. */
  endSeen = false;
  stop: Stop = "none";
  /** Frames that arrived while the header callback held the stream; the filter sees them after it continues. */
  private held: Uint8Array[] = [];
  private heldEnd = false;
  private heldTrailers: HeaderMap | undefined;
  private addedTrailers = false;
  /** No frame passes any more: the stream ended, was reset, or a local response replaced it. */
  closed = false;

  constructor(
    private readonly stream: HttpStream,
    private readonly callbacks: { headers: string; body: string; trailers: string },
    private readonly sink: Sink,
  ) {}

  onHeaders(map: HeaderMap, end: boolean): void {
    if (this.closed) return;
    this.headers = map;
    this.headersOpen = true;
    this.headersEnd = this.endSeen = end;
    this.stream.callFilter(this.callbacks.headers, [map.size, end ? 1 : 0], (result, stopped) => {
      if (stopped || (result !== HeadersStatus.Continue && result !== HeadersStatus.ContinueAndEndStream)) {
        this.stop = "headers";
        return;
      }
      this.headersOpen = false;
      this.sink.headers(map.clone(), end || result === HeadersStatus.ContinueAndEndStream);
      if (result === HeadersStatus.ContinueAndEndStream) this.closed = true;
    });
  }

  onData(chunk: Uint8Array, end: boolean): void {
    if (this.closed) return;
    if (this.stop === "headers") {
      this.held.push(chunk);
      this.heldEnd = end;
      return;
    }
    this.callBody(chunk, end);
  }

  onTrailers(map: HeaderMap): void {
    if (this.closed) return;
    if (this.stop === "headers") {
      this.heldTrailers = map;
      return;
    }
    this.callTrailers(map);
  }

  /** proxy_continue_stream for this direction (run after the callback that asked for it returned). */
  resume(): void {
    if (this.closed) return;
    const stop = this.stop;
    this.stop = "none";
    if (stop === "headers") {
      this.headersOpen = false;
      this.sink.headers(this.headers!.clone(), this.headersEnd);
      const held = concat(this.held);
      const trailers = this.heldTrailers;
      this.held = [];
      this.heldTrailers = undefined;
      if (held.length > 0 || (this.heldEnd && !trailers)) this.callBody(held, this.heldEnd);
      if (trailers) this.onTrailers(trailers);
    } else if (stop === "body") {
      if (this.buffering) this.passBody(this.endSeen);
    } else if (stop === "trailers") {
      this.passTrailers();
    }
  }

  /** Envoy's getMap: trailers may be added from the last body callback when the stream has none. */
  map(type: "headers" | "trailers", write: boolean): HeaderMap | undefined {
    if (type === "headers") return this.headersOpen ? this.headers : undefined;
    if (write && !this.trailers && this.bodyOpen && this.endSeen) {
      this.trailers = new HeaderMap();
      this.trailersOpen = true;
      this.addedTrailers = true;
    }
    return this.trailersOpen ? this.trailers : undefined;
  }

  bodyBuffer(): HostBuffer {
    return this.bodyOpen || this.buffering ? this.body : new ImmutableBuffer();
  }

  /** What Envoy nulls on proxy_continue_stream: the module may no longer touch this direction's frames. */
  release(): void {
    this.headersOpen = this.bodyOpen = this.trailersOpen = false;
  }

  private callBody(chunk: Uint8Array, end: boolean): void {
    if (this.buffering) this.body.append(chunk);
    else this.body = new MutableBuffer(chunk);
    this.bodyOpen = true;
    this.endSeen = end;
    this.stream.callFilter(this.callbacks.body, [this.body.data.length, end ? 1 : 0], (result, stopped) => {
      this.buffering = false;
      if (stopped || result >= DataStatus.StopIterationNoBuffer) {
        // Not buffered: the chunk is the filter's to keep, and it cannot keep it.
        this.stop = "body";
        this.bodyOpen = false;
        this.body = new MutableBuffer();
        return;
      }
      if (result !== DataStatus.Continue) {
        this.buffering = true;
        this.stop = "body";
        return;
      }
      this.stop = "none";
      this.passBody(end);
    });
  }

  private passBody(end: boolean): void {
    const data = this.body.data;
    this.body = new MutableBuffer();
    this.bodyOpen = this.buffering = false;
    if (end && this.addedTrailers) {
      this.sink.data(data, false);
      this.passTrailers();
    } else {
      this.sink.data(data, end);
    }
  }

  private callTrailers(map: HeaderMap): void {
    this.trailers = map;
    this.trailersOpen = true;
    this.endSeen = true;
    this.stream.callFilter(this.callbacks.trailers, [map.size], (result, stopped) => {
      if (stopped || result !== 0) {
        this.stop = "trailers";
        return;
      }
      this.passTrailers();
    });
  }

  private passTrailers(): void {
    this.trailersOpen = false;
    if (this.buffering) {
      this.sink.data(this.body.data, false);
      this.body = new MutableBuffer();
      this.buffering = this.bodyOpen = false;
    }
    this.stop = "none";
    this.sink.trailers(this.trailers!.clone());
  }
}

export interface HttpStreamOptions {
  /** Answers the request once it has wholly reached the upstream; without one, the test sends the response. */
  upstream?: Upstream;
  /** The client's address ("ip:port"), seen as source.address and source.port. */
  source?: string;
  /** Attributes for this stream only, merged over the plugin's and the stream's own. */
  properties?: PropertyTree;
}

/** A gRPC status for an HTTP status, as Envoy's local replies to gRPC requests map it. */
function grpcStatusFor(httpStatus: number): number {
  const map: Record<number, number> = { 400: 13, 401: 16, 403: 7, 404: 12, 429: 14, 502: 14, 503: 14, 504: 14 };
  return map[httpStatus] ?? 2;
}

export class HttpStream extends HostContext {
  /** What passed the filter toward the upstream; undefined until the filter let the request headers through. */
  upstream: ForwardedRequest | undefined;
  /** What passed the filter toward the client; undefined until response headers got through. */
  response: ClientResponse | undefined;
  /** The last local response the module asked for (proxy_send_local_response). */
  localResponse: LocalResponse | undefined;
  /** Response code details Envoy would log: the local response's, or wasm_fail_stream / wasm_close_stream. */
  details: string | undefined;
  /** The stream was reset (proxy_close_stream); the client got no (complete) response. */
  reset = false;
  /** proxy_on_log, proxy_on_done and proxy_on_delete have run; the context is gone. */
  done = false;
  /** Edits of the request headers. In Envoy 1.40 each makes the router select the route again (about 10 µs). */
  requestHeaderEdits = 0;
  /** clear_route_cache foreign-function calls. */
  clearRouteCacheCalls = 0;
  /** Filter state written by set_property, by path. */
  readonly state = new Map<string, Uint8Array>();

  private readonly decoder: FilterDirection;
  private readonly encoder: FilterDirection;
  private created = false;
  private logPhase = false;
  private readonly startTime: Date;
  private readonly source: string;
  private readonly connectionId: number;

  constructor(
    vm: WasmVm,
    private readonly rootContext: RootContext,
    private readonly options: HttpStreamOptions = {},
  ) {
    super(vm, vm.allocContextId());
    vm.contexts.set(this.id, this);
    const host = vm.host;
    this.connectionId = host.nextConnectionId();
    this.source = options.source ?? `127.0.0.1:${40000 + this.connectionId}`;
    this.startTime = new Date(host.clock.now());
    this.decoder = new FilterDirection(this, { headers: "proxy_on_request_headers", body: "proxy_on_request_body", trailers: "proxy_on_request_trailers" }, {
      headers: (map, end) => {
        this.upstream = new ForwardedRequest(map);
        if (end) this.upstreamEnded();
      },
      data: (bytes, end) => {
        this.upstream!.body = concat([this.upstream!.body, bytes]);
        if (end) this.upstreamEnded();
      },
      trailers: (map) => {
        this.upstream!.trailers = map;
        this.upstreamEnded();
      },
    });
    this.encoder = new FilterDirection(this, { headers: "proxy_on_response_headers", body: "proxy_on_response_body", trailers: "proxy_on_response_trailers" }, {
      headers: (map, end) => {
        this.response = new ClientResponse(map);
        if (end) this.responseEnded();
      },
      data: (bytes, end) => {
        this.response!.body = concat([this.response!.body, bytes]);
        if (end) this.responseEnded();
      },
      trailers: (map) => {
        this.response!.trailers = map;
        this.responseEnded();
      },
    });
  }

  get root(): RootContext {
    return this.rootContext;
  }

  /** The status the client got, or undefined while no response headers reached it. */
  get status(): number | undefined {
    return this.response?.status;
  }

  /** The filter holds the request (a header, body or trailer callback stopped and has not continued). */
  get requestPaused(): boolean {
    return !this.decoder.closed && this.decoder.stop !== "none";
  }

  get responsePaused(): boolean {
    return !this.encoder.closed && this.encoder.stop !== "none";
  }

  sendRequestHeaders(headers: HeadersInit, endOfStream = false): this {
    this.vm.host.run(() => {
      if (this.created) throw new Error(`stream ${this.id}: request headers were already sent`);
      this.created = true;
      this.callFilter("proxy_on_context_create", [this.rootContext.id]);
      this.decoder.onHeaders(new HeaderMap(headers), endOfStream);
    });
    return this;
  }

  sendRequestBody(chunk: Body, endOfStream = true): this {
    this.vm.host.run(() => this.decoder.onData(bytesOf(chunk), endOfStream));
    return this;
  }

  sendRequestTrailers(trailers: HeadersInit): this {
    this.vm.host.run(() => this.decoder.onTrailers(new HeaderMap(trailers)));
    return this;
  }

  /** The upstream's response headers (`:status` included). */
  sendResponseHeaders(headers: HeadersInit, endOfStream = false): this {
    this.vm.host.run(() => {
      if (!this.upstream) throw new Error(`stream ${this.id}: the request has not reached the upstream, so it cannot answer`);
      this.encoder.onHeaders(new HeaderMap(headers), endOfStream);
    });
    return this;
  }

  sendResponseBody(chunk: Body, endOfStream = true): this {
    this.vm.host.run(() => this.encoder.onData(bytesOf(chunk), endOfStream));
    return this;
  }

  sendResponseTrailers(trailers: HeadersInit): this {
    this.vm.host.run(() => this.encoder.onTrailers(new HeaderMap(trailers)));
    return this;
  }

  /** Sends a whole upstream response: headers, then each body chunk, then trailers. */
  respond(reply: UpstreamReply): this {
    this.vm.host.run(() => {
      const chunks = (Array.isArray(reply.body) ? reply.body : reply.body === undefined ? [] : [reply.body]).map(bytesOf);
      const headers = new HeaderMap([[":status", String(reply.status ?? 200)]]);
      for (const [k, v] of new HeaderMap(reply.headers).pairs()) headers.add(k, v);
      const length = chunks.reduce((n, c) => n + c.length, 0);
      if (length > 0 && chunks.length === 1 && !headers.has("content-length")) headers.set("content-length", String(length));
      this.sendResponseHeaders(headers.pairs(), chunks.length === 0 && !reply.trailers);
      chunks.forEach((chunk, i) => this.sendResponseBody(chunk, i === chunks.length - 1 && !reply.trailers));
      if (reply.trailers) this.sendResponseTrailers(reply.trailers);
    });
    return this;
  }

  /**
   * Calls `callback` for this context. On a failed VM nothing runs and the stream fails (503); a trap fails the
   * stream the same way before the error propagates.
   */
  callFilter(callback: string, args: number[], verdict?: (result: number, stopped: boolean) => void): void {
    if (this.vm.failed) return this.failStream();
    try {
      this.vm.call(this, callback, [this.id, ...args], verdict);
    } catch (error) {
      if (error instanceof WasmTrapError) this.failStream();
      throw error;
    }
  }

  override headerMap(type: HeaderMapType, write: boolean): HeaderMap | undefined {
    if (this.logPhase && !write) {
      if (type === HeaderMapType.RequestHeaders) return this.upstream?.headers ?? this.decoder.headers;
      if (type === HeaderMapType.ResponseHeaders) return this.response?.headers;
      if (type === HeaderMapType.ResponseTrailers) return this.response?.trailers;
      if (type === HeaderMapType.RequestTrailers) return undefined;
    }
    switch (type) {
      case HeaderMapType.RequestHeaders:
        return this.decoder.map("headers", write);
      case HeaderMapType.RequestTrailers:
        return this.decoder.map("trailers", write);
      case HeaderMapType.ResponseHeaders:
        return this.encoder.map("headers", write);
      case HeaderMapType.ResponseTrailers:
        return this.encoder.map("trailers", write);
      default:
        return super.headerMap(type, write);
    }
  }

  override get inLogPhase(): boolean {
    return this.logPhase;
  }

  override headersModified(type: HeaderMapType): void {
    if (type === HeaderMapType.RequestHeaders) this.requestHeaderEdits++;
  }

  override buffer(type: BufferType): HostBuffer | undefined {
    if (type === BufferType.HttpRequestBody) return this.decoder.bodyBuffer();
    if (type === BufferType.HttpResponseBody) return this.encoder.bodyBuffer();
    return super.buffer(type);
  }

  override continueStream(type: StreamType): Status {
    if (type === StreamType.Request) this.vm.afterCall(() => this.decoder.resume());
    else if (type === StreamType.Response) this.vm.afterCall(() => this.encoder.resume());
    else return super.continueStream(type);
    this.decoder.release();
    return Status.Ok;
  }

  override closeStream(type: StreamType): Status {
    if (type === StreamType.Request || type === StreamType.Response) {
      this.details ??= "wasm_close_stream";
      this.vm.afterCall(() => this.resetStream());
    }
    return Status.Ok;
  }

  override sendLocalResponse(response: LocalResponse): void {
    this.localResponse = response;
    this.vm.afterCall(() => this.deliverLocalResponse(response));
  }

  override properties(): PropertyTree {
    return mergeProperties(this.vm.settings.properties, this.attributes(), this.options.properties);
  }

  override filterState(): Map<string, Uint8Array> {
    return this.state;
  }

  override clearRouteCache(): void {
    this.clearRouteCacheCalls++;
  }

  /** Envoy's request/response/source/destination/connection attributes for this stream. */
  private attributes(): PropertyTree {
    const request = this.decoder.headers ?? new HeaderMap();
    const path = request.get(":path") ?? undefined;
    const joined = (map: HeaderMap) => Object.fromEntries(Object.keys(map.toObject()).map((k) => [k, map.getAll(k).join(",")]));
    const port = Number(this.source.slice(this.source.lastIndexOf(":") + 1)) || 0;
    const response = this.response?.headers ?? this.encoder.headers;
    return {
      request: {
        path,
        url_path: path?.split("?")[0],
        query: path?.includes("?") ? path.slice(path.indexOf("?") + 1) : path === undefined ? undefined : "",
        host: request.get(":authority") ?? undefined,
        scheme: request.get(":scheme") ?? undefined,
        method: request.get(":method") ?? undefined,
        headers: joined(request),
        referer: request.get("referer") ?? undefined,
        useragent: request.get("user-agent") ?? undefined,
        id: request.get("x-request-id") ?? undefined,
        protocol: "HTTP/1.1",
        time: this.startTime,
      },
      response: response && {
        code: Number(response.get(":status")),
        code_details: this.details,
        headers: joined(response),
        trailers: this.response?.trailers && joined(this.response.trailers),
      },
      source: { address: this.source, port: BigInt(port) },
      destination: { address: "127.0.0.1:10000", port: 10000n },
      connection: { id: BigInt(this.connectionId), mtls: false },
      connection_id: BigInt(this.connectionId),
    };
  }

  private upstreamEnded(): void {
    this.upstream!.ended = true;
    const upstream = this.options.upstream;
    if (!upstream) return;
    this.vm.host.post(() => {
      if (this.done || this.encoder.headers) return;
      const reply = upstream(this.upstream!);
      if (reply) this.respond(reply);
    });
  }

  private responseEnded(): void {
    this.response!.ended = true;
    this.finish();
  }

  /** Envoy's sendLocalReply, run after the callback that asked for it. */
  private deliverLocalResponse(local: LocalResponse): void {
    if (this.done) return;
    this.details = local.details;
    this.decoder.closed = true;
    if (this.response) return this.resetStream();
    const grpc = (this.decoder.headers?.get("content-type") ?? "").startsWith("application/grpc");
    const headers = new HeaderMap([[":status", grpc ? "200" : String(local.status)]]);
    for (const [k, v] of local.headers) headers.add(k, v);
    let body: Uint8Array = local.body;
    if (grpc) {
      headers.set("content-type", "application/grpc");
      headers.set("grpc-status", String(local.grpcStatus ?? grpcStatusFor(local.status)));
      if (body.length > 0) headers.set("grpc-message", encodeURIComponent(text(body)));
      body = new Uint8Array(0);
    } else if (body.length > 0) {
      headers.set("content-length", String(body.length));
      if (!headers.has("content-type")) headers.set("content-type", "text/plain");
    }
    if (this.encoder.headers) {
      // The response is being encoded already: Envoy answers directly, past the filters.
      this.encoder.closed = true;
      this.response = new ClientResponse(headers);
      this.response.body = body;
      return this.responseEnded();
    }
    this.encoder.onHeaders(headers, body.length === 0);
    if (body.length > 0) this.encoder.onData(body, true);
  }

  /** A failed VM fails every stream: 503 straight to the client, no callback runs (Envoy's failStream). */
  private failStream(): void {
    if (this.done) return;
    this.details = "wasm_fail_stream";
    this.decoder.closed = this.encoder.closed = true;
    if (!this.response) {
      this.response = new ClientResponse(new HeaderMap([[":status", "503"]]));
      this.response.ended = true;
    }
    this.finish();
  }

  private resetStream(): void {
    if (this.done) return;
    this.reset = true;
    this.finish();
  }

  /** End of stream: the access-log phase (proxy_on_log), then proxy_on_done and proxy_on_delete, as Envoy orders them. */
  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.decoder.closed = this.encoder.closed = true;
    if (this.created) {
      this.logPhase = true;
      try {
        this.callFilter("proxy_on_log", []);
      } finally {
        this.logPhase = false;
      }
      this.callFilter("proxy_on_done", []);
      this.callFilter("proxy_on_delete", []);
    }
    this.vm.contexts.delete(this.id);
  }
}

/** The request headers Envoy's connection manager hands an HTTP filter for a plain HTTP/1.1 request. */
export function requestHeaders(init: { method?: string; path: string; authority?: string; headers?: HeadersInit; bodyLength?: number }): HeaderMap {
  const headers = new HeaderMap([
    [":method", init.method ?? "GET"],
    [":scheme", "http"],
    [":authority", init.authority ?? "localhost"],
    [":path", init.path],
  ]);
  for (const [k, v] of new HeaderMap(init.headers).pairs()) {
    if (k.startsWith(":")) headers.set(k, v);
    else headers.add(k, v);
  }
  if (init.bodyLength !== undefined && !headers.has("content-length")) headers.set("content-length", String(init.bodyLength));
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", "http");
  if (!headers.has("x-request-id")) headers.set("x-request-id", randomUUID());
  return headers;
}
