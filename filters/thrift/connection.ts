// One downstream connection: calls flow client → server, replies back, each direction through the frame loop with a
// Thrift decoder (transport and protocol configured, or told from the connection's first bytes). A Thrift server
// answers a connection's calls in order, so replies are matched to calls in order (by seqid when it differs: a
// client that reuses one seqid is matched by order alone). A call the rules refuse is renamed to a method no server
// has, so the server answers that seqid with its own TApplicationException and stays in step; that answer is
// rewritten on the way back into one carrying the rule's message. A refused oneway call is dropped. Replies reach
// the client in the order the server sent them: the filter never reorders.
import { monotonicNanos, setProperty } from "../../assembly";
import { CallPolicy, Verdict } from "../../common/rpc/call_policy";
import { ConnectionHold } from "../../common/rpc/delayed_connections";
import { StreamTimers } from "../../common/stream_timers";
import { FrameCodec, FrameSize } from "../../common/rpc/frame_loop";
import { RpcConnection } from "../../common/rpc/rpc_connection";
import { ThriftDecoder } from "../../common/thrift/decoder";
import { ReplyKind, ThriftMessage } from "../../common/thrift/message";
import { problemText } from "../../common/thrift/problem";
import { AppExceptionType, MessageType } from "../../common/thrift/protocol";
import { exceptionReply, renameMethod } from "../../common/thrift/reply";
import { Detection } from "../../common/thrift/transport";
import { ThriftConfig } from "./config";
import { FilterMetrics, MethodMetrics } from "./metrics";

/** Calls in flight per connection that are matched to their replies; beyond, calls pass unmatched and untimed. */
const MAX_PENDING = 4096;
/** What a refused call is renamed to: a method no service has, so every Thrift server answers UNKNOWN_METHOD. */
export const REFUSED_METHOD = "__thrift_filter_refused__";

class PendingCall {
  /** For a refused call: the message and TApplicationException type the server's answer is replaced with. */
  constructor(public seqId: i32, public method: string, public metrics: MethodMetrics, public startNs: u64, public refusal: string | null, public exceptionType: i32) {}
}

/** What both directions share: the calls sent and not yet answered, in order, and how the connection speaks. */
class Calls {
  private queue: PendingCall[] = [];
  private head: i32 = 0;
  /** Told from the first bytes (transport "auto"), then both decoders are set. */
  detecting: bool;
  /** Why the connection is being closed, logged once. */
  problem: string | null = null;

  constructor(detect: bool, public requests: ThriftDecoder, public replies: ThriftDecoder) {
    this.detecting = detect;
  }

  get size(): i32 {
    return this.queue.length - this.head;
  }

  add(call: PendingCall): void {
    this.queue.push(call);
  }

  /** The oldest call with this seqid (the oldest of all when the server echoes it), taken off; null when none. */
  take(seqId: i32): PendingCall | null {
    const queue = this.queue;
    let found = -1;
    for (let i = this.head; i < queue.length; i++) {
      if (queue[i].seqId == seqId) {
        found = i;
        break;
      }
    }
    if (found < 0) return null;
    const call = queue[found];
    if (found == this.head) {
      this.head++;
      // Drop the answered front now and then, so the queue does not grow with the connection's age.
      if (this.head == queue.length) {
        queue.length = 0;
        this.head = 0;
      } else if (this.head >= 64 && this.head * 2 >= queue.length) {
        this.queue = queue.slice(this.head);
        this.head = 0;
      }
    } else {
      queue.splice(found, 1);
    }
    return call;
  }
}

abstract class ThriftCodec extends FrameCodec {
  constructor(protected decoder: ThriftDecoder, protected metrics: FilterMetrics, protected calls: Calls) {
    super();
  }

  measure(bytes: Uint8Array, at: i32, available: i32): i32 {
    const calls = this.calls;
    if (calls.detecting) {
      const found = this.decoder.detect(bytes, at, available);
      if (found == Detection.NeedMore) return FrameSize.NEED_MORE;
      if (found == Detection.NotThrift) return this.undecodable();
      calls.detecting = false;
      const other = this.decoder === calls.requests ? calls.replies : calls.requests;
      other.transport = this.decoder.transport;
      other.protocol = this.decoder.protocol;
    }
    const size = this.decoder.measure(bytes, at, available);
    return size == FrameSize.INVALID ? this.undecodable() : size;
  }

  protected undecodable(): i32 {
    this.metrics.decodeErrors.increment();
    if (this.calls.problem === null) this.calls.problem = problemText(this.decoder.problem);
    this.invalid = true;
    return FrameSize.INVALID;
  }
}

/** Client → server. */
class CallCodec extends ThriftCodec {
  /** The stats of the last call's method, kept while the name stays the same string. */
  private lastMetrics: MethodMetrics | null = null;
  private lastName: usize = 0;

  constructor(decoder: ThriftDecoder, metrics: FilterMetrics, calls: Calls, private config: ThriftConfig, private policy: CallPolicy, private hold: ConnectionHold) {
    super(decoder, metrics, calls);
  }

  onFrame(bytes: Uint8Array, at: i32, size: i32): Uint8Array | null {
    if (!this.decoder.decode(bytes, at, size)) {
      this.undecodable();
      return null;
    }
    const m = this.decoder.message;
    const oneway = m.type == MessageType.Oneway;
    if (!oneway && m.type != MessageType.Call) return null;
    this.metrics.calls.increment();
    const metrics = this.methodMetrics(m);
    if (oneway) metrics.oneways.increment();
    else metrics.calls.increment();
    const state = this.config.filterState;
    if (state !== null) setProperty([state], String.UTF8.encode(m.name));
    const nowNs = monotonicNanos();
    const policy = this.policy;
    switch (policy.decide(m, nowNs)) {
      case Verdict.Deny:
        this.metrics.denied.increment();
        metrics.denied.increment();
        return this.refuse(bytes, m, metrics, AppExceptionType.UNKNOWN, nowNs);
      case Verdict.Limited:
        this.metrics.limited.increment();
        metrics.limited.increment();
        return this.refuse(bytes, m, metrics, AppExceptionType.INTERNAL_ERROR, nowNs);
      case Verdict.Abort:
        this.metrics.aborted.increment();
        metrics.aborted.increment();
        return this.refuse(bytes, m, metrics, AppExceptionType.INTERNAL_ERROR, nowNs);
      case Verdict.Delay:
        this.metrics.delayed.increment();
        metrics.delayed.increment();
        this.hold.until(nowNs + <u64>policy.delayMs * 1_000_000);
        break;
    }
    if (!oneway && this.calls.size < MAX_PENDING) this.calls.add(new PendingCall(m.seqId, m.method, metrics, nowNs, null, 0));
    return null;
  }

  private methodMetrics(m: ThriftMessage): MethodMetrics {
    // The decoder keeps the name's strings while the name's bytes repeat, and holds the last name while it makes the
    // next, so a new name never takes the address compared here.
    const name = changetype<usize>(m.name);
    let metrics = name == this.lastName ? this.lastMetrics : null;
    if (metrics === null) {
      metrics = this.metrics.methods.get(m.service.length == 0 ? "_" : m.service, m.method);
      this.lastMetrics = this.metrics.methods.isOther(metrics) ? null : metrics;
      this.lastName = name;
    }
    return metrics;
  }

  /** A refused call goes on renamed, answered by the server and rewritten on the way back; a oneway is dropped. */
  private refuse(bytes: Uint8Array, m: ThriftMessage, metrics: MethodMetrics, exceptionType: i32, nowNs: u64): Uint8Array {
    if (m.type == MessageType.Oneway) {
      this.metrics.onewaysDropped.increment();
      return new Uint8Array(0);
    }
    this.calls.add(new PendingCall(m.seqId, m.method, metrics, nowNs, this.policy.message, exceptionType));
    return renameMethod(bytes, m, REFUSED_METHOD);
  }
}

/** Server → client. */
class ReplyCodec extends ThriftCodec {
  onFrame(bytes: Uint8Array, at: i32, size: i32): Uint8Array | null {
    if (!this.decoder.decode(bytes, at, size)) {
      this.undecodable();
      return null;
    }
    const m = this.decoder.message;
    if (m.type != MessageType.Reply && m.type != MessageType.Exception) return null;
    const call = this.calls.take(m.seqId);
    if (call === null) {
      this.metrics.unmatchedReplies.increment();
      return null;
    }
    const refusal = call.refusal;
    if (refusal !== null) return exceptionReply(m.envelope, call.method, m.seqId, refusal, call.exceptionType);
    this.metrics.replies.increment();
    const metrics = call.metrics;
    metrics.replies.increment();
    metrics.latencyMs.record((monotonicNanos() - call.startNs) / 1_000_000);
    if (m.type == MessageType.Exception) metrics.applicationExceptions.increment();
    else if (m.reply == ReplyKind.DeclaredException) metrics.declaredExceptions.increment();
    return null;
  }
}

export class ThriftConnection extends RpcConnection {
  private calls!: Calls;

  constructor(id: u32, config: ThriftConfig, metrics: FilterMetrics, policy: CallPolicy, delays: StreamTimers) {
    super(id, delays, "thrift", "server", metrics.closed);
    const requests = new ThriftDecoder(config.transport, config.protocol, config.limits, config.headersRead);
    const replies = new ThriftDecoder(config.transport, config.protocol, config.limits, []);
    this.calls = new Calls(config.detect, requests, replies);
    this.useCodecs(new CallCodec(requests, metrics, this.calls, config, policy, this.hold), new ReplyCodec(replies, metrics, this.calls));
  }

  protected problem(): string {
    const why = this.calls.problem;
    return why === null ? "undecodable message" : why;
  }
}
