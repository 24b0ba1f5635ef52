// One downstream connection: requests flow client → provider, responses back. Each direction runs the frame loop
// with a Dubbo codec. A call the rules deny is rewritten into a heartbeat with its request id, so the provider answers
// for that id (a network filter cannot write to the client on its own), and that answer is rewritten on the way back
// into an error response carrying the rule's message: the consumer raises RpcException, the connection stays up.
// A delayed call holds the client's bytes in Envoy until the root's tick resumes them (common/rpc/delayed_connections);
// the plumbing both directions share is common/rpc/rpc_connection.
import { monotonicNanos, setProperty } from "../../assembly";
import { DubboRequest, RequestDecoder, ResponseKind, isException, responseKind } from "../../common/dubbo/body";
import { DubboHeader, DubboStatus, HEADER_SIZE, HESSIAN2, HeaderProblem, errorResponse, heartbeatRequest, readHeader } from "../../common/dubbo/header";
import { CallPolicy, Verdict } from "../../common/rpc/call_policy";
import { ConnectionHold } from "../../common/rpc/delayed_connections";
import { StreamTimers } from "../../common/stream_timers";
import { FrameCodec, FrameSize } from "../../common/rpc/frame_loop";
import { RpcConnection } from "../../common/rpc/rpc_connection";
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

  constructor(protected config: DubboConfig, protected metrics: FilterMetrics, protected calls: Calls) {
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

  constructor(config: DubboConfig, metrics: FilterMetrics, calls: Calls, private policy: CallPolicy, private hold: ConnectionHold) {
    super(config, metrics, calls);
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
      const other = this.metrics.methods.get("_other", "_other");
      other.denied.increment();
      return this.refuse(header, other, DubboStatus.SERVICE_ERROR, "the dubbo filter reads hessian2 only (serialization id " + header.serialization.toString() + ")", monotonicNanos());
    }
    let metrics = this.decoder.sameHead ? this.lastMetrics : null;
    if (metrics === null) {
      metrics = this.metrics.methods.get(request.service, request.method);
      this.lastMetrics = this.metrics.methods.isOther(metrics) ? null : metrics;
    }
    metrics.requests.increment();
    const state = this.config.filterState;
    if (state !== null) setProperty([state], String.UTF8.encode(request.service + "/" + request.method));
    const nowNs = monotonicNanos();
    const policy = this.policy;
    switch (policy.decide(request, nowNs)) {
      case Verdict.Deny:
        this.metrics.denied.increment();
        metrics.denied.increment();
        return this.refuse(header, metrics, DubboStatus.SERVICE_ERROR, policy.message, nowNs);
      case Verdict.Limited:
        this.metrics.limited.increment();
        metrics.limited.increment();
        return this.refuse(header, metrics, DubboStatus.SERVER_THREADPOOL_EXHAUSTED, policy.message, nowNs);
      case Verdict.Abort:
        this.metrics.aborted.increment();
        metrics.aborted.increment();
        return this.refuse(header, metrics, DubboStatus.SERVER_ERROR, policy.message, nowNs);
      case Verdict.Delay:
        this.metrics.delayed.increment();
        metrics.delayed.increment();
        this.hold.until(nowNs + <u64>policy.delayMs * 1_000_000);
        break;
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

export class DubboConnection extends RpcConnection {
  private calls: Calls = new Calls();

  constructor(id: u32, config: DubboConfig, metrics: FilterMetrics, policy: CallPolicy, delays: StreamTimers) {
    super(id, delays, "dubbo", "provider", metrics.closed);
    this.useCodecs(new RequestCodec(config, metrics, this.calls, policy, this.hold), new ResponseCodec(config, metrics, this.calls));
  }

  protected problem(): string {
    const why = this.calls.problem;
    return why === null ? "undecodable frame" : why;
  }
}
