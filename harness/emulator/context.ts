// The host side of a context (Envoy's Context): what host calls made on its behalf can reach. The base class
// answers as Envoy does where a context lacks something (no stream, no map, no buffer); HttpStream, Connection and
// RootContext override what they have.
import { BufferType, HeaderMapType, Status, StreamType } from "./abi.js";
import type { Timer } from "./clock.js";
import type { HeaderMap } from "./headers.js";
import type { PropertyTree } from "./properties.js";
import type { WasmVm } from "./vm.js";

/** A buffer a host call reads or writes (get_buffer_bytes / set_buffer_bytes). */
export interface HostBuffer {
  bytes(): Uint8Array;
  copyFrom(start: number, length: number, data: Uint8Array): Status;
}

/** Configuration, call responses and absent bodies: readable, never writable (Envoy answers BadArgument). */
export class ImmutableBuffer implements HostBuffer {
  constructor(private readonly data: Uint8Array = new Uint8Array(0)) {}
  bytes(): Uint8Array {
    return this.data;
  }
  copyFrom(): Status {
    return Status.BadArgument;
  }
}

/**
 * A body or connection buffer the module may edit, with Envoy 1.40's rules: at start 0 the first `length` bytes are
 * replaced (length 0 prepends), at or past the end the data is appended, anywhere else is BadArgument.
 */
export class MutableBuffer implements HostBuffer {
  constructor(public data: Uint8Array = new Uint8Array(0)) {}
  bytes(): Uint8Array {
    return this.data;
  }
  append(data: Uint8Array): void {
    this.data = concat([this.data, data]);
  }
  copyFrom(start: number, length: number, data: Uint8Array): Status {
    if (start === 0) this.data = concat([data, this.data.subarray(Math.min(length, this.data.length))]);
    else if (start >= this.data.length) this.append(data);
    else return Status.BadArgument;
    return Status.Ok;
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export interface LocalResponse {
  status: number;
  /** Envoy's response code details: the module's text with spaces replaced by underscores. */
  details: string;
  body: Uint8Array;
  headers: [string, string][];
  /** gRPC status for a gRPC request, or undefined when the module passed none (-1 or out of range). */
  grpcStatus: number | undefined;
}

export abstract class HostContext {
  constructor(
    readonly vm: WasmVm,
    readonly id: number,
  ) {}

  abstract get root(): RootContext;

  /**
   * The header map `type` as Envoy's getMap (write) or getConstMap (read) would find it. Call-response maps live
   * on the root context and are readable from any context while a response is being delivered.
   */
  headerMap(type: HeaderMapType, write: boolean): HeaderMap | undefined {
    if (write) return undefined;
    const root = this.root;
    switch (type) {
      case HeaderMapType.HttpCallResponseHeaders:
        return root.httpCallResponse?.headers;
      case HeaderMapType.HttpCallResponseTrailers:
        return root.httpCallResponse?.trailers;
      case HeaderMapType.GrpcReceiveInitialMetadata:
        return root.grpcInitialMetadata;
      case HeaderMapType.GrpcReceiveTrailingMetadata:
        return root.grpcTrailingMetadata;
      default:
        return undefined;
    }
  }

  /** False in the access-log phase of a stream, where a missing map reads as NotFound instead of BadArgument. */
  get inLogPhase(): boolean {
    return false;
  }

  /** Called after the module edited map `type` (Envoy clears the route cache for request headers). */
  headersModified(_type: HeaderMapType): void {}

  buffer(type: BufferType): HostBuffer | undefined {
    const root = this.root;
    switch (type) {
      case BufferType.VmConfiguration:
        return new ImmutableBuffer(root.vmConfiguration);
      case BufferType.HttpCallResponseBody:
        return root.httpCallResponse && new ImmutableBuffer(root.httpCallResponse.body);
      case BufferType.GrpcReceiveBuffer:
        return new ImmutableBuffer(root.grpcMessage);
      case BufferType.PluginConfiguration:
        return undefined;
      default:
        return new ImmutableBuffer();
    }
  }

  /** Outside a stream, continuing a request or response does nothing; Upstream is unimplemented in Envoy. */
  continueStream(type: StreamType): Status {
    return type === StreamType.Upstream ? Status.Unimplemented : Status.Ok;
  }

  closeStream(_type: StreamType): Status {
    return Status.Ok;
  }

  sendLocalResponse(_response: LocalResponse): void {}

  /** Attributes visible from this context (the plugin's, plus the stream's for stream contexts). */
  properties(): PropertyTree {
    return this.vm.settings.properties;
  }

  /** Filter state written by set_property, by path; none outside a stream. */
  filterState(): Map<string, Uint8Array> | undefined {
    return undefined;
  }

  clearRouteCache(): void {}
}

/** Which outbound-call response the root context is delivering right now (Envoy keeps them on the root). */
export interface CallResponse {
  headers: HeaderMap;
  body: Uint8Array;
  trailers: HeaderMap;
}

/** The plugin's root context in one VM: configuration, tick timer, outbound-call responses, get_status. */
export class RootContext extends HostContext {
  /** Set only while proxy_on_configure runs, as Envoy's temp_plugin_. */
  pluginConfiguration: Uint8Array | undefined;
  httpCallResponse: CallResponse | undefined;
  grpcInitialMetadata: HeaderMap | undefined;
  grpcTrailingMetadata: HeaderMap | undefined;
  grpcMessage: Uint8Array | undefined;
  /** What proxy_get_status reports: the status of the outbound call being delivered. */
  status = { code: 0, message: "" };
  private tickTimer: Timer | undefined;

  constructor(
    vm: WasmVm,
    id: number,
    readonly vmConfiguration: Uint8Array,
  ) {
    super(vm, id);
  }

  get root(): RootContext {
    return this;
  }

  /** proxy_set_tick_period_milliseconds: a timer per root context per VM, re-armed after each tick; 0 stops it. */
  setTickPeriod(periodMs: number): void {
    this.tickTimer?.cancel();
    this.tickTimer = undefined;
    if (periodMs === 0) return;
    const arm = () => {
      this.tickTimer = this.vm.host.clock.schedule(periodMs, () => {
        this.vm.host.run(() => this.tick());
        if (!this.vm.failed) arm();
      });
    };
    arm();
  }

  tick(): void {
    this.vm.call(this, "proxy_on_tick", [this.id]);
  }

  override buffer(type: BufferType): HostBuffer | undefined {
    if (type === BufferType.PluginConfiguration) return this.pluginConfiguration && new ImmutableBuffer(this.pluginConfiguration);
    return super.buffer(type);
  }
}
