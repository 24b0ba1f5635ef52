// One L4 connection through a network filter (envoy.filters.network.wasm in front of tcp_proxy). Bytes from the
// client pass proxy_on_downstream_data, bytes from the upstream pass proxy_on_upstream_data; a callback that
// answers Pause keeps its bytes in the buffer (the next callback sees them again, with the new ones).
import { BufferType, PeerType, Status, StreamType } from "./abi.js";
import { bytesOf, type Body } from "./calls.js";
import { HostContext, ImmutableBuffer, type HostBuffer, MutableBuffer, concat, type RootContext } from "./context.js";
import { mergeProperties, type PropertyTree } from "./properties.js";
import { WasmTrapError, type WasmVm } from "./vm.js";

export interface ConnectionOptions {
  /** The client's address ("ip:port"), seen as source.address and source.port. */
  source?: string;
  properties?: PropertyTree;
}

class Direction {
  buffer = new MutableBuffer();
  /** The filter holds these bytes: a callback is running, or the last one answered Pause. */
  held = false;
  /** Everything that got past the filter, in order. */
  passed: Uint8Array = new Uint8Array(0);
  ended = false;

  pass(): void {
    this.passed = concat([this.passed, this.buffer.data]);
    this.buffer = new MutableBuffer();
    this.held = false;
  }
}

export class Connection extends HostContext {
  /** The filter closed the connection (proxy_close_stream), or the client did (close()). */
  closedBy: "filter" | "client" | undefined;
  /** proxy_on_done, proxy_on_log and proxy_on_delete have run. */
  done = false;
  readonly state = new Map<string, Uint8Array>();

  private readonly toUpstream = new Direction();
  private readonly toClient = new Direction();
  private readonly connectionId: number;
  private readonly source: string;
  private upstreamClosed = false;

  constructor(
    vm: WasmVm,
    private readonly rootContext: RootContext,
    private readonly options: ConnectionOptions = {},
  ) {
    super(vm, vm.allocContextId());
    vm.contexts.set(this.id, this);
    this.connectionId = vm.host.nextConnectionId();
    this.source = options.source ?? `127.0.0.1:${40000 + this.connectionId}`;
    vm.host.run(() => {
      this.callFilter("proxy_on_context_create", [rootContext.id]);
      this.callFilter("proxy_on_new_connection", [], (result) => {
        this.toUpstream.held = result !== 0;
      });
    });
  }

  get root(): RootContext {
    return this.rootContext;
  }

  /** Bytes that reached the upstream. */
  get upstreamReceived(): Uint8Array {
    return this.toUpstream.passed;
  }

  /** Bytes that reached the client. */
  get clientReceived(): Uint8Array {
    return this.toClient.passed;
  }

  get upstreamText(): string {
    return new TextDecoder().decode(this.upstreamReceived);
  }

  get clientText(): string {
    return new TextDecoder().decode(this.clientReceived);
  }

  get closed(): boolean {
    return this.closedBy !== undefined;
  }

  /** The client sends `data` (end of stream: the client half-closed). */
  sendDownstream(data: Body, endOfStream = false): this {
    this.vm.host.run(() => this.onData(this.toUpstream, "proxy_on_downstream_data", bytesOf(data), endOfStream));
    return this;
  }

  /** The upstream sends `data`; end of stream also tells the filter the upstream closed (as Envoy does). */
  sendUpstream(data: Body, endOfStream = false): this {
    this.vm.host.run(() => {
      this.onData(this.toClient, "proxy_on_upstream_data", bytesOf(data), endOfStream);
      if (endOfStream && !this.done && !this.upstreamClosed) {
        this.upstreamClosed = true;
        this.callFilter("proxy_on_upstream_connection_close", [PeerType.Unknown]);
      }
    });
    return this;
  }

  /** The client closes the connection. */
  close(): this {
    this.vm.host.run(() => this.closeConnection("client"));
    return this;
  }

  override buffer(type: BufferType): HostBuffer | undefined {
    if (type === BufferType.NetworkDownstreamData) return this.toUpstream.held ? this.toUpstream.buffer : new ImmutableBuffer();
    if (type === BufferType.NetworkUpstreamData) return this.toClient.held ? this.toClient.buffer : new ImmutableBuffer();
    return super.buffer(type);
  }

  /** continue_stream(Downstream) resumes reading: the held client bytes go on to the upstream. */
  override continueStream(type: StreamType): Status {
    if (type === StreamType.Downstream) {
      this.vm.afterCall(() => {
        if (!this.closed && this.toUpstream.held) this.toUpstream.pass();
      });
      return Status.Ok;
    }
    return super.continueStream(type);
  }

  /** Both Downstream and Upstream close the client connection in Envoy (after flushing what was written). */
  override closeStream(type: StreamType): Status {
    if (type === StreamType.Downstream || type === StreamType.Upstream) this.vm.afterCall(() => this.closeConnection("filter"));
    return Status.Ok;
  }

  override properties(): PropertyTree {
    const port = Number(this.source.slice(this.source.lastIndexOf(":") + 1)) || 0;
    return mergeProperties(this.vm.settings.properties, {
      source: { address: this.source, port: BigInt(port) },
      destination: { address: "127.0.0.1:10000", port: 10000n },
      connection: { id: BigInt(this.connectionId), mtls: false },
      connection_id: BigInt(this.connectionId),
    }, this.options.properties);
  }

  override filterState(): Map<string, Uint8Array> {
    return this.state;
  }

  private onData(direction: Direction, callback: string, data: Uint8Array, end: boolean): void {
    if (this.closed) return;
    direction.buffer.append(data);
    direction.held = true;
    direction.ended ||= end;
    this.callFilter(callback, [direction.buffer.data.length, end ? 1 : 0], (result) => {
      if (result === 0 && !this.closed) direction.pass();
    });
  }

  /** A close event: proxy_on_downstream_connection_close (Local when the filter closed), then done, log, delete. */
  private closeConnection(by: "filter" | "client"): void {
    if (this.closed) return;
    this.closedBy = by;
    this.callFilter("proxy_on_downstream_connection_close", [by === "filter" ? PeerType.Local : PeerType.Remote]);
    this.done = true;
    this.callFilter("proxy_on_done", []);
    this.callFilter("proxy_on_log", []);
    this.callFilter("proxy_on_delete", []);
    this.vm.contexts.delete(this.id);
  }

  /** Calls `callback` for this connection; on a failed VM nothing runs and the connection closes, as in Envoy. */
  private callFilter(callback: string, args: number[], verdict?: (result: number, stopped: boolean) => void): void {
    if (this.vm.failed) return this.closeConnection("filter");
    try {
      this.vm.call(this, callback, [this.id, ...args], verdict);
    } catch (error) {
      if (error instanceof WasmTrapError) this.closedBy ??= "filter";
      throw error;
    }
  }
}
