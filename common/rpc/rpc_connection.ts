// One downstream connection of an RPC network filter (Dubbo, Thrift): requests flow client → server, answers back,
// and each direction runs the frame loop with the protocol's codec. What the protocols share lives here: handling
// only the new bytes of a buffer held by a delay fault, writing a rewritten buffer back, and closing the connection
// (logged once, counted) when either side sends something that is not the protocol.
import { Action, Counter, PeerType, StreamContext, logWarn } from "../../assembly";
import { StreamTimers } from "../stream_timers";
import { ConnectionHold } from "./delayed_connections";
import { FrameCodec, FrameLoop, LoopResult } from "./frame_loop";

export abstract class RpcConnection extends StreamContext {
  protected hold: ConnectionHold;
  private requests!: FrameLoop;
  private responses!: FrameLoop;
  private closed: bool = false;

  /** `filter` and `server` name the filter and the server side ("provider") in the log line. */
  constructor(id: u32, delays: StreamTimers, private filter: string, private server: string, private closedCount: Counter) {
    super(id);
    this.hold = new ConnectionHold(id, delays);
  }

  /** Called once by the subclass's constructor with its two codecs. */
  protected useCodecs(requests: FrameCodec, responses: FrameCodec): void {
    this.requests = new FrameLoop(requests);
    this.responses = new FrameLoop(responses);
  }

  /** Why the codecs gave up on the connection, for the log line. */
  protected abstract problem(): string;

  onDownstreamData(dataSize: u32, endOfStream: bool): Action {
    if (this.closed) return Action.Pause;
    // While held, the bytes already handled come again first: only what follows them is new.
    const start = this.hold.newBytesStart();
    if (dataSize <= start) return this.hold.keep(dataSize) ? Action.Pause : Action.Continue;
    const data = this.getDownstreamData(start, dataSize - start);
    if (data === null) return Action.Continue;
    const result = this.requests.run(Uint8Array.wrap(data), endOfStream);
    if (result == LoopResult.Invalid) return this.closeOnBadInput(true);
    let buffered = dataSize;
    if (result == LoopResult.Rewritten) {
      const replacement = this.afterHandledHead(start, this.requests.output);
      this.setDownstreamData(0, dataSize, replacement);
      buffered = replacement.byteLength;
    }
    return this.hold.keep(buffered) ? Action.Pause : Action.Continue;
  }

  onUpstreamData(dataSize: u32, endOfStream: bool): Action {
    if (this.closed) return Action.Pause;
    if (dataSize == 0) return Action.Continue;
    const data = this.getUpstreamData(0, dataSize);
    if (data === null) return Action.Continue;
    const result = this.responses.run(Uint8Array.wrap(data), endOfStream);
    if (result == LoopResult.Unchanged) return Action.Continue;
    if (result == LoopResult.Invalid) return this.closeOnBadInput(false);
    const output = this.responses.output;
    this.setUpstreamData(0, dataSize, output.buffer.slice(output.byteOffset, output.byteOffset + output.byteLength));
    return Action.Continue;
  }

  onDownstreamClose(peer: PeerType): void {
    this.hold.forget();
  }

  /** Envoy replaces only a prefix of its buffer: under a hold, the handled head is written back before the new bytes. */
  private afterHandledHead(start: u32, output: Uint8Array): ArrayBuffer {
    let head = new Uint8Array(0);
    if (start > 0) {
      const handled = this.getDownstreamData(0, start);
      if (handled !== null) head = Uint8Array.wrap(handled);
    }
    const joined = new Uint8Array(head.length + output.length);
    joined.set(head, 0);
    joined.set(output, head.length);
    return joined.buffer;
  }

  private closeOnBadInput(downstream: bool): Action {
    this.closed = true;
    this.hold.forget();
    this.closedCount.increment();
    logWarn(this.filter + ": closing connection " + this.id.toString() + ": " + this.problem() + (downstream ? " from the client" : " from the " + this.server));
    this.close();
    return Action.Pause;
  }
}
