// Outbound calls a module makes (proxy_http_call, proxy_grpc_call, proxy_grpc_stream) to clusters the test
// declares. A cluster may script its answers; otherwise a call waits for the test to answer it. Answers are
// delivered on the VM's root context, never inside the call that dispatched them, as Envoy's async clients do.
import { Status } from "./abi.js";
import type { RootContext } from "./context.js";
import { HeaderMap, type HeadersInit } from "./headers.js";
import type { Pair } from "./pairs.js";
import type { WasmVm } from "./vm.js";
import type { Timer } from "./clock.js";

export type Body = string | Uint8Array;

export interface HttpCallReply {
  status?: number;
  headers?: HeadersInit;
  body?: Body;
  trailers?: HeadersInit;
}

/** A gRPC answer: a message (success), or a non-zero status (failure, as Envoy reports it to onGrpcClose). */
export interface GrpcReply {
  message?: Body;
  status?: number;
  statusMessage?: string;
}

/** Scripts a cluster: return an answer now, or nothing to leave the call pending for the test. */
export interface ClusterHandlers {
  http?: (call: HttpCall) => HttpCallReply | undefined | void;
  grpc?: (call: GrpcCall) => GrpcReply | undefined | void;
}

const utf8 = new TextEncoder();
export const bytesOf = (body: Body | undefined): Uint8Array => (typeof body === "string" ? utf8.encode(body) : (body ?? new Uint8Array(0)));

export type CallState = "pending" | "answered" | "failed" | "cancelled";

abstract class OutboundCall {
  state: CallState = "pending";
  protected timer: Timer | undefined;

  constructor(
    protected readonly root: RootContext,
    readonly token: number,
    readonly cluster: string,
    readonly timeoutMs: number,
  ) {}

  /** The VM that made the call, e.g. "ratelimit#2". */
  get vm(): string {
    return this.root.vm.name;
  }

  protected settle(state: CallState): void {
    if (this.state !== "pending") throw new Error(`${this.describe()} is already ${this.state}`);
    this.state = state;
    this.timer?.cancel();
  }

  protected abstract describe(): string;
}

export class HttpCall extends OutboundCall {
  constructor(
    root: RootContext,
    token: number,
    cluster: string,
    readonly headers: HeaderMap,
    readonly body: Uint8Array,
    readonly trailers: HeaderMap,
    timeoutMs: number,
  ) {
    super(root, token, cluster, timeoutMs);
  }

  get method(): string {
    return this.headers.get(":method") ?? "";
  }
  get path(): string {
    return this.headers.get(":path") ?? "";
  }
  get authority(): string {
    return this.headers.get(":authority") ?? "";
  }
  get text(): string {
    return new TextDecoder().decode(this.body);
  }

  /** Delivers `reply` to the module (proxy_on_http_call_response). */
  respond(reply: HttpCallReply = {}): void {
    this.settle("answered");
    const headers = new HeaderMap([[":status", String(reply.status ?? 200)]]);
    for (const [k, v] of new HeaderMap(reply.headers).pairs()) headers.add(k, v);
    const body = bytesOf(reply.body);
    if (body.length > 0 && !headers.has("content-length")) headers.set("content-length", String(body.length));
    const trailers = new HeaderMap(reply.trailers);
    this.deliver(() => (this.root.httpCallResponse = { headers, body, trailers }), [headers.size, body.length, trailers.size]);
  }

  /** The call fails as a reset: the module sees no headers and proxy_get_status answers BrokenConnection "reset". */
  reset(): void {
    this.settle("failed");
    this.deliver(() => (this.root.status = { code: Status.BrokenConnection, message: "reset" }), [0, 0, 0]);
  }

  /** Arms the timeout: Envoy's async client answers a call nobody answered in time with a local 504. */
  armTimeout(): void {
    if (this.timeoutMs === 0) return;
    this.timer = this.root.vm.host.clock.schedule(this.timeoutMs, () => {
      if (this.state === "pending") this.respond({ status: 504, headers: { "content-type": "text/plain" }, body: "upstream request timeout" });
    });
  }

  cancel(): void {
    this.settle("cancelled");
  }

  private deliver(prepare: () => void, counts: number[]): void {
    const root = this.root;
    root.vm.host.run(() => {
      prepare();
      const clear = () => {
        root.httpCallResponse = undefined;
        root.status = { code: root.status.code, message: "" };
      };
      try {
        root.vm.call(root, "proxy_on_http_call_response", [root.id, this.token, ...counts], clear);
      } finally {
        clear();
      }
    });
  }

  protected describe(): string {
    return `http call ${this.token} to ${this.cluster} ${this.method} ${this.path}`;
  }
}

export class GrpcCall extends OutboundCall {
  constructor(
    root: RootContext,
    token: number,
    cluster: string,
    readonly service: string,
    readonly method: string,
    readonly metadata: HeaderMap,
    readonly message: Uint8Array,
    timeoutMs: number,
  ) {
    super(root, token, cluster, timeoutMs);
  }

  /** Answers the unary call: a message goes to proxy_on_grpc_receive; a non-zero status to proxy_on_grpc_close. */
  respond(reply: GrpcReply): void {
    if (reply.status !== undefined && reply.status !== 0) return this.fail(reply.status, reply.statusMessage ?? "");
    this.settle("answered");
    const message = bytesOf(reply.message);
    const root = this.root;
    root.vm.host.run(() => {
      root.grpcMessage = message;
      const clear = () => (root.grpcMessage = undefined);
      try {
        root.vm.call(root, "proxy_on_grpc_receive", [root.id, this.token, message.length], clear);
      } finally {
        clear();
      }
    });
  }

  fail(status: number, statusMessage = ""): void {
    this.settle("failed");
    deliverClose(this.root, this.token, status, statusMessage);
  }

  armTimeout(): void {
    if (this.timeoutMs === 0) return;
    this.timer = this.root.vm.host.clock.schedule(this.timeoutMs, () => {
      // Envoy 1.40 ends a gRPC call that ran out of time as UNAVAILABLE "upstream request timeout" (seen in Envoy).
      if (this.state === "pending") this.fail(14, "upstream request timeout");
    });
  }

  cancel(): void {
    this.settle("cancelled");
  }

  protected describe(): string {
    return `grpc call ${this.token} to ${this.cluster} ${this.service}/${this.method}`;
  }
}

/** A gRPC stream the module opened; the test plays the server side. */
export class GrpcStream extends OutboundCall {
  /** Messages the module sent, in order. */
  readonly sent: Uint8Array[] = [];
  /** The module half-closed the stream (proxy_grpc_close, or end_stream on a send). */
  localClosed = false;
  remoteClosed = false;

  constructor(
    root: RootContext,
    token: number,
    cluster: string,
    readonly service: string,
    readonly method: string,
    readonly metadata: HeaderMap,
  ) {
    super(root, token, cluster, 0);
  }

  receiveInitialMetadata(metadata: HeadersInit): void {
    this.deliverMetadata("proxy_on_grpc_receive_initial_metadata", new HeaderMap(metadata), "grpcInitialMetadata");
  }

  receive(message: Body): void {
    this.ensureOpen();
    const root = this.root;
    const bytes = bytesOf(message);
    root.vm.host.run(() => {
      root.grpcMessage = bytes;
      const clear = () => (root.grpcMessage = undefined);
      try {
        root.vm.call(root, "proxy_on_grpc_receive", [root.id, this.token, bytes.length], clear);
      } finally {
        clear();
      }
    });
  }

  receiveTrailingMetadata(metadata: HeadersInit): void {
    this.deliverMetadata("proxy_on_grpc_receive_trailing_metadata", new HeaderMap(metadata), "grpcTrailingMetadata");
  }

  /** The server ends the stream with `status` (0 = OK): proxy_on_grpc_close. */
  close(status = 0, statusMessage = ""): void {
    this.ensureOpen();
    this.remoteClosed = true;
    if (this.localClosed) this.state = "answered";
    deliverClose(this.root, this.token, status, statusMessage);
  }

  cancel(): void {
    this.settle("cancelled");
  }

  private ensureOpen(): void {
    if (this.state === "cancelled" || this.remoteClosed) throw new Error(`${this.describe()} is ${this.remoteClosed ? "closed" : "cancelled"}`);
  }

  private deliverMetadata(callback: string, map: HeaderMap, slot: "grpcInitialMetadata" | "grpcTrailingMetadata"): void {
    this.ensureOpen();
    const root = this.root;
    root.vm.host.run(() => {
      root[slot] = map;
      const clear = () => (root[slot] = undefined);
      try {
        root.vm.call(root, callback, [root.id, this.token, map.size], clear);
      } finally {
        clear();
      }
    });
  }

  protected describe(): string {
    return `grpc stream ${this.token} to ${this.cluster} ${this.service}/${this.method}`;
  }
}

function deliverClose(root: RootContext, token: number, status: number, message: string): void {
  root.vm.host.run(() => {
    root.status = { code: status, message };
    const clear = () => (root.status = { code: status, message: "" });
    try {
      root.vm.call(root, "proxy_on_grpc_close", [root.id, token, status], clear);
    } finally {
      clear();
    }
  });
}

export type AnyCall = HttpCall | GrpcCall | GrpcStream;

/**
 * The host's clusters and the dispatching rules of Envoy's Context::httpCall / grpcCall / grpcStream.
 * Calls are kept per VM, by token (tokens step by 4, the low bits naming the call type, as in cpp-host).
 */
export class Calls {
  private readonly clusters = new Map<string, ClusterHandlers>();
  private readonly byVm = new Map<WasmVm, Map<number, AnyCall>>();

  /** Declares cluster `name`; without handlers its calls wait for the test. */
  addCluster(name: string, handlers: ClusterHandlers = {}): void {
    this.clusters.set(name, handlers);
  }

  /** Every call made by `vm`, in dispatch order (answered ones included). */
  of(vm: WasmVm): AnyCall[] {
    return [...(this.byVm.get(vm)?.values() ?? [])];
  }

  httpCall(root: RootContext, request: { cluster: string; headers: Pair[]; body: Uint8Array; trailers: Pair[]; timeoutMs: number }): { status: Status; token?: number } {
    const cluster = this.clusters.get(request.cluster);
    if (!cluster) return { status: Status.BadArgument };
    const headers = new HeaderMap(request.headers);
    if (!headers.has(":path") || !headers.has(":method") || !headers.has(":authority")) return { status: Status.BadArgument };
    if (request.body.length > 0) headers.set("content-length", String(request.body.length));
    const vm = root.vm;
    const token = (vm.nextHttpCallId += 4);
    const call = new HttpCall(root, token, request.cluster, headers, request.body, new HeaderMap(request.trailers), request.timeoutMs);
    this.record(vm, call);
    call.armTimeout();
    if (cluster.http) {
      const handler = cluster.http;
      vm.host.post(() => {
        const reply = handler(call);
        if (reply && call.state === "pending") call.respond(reply);
      });
    }
    return { status: Status.Ok, token };
  }

  grpcCall(root: RootContext, request: { upstream: Uint8Array; service: string; method: string; metadata: Pair[]; message: Uint8Array; timeoutMs: number }): { status: Status; token?: number } {
    const resolved = this.grpcCluster(request.upstream);
    if (resolved.status !== Status.Ok) return { status: resolved.status };
    const vm = root.vm;
    const token = (vm.nextGrpcCallId += 4);
    const call = new GrpcCall(root, token, resolved.cluster!, request.service, request.method, new HeaderMap(request.metadata), request.message, request.timeoutMs);
    this.record(vm, call);
    call.armTimeout();
    const handler = this.clusters.get(resolved.cluster!)?.grpc;
    if (handler) {
      vm.host.post(() => {
        const reply = handler(call);
        if (reply && call.state === "pending") call.respond(reply);
      });
    }
    return { status: Status.Ok, token };
  }

  grpcStream(root: RootContext, request: { upstream: Uint8Array; service: string; method: string; metadata: Pair[] }): { status: Status; token?: number } {
    const resolved = this.grpcCluster(request.upstream);
    if (resolved.status !== Status.Ok) return { status: resolved.status };
    const vm = root.vm;
    const token = (vm.nextGrpcStreamId += 4);
    this.record(vm, new GrpcStream(root, token, resolved.cluster!, request.service, request.method, new HeaderMap(request.metadata)));
    return { status: Status.Ok, token };
  }

  grpcSend(vm: WasmVm, token: number, message: Uint8Array, endStream: boolean): Status {
    if ((token & 3) !== 2) return Status.BadArgument;
    const stream = this.live(vm, token);
    if (!(stream instanceof GrpcStream)) return Status.NotFound;
    stream.sent.push(message);
    if (endStream) stream.localClosed = true;
    return Status.Ok;
  }

  /** Cancel drops the call or resets the stream; no callback follows. */
  grpcCancel(vm: WasmVm, token: number): Status {
    if ((token & 3) === 0) return Status.BadArgument;
    const call = this.live(vm, token);
    if (!call) return Status.NotFound;
    call.cancel();
    return Status.Ok;
  }

  /** Close cancels a unary call, or half-closes a stream. */
  grpcClose(vm: WasmVm, token: number): Status {
    if ((token & 3) === 0) return Status.BadArgument;
    const call = this.live(vm, token);
    if (!call) return Status.NotFound;
    if (call instanceof GrpcStream) call.localClosed = true;
    else call.cancel();
    return Status.Ok;
  }

  private live(vm: WasmVm, token: number): AnyCall | undefined {
    const call = this.byVm.get(vm)?.get(token);
    return call && call.state === "pending" ? call : undefined;
  }

  private record(vm: WasmVm, call: AnyCall): void {
    let calls = this.byVm.get(vm);
    if (!calls) this.byVm.set(vm, (calls = new Map()));
    calls.set(call.token, call);
  }

  /**
   * Envoy reads the upstream as a serialized GrpcService first; bytes that are no valid protobuf are a cluster name
   * (unknown: ParseFailure). A GrpcService naming an unknown cluster fails to start (InternalFailure).
   */
  private grpcCluster(upstream: Uint8Array): { status: Status; cluster?: string } {
    const parsed = envoyGrpcCluster(upstream);
    if (parsed === undefined) {
      const name = new TextDecoder().decode(upstream);
      return this.clusters.has(name) ? { status: Status.Ok, cluster: name } : { status: Status.ParseFailure };
    }
    if (parsed === null) return { status: Status.BadArgument };
    return this.clusters.has(parsed) ? { status: Status.Ok, cluster: parsed } : { status: Status.InternalFailure };
  }
}

/** Protobuf fields of `bytes` (wire types 0, 1, 2, 5; a length-delimited value is its payload), or undefined if the bytes are not valid wire format. */
function protoFields(bytes: Uint8Array): { field: number; wireType: number; value: Uint8Array }[] | undefined {
  const fields: { field: number; wireType: number; value: Uint8Array }[] = [];
  let pos = 0;
  const varint = (): number | undefined => {
    let result = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.length) return undefined;
      const b = bytes[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    return undefined;
  };
  while (pos < bytes.length) {
    const key = varint();
    if (key === undefined || key < 8) return undefined;
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    let start = pos;
    if (wireType === 0) {
      if (varint() === undefined) return undefined;
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4;
    } else if (wireType === 2) {
      const length = varint();
      if (length === undefined) return undefined;
      start = pos;
      pos += length;
    } else {
      return undefined;
    }
    if (pos > bytes.length) return undefined;
    fields.push({ field, wireType, value: bytes.subarray(start, pos) });
  }
  return fields;
}

/**
 * The cluster named by a serialized envoy.config.core.v3.GrpcService (envoy_grpc = 1 { cluster_name = 1 }):
 * undefined when the bytes do not parse, null when they parse but name no Envoy gRPC cluster.
 */
export function envoyGrpcCluster(bytes: Uint8Array): string | null | undefined {
  const fields = protoFields(bytes);
  if (!fields) return undefined;
  let cluster: string | null = null;
  for (const f of fields.filter((f) => f.field === 1)) {
    if (f.wireType !== 2) return undefined;
    const inner = protoFields(f.value);
    if (!inner) return undefined;
    cluster ??= "";
    for (const g of inner.filter((g) => g.field === 1)) {
      if (g.wireType !== 2) return undefined;
      cluster = new TextDecoder().decode(g.value);
    }
  }
  return cluster;
}
