// The fault filter's HTTP context. A request no experiment selects is not edited and costs the conditions' header
// reads. A selected one is delayed (the request is held in Envoy, answered Pause, and resumed by the root's timers),
// aborted with a local response, or marked for a response fault (delay before the response headers, a throttled
// body, an answer replaced by an error).
import { Action, HttpContext, RequestView, monotonicNanos, nowNanos, randomU64 } from "../../assembly";
import { StreamTimers } from "../../common/stream_timers";
import { AbortSpec } from "./abort";
import { FaultConfig } from "./config";
import { Experiment, ResponseFault } from "./experiment";
import { FAULT_HEADERS, carriesFaultHeaders, readHeaderFault } from "./header_faults";
import { ExperimentMetrics, FaultKind, FilterMetrics } from "./metrics";

const NANOS_PER_MS: u64 = 1_000_000;
const NANOS_PER_SECOND: u64 = 1_000_000_000;

enum Waiting {
  None,
  RequestDelay,
  ResponseDelay,
  ResponseBody,
}

/** A draw in [0, 1) from the host's random bytes. */
function draw(): f64 {
  return <f64>(randomU64() >>> 11) / 9007199254740992.0;
}

export class FaultHttp extends HttpContext {
  private waiting: Waiting = Waiting.None;
  /** The experiment hurting this request; null for a header fault or none. */
  private experiment: ExperimentMetrics | null = null;
  private active: bool = false;
  /** An abort that follows the request delay. */
  private abortAfterDelay: AbortSpec | null = null;
  private response: ResponseFault | null = null;
  /** A replacement that follows the response delay. */
  private replaceAfterDelay: AbortSpec | null = null;
  private bytesPerSecond: u64 = 0;
  private bodyStartNs: u64 = 0;
  /** Response bytes already let through, and those held at the last body callback. */
  private released: u64 = 0;
  private held: u64 = 0;

  constructor(id: u32, private config: FaultConfig, private metrics: FilterMetrics, private timers: StreamTimers) {
    super(id);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    const config = this.config;
    const headerFaults = config.headerFaults;
    const request = new RequestView(headerFaults !== null);
    if (headerFaults !== null && carriesFaultHeaders(request)) {
      const allowed = headerFaults.allows(request);
      const fault = allowed ? readHeaderFault(request, headerFaults.maxDelayMs) : null;
      // Removed either way: a fault filter further along must not act on them again.
      for (let i = 0; i < FAULT_HEADERS.length; i++) if (request.header(FAULT_HEADERS[i]) !== null) this.removeRequestHeader(FAULT_HEADERS[i]);
      if (!allowed) this.metrics.headerRefused.increment();
      else if (!fault!.isEmpty()) {
        this.metrics.headerInjected.increment();
        this.begin(null);
        this.bytesPerSecond = fault!.bytesPerSecond;
        return this.hurtRequest(fault!.delayMs, fault!.abort);
      }
    }
    const experiments = config.experiments;
    for (let i = 0; i < experiments.length; i++) {
      const e = experiments[i];
      if (!e.selects(request)) continue;
      const m = this.metrics.experiments[i];
      // The clock is read only for a selected request: one host call fewer on every other.
      const nowNs = nowNanos();
      if (!e.isRunning(nowNs)) {
        m.passedTimeBox.increment();
        continue;
      }
      // The first running experiment that selects the request owns it: past its caps, the request passes untouched.
      if (e.maxActive > 0 && activeFaults(m) >= e.maxActive) {
        m.passedActiveCap.increment();
        return Action.Continue;
      }
      const budget = e.budget;
      if (budget !== null && !budget.take(nowNs)) {
        m.passedBudget.increment();
        return Action.Continue;
      }
      return this.inject(e, m);
    }
    return Action.Continue;
  }

  private inject(e: Experiment, m: ExperimentMetrics): Action {
    this.begin(m);
    this.response = e.response;
    if (e.response !== null) this.bytesPerSecond = e.response!.bytesPerSecond;
    const delay = e.delay;
    return this.hurtRequest(delay === null ? 0 : delay.sampleMs(draw()), e.abort);
  }

  private begin(m: ExperimentMetrics | null): void {
    this.experiment = m;
    this.active = true;
    this.metrics.active.add(1);
    if (m !== null) m.active.add(1);
  }

  private hurtRequest(delayMs: u32, abort: AbortSpec | null): Action {
    if (delayMs > 0) {
      this.count(FaultKind.Delay);
      this.abortAfterDelay = abort;
      this.waiting = Waiting.RequestDelay;
      this.timers.wait(this.id, monotonicNanos() + <u64>delayMs * NANOS_PER_MS);
      return Action.Pause;
    }
    if (abort !== null) {
      this.abortNow(abort, FaultKind.Abort);
      return Action.Pause;
    }
    return Action.Continue;
  }

  private abortNow(abort: AbortSpec, kind: FaultKind): void {
    this.count(kind);
    // Envoy runs the response callbacks on the local response too: none of the response faults apply to it.
    this.response = null;
    this.replaceAfterDelay = null;
    this.bytesPerSecond = 0;
    abort.send(this, kind == FaultKind.Abort ? "fault_filter_abort" : "fault_filter_response_replaced");
  }

  private count(kind: FaultKind): void {
    const m = this.experiment;
    if (m !== null) m.injected[<i32>kind].increment();
  }

  /** From the root's timers, as this stream's effective context: a delay has ended. */
  onTimer(): void {
    const waiting = this.waiting;
    this.waiting = Waiting.None;
    if (waiting == Waiting.RequestDelay) {
      const abort = this.abortAfterDelay;
      if (abort !== null) this.abortNow(abort, FaultKind.Abort);
      else this.resumeRequest();
    } else if (waiting == Waiting.ResponseDelay) {
      const replace = this.replaceAfterDelay;
      if (replace !== null) this.abortNow(replace, FaultKind.ResponseReplace);
      else this.resumeResponse();
    } else if (waiting == Waiting.ResponseBody) {
      this.released += this.held;
      this.held = 0;
      this.resumeResponse();
    }
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action {
    if (this.bytesPerSecond > 0) {
      this.count(FaultKind.ResponseThrottle);
      this.bodyStartNs = monotonicNanos();
    }
    const response = this.response;
    if (response === null) return Action.Continue;
    const delay = response.delay;
    if (delay !== null) {
      this.count(FaultKind.ResponseDelay);
      this.replaceAfterDelay = response.replace;
      this.waiting = Waiting.ResponseDelay;
      this.timers.wait(this.id, monotonicNanos() + <u64>delay.sampleMs(draw()) * NANOS_PER_MS);
      return Action.Pause;
    }
    const replace = response.replace;
    if (replace !== null) {
      this.abortNow(replace, FaultKind.ResponseReplace);
      return Action.Pause;
    }
    return Action.Continue;
  }

  // Throttling: each body callback is let through once the time the whole body so far takes at the rate has passed;
  // until then Envoy holds it (and calls again with everything held when more arrives). So the client sees the rate
  // over the body, in the pieces the upstream sent.
  onResponseBody(bodySize: u32, endOfStream: bool): Action {
    const rate = this.bytesPerSecond;
    if (rate == 0) return Action.Continue;
    const total = this.released + <u64>bodySize;
    const dueNs = this.bodyStartNs + total * NANOS_PER_SECOND / rate;
    if (dueNs <= monotonicNanos()) {
      this.released = total;
      this.held = 0;
      // A wait set by an earlier callback must not resume a stream that is no longer held.
      this.timers.forget(this.id);
      this.waiting = Waiting.None;
      return Action.Continue;
    }
    this.held = <u64>bodySize;
    this.waiting = Waiting.ResponseBody;
    this.timers.wait(this.id, dueNs);
    return Action.Pause;
  }

  onDelete(): void {
    this.timers.forget(this.id);
    if (!this.active) return;
    this.active = false;
    this.metrics.active.add(-1);
    const m = this.experiment;
    if (m !== null) m.active.add(-1);
  }
}

/** The experiment's faults in progress over every worker (Envoy's stats are process-wide). */
function activeFaults(m: ExperimentMetrics): u64 {
  const value = m.active.get();
  return value.ok() ? value.value : 0;
}
