// One downstream connection: requests flow client → provider, responses back. Each direction runs the frame loop
// with a Dubbo codec. A call the rules deny is rewritten into a heartbeat with its request id, so the provider answers
// for that id (a network filter cannot write to the client on its own), and that answer is rewritten on the way back
// into an error response carrying the rule's message: the consumer raises RpcException, the connection stays up.
// A delayed call holds the client's bytes in Envoy until the root's tick resumes them (common/rpc/delayed_connections).
import { Action, PeerType, StreamContext, logWarn, monotonicNanos, randomU64, setProperty } from "../../assembly";
import { DubboRequest, RequestDecoder, ResponseKind, isException, responseKind } from "../../common/dubbo/body";
import { DubboHeader, DubboStatus, HEADER_SIZE, HESSIAN2, HeaderProblem, errorResponse, heartbeatRequest, readHeader } from "../../common/dubbo/header";
import { CallRule, RuleAction, firstMatch, takeToken } from "../../common/rpc/call_rule";
import { SharedBuckets } from "../../common/shared_buckets";
import { ConnectionHold, DelayedConnections } from "../../common/rpc/delayed_connections";
import { FrameCodec, FrameLoop, FrameSize, LoopResult } from "../../common/rpc/frame_loop";
import { DubboConfig } from "./config";
import { FilterMetrics, MethodMetrics } from "./metrics";

/** Calls in flight per connection whose latency is measured; beyond, calls pass unmeasured. */
const MAX_PENDING = 4096;

class PendingCall {
  /** For a refused call: the status and message of the error response its heartbeat answer becomes. */
  constructor(public metrics: MethodMetrics, public startNs: u64, public refusal: string | null, public status: u8) {}
}

/** What both directions share: the calls sent and not yet answered, by request id. */
class Calls {
  pending: Map<u64, PendingCall> = new Map();
  /** Answered calls' records, reused for the next calls. */
  private spare: PendingCall[] = [];

  add(id: u64, metrics: MethodMetrics, startNs: u64, refusal: string | null, status: u8): void {
    const spare = this.spare;
    if (spare.length == 0) {
      this.pending.set(id, new PendingCall(metrics, startNs, refusal, status));
      return;
    }
    const call = spare.pop();
    call.metrics = metrics;
    call.startNs = startNs;
    call.refusal = refusal;
    call.status = status;
    this.pending.set(id, call);
  }

  /** Takes the call answered by `id` off the table; it stays valid until the next `add`. */
  take(id: u64): PendingCall {
    const call = this.pending.get(id);
    this.pending.delete(id);
    this.spare.push(call);
    return call;
  }
  /** Why the connection is being closed, logged once. */
  problem: string | null = null;
}

function headerProblem(problem: HeaderProblem): string {
  return problem == HeaderProblem.BadMagic ? "not a Dubbo frame (bad magic)" : "frame body over max_body_bytes";
}

abstract class DubboCodec extends FrameCodec {
  protected header: DubboHeader = new DubboHeader();

  constructor(protected config: DubboConfig, protected metrics: FilterMetrics, protected calls: Calls, protected limiters: (SharedBuckets | null)[]) {
    super();
  }

  measure(bytes: Uint8Array, at: i32, available: i32): i32 {
    // A wrong first byte is known before the whole header is there.
    if (bytes[at] != 0xda || (available >= 2 && bytes[at + 1] != 0xbb)) return this.undecodable(headerProblem(HeaderProblem.BadMagic));
    if (available < HEADER_SIZE) return FrameSize.NEED_MORE;
    const problem = readHeader(bytes, at, this.config.maxBodyBytes, this.header);
    if (problem != HeaderProblem.None) return this.undecodable(headerProblem(problem));
    return this.header.frameLength;
  }

  protected undecodable(why: string): i32 {
    this.metrics.decodeErrors.increment();
    if (this.calls.problem === null) this.calls.problem = why;
    this.invalid = true;
    return FrameSize.INVALID;
  }
}

/** Client → provider. */
class RequestCodec extends DubboCodec {
  private decoder: RequestDecoder = new RequestDecoder();
  /** The stats of the last request's method: the next one with the same head uses them without a lookup. */
  private lastMetrics: MethodMetrics | null = null;

  constructor(config: DubboConfig, metrics: FilterMetrics, calls: Calls, limiters: (SharedBuckets | null)[], private hold: ConnectionHold) {
    super(config, metrics, calls, limiters);
  }

  onFrame(bytes: Uint8Array, at: i32, size: i32): Uint8Array | null {
    const header = this.header;
    if (!header.isRequest || header.event) {
      if (header.event) this.metrics.heartbeats.increment();
      return null;
    }
    this.metrics.requests.increment();
    let request: DubboRequest | null = null;
    if (header.serialization == HESSIAN2) {
      request = this.decoder.decode(bytes, at + HEADER_SIZE, at + size, this.config.attachmentsRead);
      if (request === null) {
        this.undecodable("undecodable hessian2 request body");
        return null;
      }
    }
    if (request === null) {
      // Unread, it cannot be checked against the rules: refused, so no call bypasses them.
      this.metrics.otherSerialization.increment();
      const other = this.metrics.method("_other", "_other");
      other.denied.increment();
      return this.refuse(header, other, DubboStatus.SERVICE_ERROR, "the dubbo filter reads hessian2 only (serialization id " + header.serialization.toString() + ")", monotonicNanos());
    }
    let metrics = this.decoder.sameHead ? this.lastMetrics : null;
    if (metrics === null) {
      metrics = this.metrics.method(request.service, request.method);
      this.lastMetrics = this.metrics.isOther(metrics) ? null : metrics;
    }
    metrics.requests.increment();
    const state = this.config.filterState;
    if (state !== null) setProperty([state], String.UTF8.encode(request.service + "/" + request.method));
    const index = firstMatch(this.config.rules, request);
    const rule: CallRule | null = index < 0 ? null : this.config.rules[index];
    const action = rule === null ? this.config.defaultAction : rule.action;
    const nowNs = monotonicNanos();
    if (action == RuleAction.Deny) {
      this.metrics.denied.increment();
      metrics.denied.increment();
      return this.refuse(header, metrics, DubboStatus.SERVICE_ERROR, rule === null ? this.config.defaultMessage : rule.message, nowNs);
    }
    if (action == RuleAction.Limit && !takeToken(rule!, this.limiters[index]!, request, nowNs).allowed) {
      this.metrics.limited.increment();
      metrics.limited.increment();
      return this.refuse(header, metrics, DubboStatus.SERVER_THREADPOOL_EXHAUSTED, rule!.message, nowNs);
    }
    if (action == RuleAction.Abort && rule!.fault!.selects(rule!, request, randomU64)) {
      this.metrics.aborted.increment();
      metrics.aborted.increment();
      return this.refuse(header, metrics, DubboStatus.SERVER_ERROR, rule!.message, nowNs);
    }
    if (action == RuleAction.Delay && rule!.fault!.selects(rule!, request, randomU64)) {
      this.metrics.delayed.increment();
      metrics.delayed.increment();
      this.hold.until(nowNs + <u64>rule!.fault!.delayMs * 1_000_000);
    }
    if (header.twoWay && this.calls.pending.size < MAX_PENDING) this.calls.add(header.requestId, metrics, nowNs, null, DubboStatus.OK);
    return null;
  }

  /** The call is answered with an error: it goes to the provider as a heartbeat with its id, answered on the way back. */
  private refuse(header: DubboHeader, metrics: MethodMetrics, status: u8, message: string, nowNs: u64): Uint8Array {
    if (header.twoWay) this.calls.add(header.requestId, metrics, nowNs, message, status);
    return heartbeatRequest(header.requestId, header.twoWay);
  }
}

/** Provider → client. */
class ResponseCodec extends DubboCodec {
  onFrame(bytes: Uint8Array, at: i32, size: i32): Uint8Array | null {
    const header = this.header;
    if (header.isRequest) {
      // The provider's own heartbeat.
      if (header.event) this.metrics.heartbeats.increment();
      return null;
    }
    const pending = this.calls.pending;
    const id = header.requestId;
    if (!pending.has(id)) {
      if (header.event) this.metrics.heartbeats.increment();
      else this.metrics.responses.increment();
      return null;
    }
    const call = this.calls.take(id);
    const refusal = call.refusal;
    if (refusal !== null && header.event) return errorResponse(id, call.status, refusal);
    this.metrics.responses.increment();
    const metrics = call.metrics;
    metrics.latencyMs.record((monotonicNanos() - call.startNs) / 1_000_000);
    if (header.status != DubboStatus.OK) {
      metrics.responsesError.increment();
      return null;
    }
    metrics.responsesOk.increment();
    const kind = header.serialization == HESSIAN2 ? responseKind(bytes, at + HEADER_SIZE, at + size, true) : ResponseKind.Value;
    if (isException(kind)) metrics.exceptions.increment();
    return null;
  }
}

export class DubboConnection extends StreamContext {
  private calls: Calls = new Calls();
  private requests!: FrameLoop;
  private responses!: FrameLoop;
  private hold!: ConnectionHold;
  private closed: bool = false;

  constructor(id: u32, config: DubboConfig, private metrics: FilterMetrics, limiters: (SharedBuckets | null)[], delays: DelayedConnections) {
    super(id);
    this.hold = new ConnectionHold(id, delays);
    this.requests = new FrameLoop(new RequestCodec(config, metrics, this.calls, limiters, this.hold));
    this.responses = new FrameLoop(new ResponseCodec(config, metrics, this.calls, limiters));
  }

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
    this.metrics.closed.increment();
    const why = this.calls.problem;
    logWarn("dubbo: closing connection " + this.id.toString() + ": " + (why === null ? "undecodable frame" : why) + (downstream ? " from the client" : " from the provider"));
    this.close();
    return Action.Pause;
  }
}
