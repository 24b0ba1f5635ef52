// The ratelimit HTTP context: local rules decide at once from shared data; global rules ask the rate limit service
// in one gRPC call while the request waits. An allowed request is never edited (editing request headers makes Envoy
// pick the route again), unless the service asks for request headers to be added.
import { Action, HttpContext, NO_GRPC_STATUS, Pair, RequestView, getHostStatus, monotonicNanos } from "../../assembly";
import { PATH_PROBLEM_TEXT, PathProblem } from "../../assembly/request/path";
import { ceilSeconds } from "../../common/token_bucket";
import { RateLimitConfig, Rule } from "./config";
import { LocalCounters } from "./counters";
import { descriptorValues, ruleMatches } from "./descriptor";
import { Code, DescriptorStatus, RLS_METHOD, RLS_SERVICE, RlsResponse, decodeResponse, encodeRequest } from "./rls";
import { FilterMetrics } from "./metrics";

const GRPC_DEADLINE_EXCEEDED: u32 = 4;
const TIMEOUT_MESSAGE = "upstream request timeout";
const SERVICE_FAILURE_BODY = "rate limit service unavailable\n";
// What a request starts with; each is replaced (never pushed to) once there is something, so most requests allocate
// neither.
const NONE_SENT = new Array<Pair>(0);
const NONE_PENDING = new Array<i32>(0);

export class RateLimitHttp extends HttpContext {
  /** The tightest limit among those that counted this request, for x-ratelimit-* on an allowed response. */
  private reported: bool = false;
  private reportLimit: u64 = 0;
  private reportRemaining: u64 = 0;
  private reportResetSeconds: u64 = 0;
  /** The response is one this filter sent. */
  private answered: bool = false;
  /** Response headers the service asked for on an allowed request. */
  private serviceHeaders: Pair[] = NONE_SENT;
  /** The global rules in the pending service call, in descriptor order, and when it was sent. */
  private pendingRules: i32[] = NONE_PENDING;
  private callStartNs: u64 = 0;

  constructor(id: u32, private config: RateLimitConfig, private counters: Array<LocalCounters | null>, private metrics: FilterMetrics) {
    super(id);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    const config = this.config;
    const rules = config.rules;
    const request = new RequestView(false);
    if (config.readsPath && !config.rawPath) {
      const problem = request.canonicalPath().problem;
      if (problem != PathProblem.None) {
        this.metrics.invalidPath.increment();
        this.answered = true;
        const body = String.UTF8.encode("invalid path: " + PATH_PROBLEM_TEXT[problem] + "\n");
        this.sendLocalResponse(400, "ratelimit.invalid_path", body, [new Pair("content-type", "text/plain")], NO_GRPC_STATUS);
        return Action.Pause;
      }
    }
    let descriptors: Pair[][] | null = null;
    let nowNs: u64 = 0;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!ruleMatches(rule, request, config.rawPath)) continue;
      const values = descriptorValues(rule, request, config.rawPath);
      if (values === null) continue;
      if (rule.global) {
        if (descriptors === null) {
          descriptors = new Array<Pair[]>();
          this.pendingRules = new Array<i32>();
        }
        descriptors.push(serviceDescriptor(rule, values));
        this.pendingRules.push(i);
        continue;
      }
      if (nowNs == 0) nowNs = monotonicNanos();
      const outcome = this.counters[i]!.take(values, nowNs);
      const metrics = this.metrics.rules[i];
      if (outcome.tableFull) metrics.tableFull.increment();
      if (outcome.casExhausted) this.metrics.casExhausted.increment();
      if (outcome.allowed) {
        metrics.allowed.increment();
        this.report(outcome.limit, outcome.remaining, ceilSeconds(outcome.resetNs));
      } else if (rule.shadow) {
        metrics.shadowLimited.increment();
      } else {
        metrics.limited.increment();
        const body = String.UTF8.encode(this.config.response.body);
        return this.sendLimited(rule, outcome.limit, ceilSeconds(outcome.resetNs), ceilSeconds(outcome.retryAfterNs), [], body);
      }
    }
    return descriptors === null ? Action.Continue : this.askService(descriptors);
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action {
    if (this.answered) return Action.Continue;
    for (let i = 0; i < this.serviceHeaders.length; i++) this.addResponseHeader(this.serviceHeaders[i].key, this.serviceHeaders[i].value);
    if (this.reported && this.config.response.headersOnAllowed && this.getResponseHeader("x-ratelimit-limit") === null) {
      this.addResponseHeader("x-ratelimit-limit", this.reportLimit.toString());
      this.addResponseHeader("x-ratelimit-remaining", this.reportRemaining.toString());
      this.addResponseHeader("x-ratelimit-reset", this.reportResetSeconds.toString());
    }
    return Action.Continue;
  }

  onGrpcReceive(token: u32, messageSize: u32): void {
    const message = this.getGrpcReceiveMessage();
    const response = decodeResponse(message === null ? new ArrayBuffer(0) : message);
    if (response === null || response.overallCode == Code.Unknown) {
      this.metrics.serviceErrors.increment();
      this.serviceFailed(true);
      return;
    }
    this.applyServiceResponse(response);
  }

  // Envoy 1.40 reports a call that ran out of time as UNAVAILABLE with the message "upstream request timeout", like a
  // refused connection but for the message. The time the call took is the fallback (Envoy's timer runs from its event
  // loop's cached time, so it may fire a few milliseconds before the timeout by our clock).
  onGrpcClose(token: u32, grpcStatus: u32): void {
    const elapsedMs = (monotonicNanos() - this.callStartNs) / 1_000_000;
    const service = this.config.global!;
    const timedOut = grpcStatus == GRPC_DEADLINE_EXCEEDED || getHostStatus().message.includes(TIMEOUT_MESSAGE) || elapsedMs >= <u64>service.timeoutMs;
    if (timedOut) this.metrics.serviceTimeouts.increment();
    else this.metrics.serviceErrors.increment();
    this.serviceFailed(true);
  }

  private report(limit: u64, remaining: u64, resetSeconds: u64): void {
    if (this.reported && remaining >= this.reportRemaining) return;
    this.reported = true;
    this.reportLimit = limit;
    this.reportRemaining = remaining;
    this.reportResetSeconds = resetSeconds;
  }

  private askService(descriptors: Pair[][]): Action {
    const service = this.config.global!;
    const message = encodeRequest(service.domain, descriptors, service.hitsAddend);
    this.callStartNs = monotonicNanos();
    const call = this.grpcCall(service.cluster, RLS_SERVICE, RLS_METHOD, [], message, service.timeoutMs);
    if (call.ok()) return Action.Pause;
    this.metrics.serviceErrors.increment();
    return this.serviceFailed(false) ? Action.Continue : Action.Pause;
  }

  // Applies the failure mode; true when the request goes on (failure mode allow). A request paused for the call is
  // resumed here; one whose call could not be sent goes on when onRequestHeaders returns Continue.
  private serviceFailed(paused: bool): bool {
    const service = this.config.global!;
    if (!service.failureModeDeny) {
      this.metrics.failureModeAllowed.increment();
      if (paused) this.resumeRequest();
      return true;
    }
    this.metrics.failureModeDenied.increment();
    this.answered = true;
    const headers: Pair[] = [new Pair("content-type", "text/plain")];
    this.sendLocalResponse(service.statusOnError, "ratelimit.service_failure", String.UTF8.encode(SERVICE_FAILURE_BODY), headers, NO_GRPC_STATUS);
    return false;
  }

  private applyServiceResponse(response: RlsResponse): void {
    const rules = this.config.rules;
    const perDescriptor = response.statuses.length == this.pendingRules.length;
    let denyingRule: Rule | null = null;
    let denying: DescriptorStatus | null = null;
    for (let d = 0; d < this.pendingRules.length; d++) {
      const index = this.pendingRules[d];
      const rule = rules[index];
      const metrics = this.metrics.rules[index];
      const status = perDescriptor ? response.statuses[d] : null;
      const over = status !== null ? status.code == Code.OverLimit : response.overallCode == Code.OverLimit;
      if (!over) {
        metrics.allowed.increment();
        if (status !== null && status.limit > 0) this.report(status.limit, status.remaining, status.resetSeconds);
      } else if (rule.shadow) {
        metrics.shadowLimited.increment();
      } else {
        metrics.limited.increment();
        if (denyingRule === null) {
          denyingRule = rule;
          denying = status;
        }
      }
    }
    if (denyingRule !== null) {
      const limit: u64 = denying === null ? 0 : denying.limit;
      const reset: u64 = denying === null ? 0 : denying.resetSeconds;
      const body = response.rawBody.byteLength > 0 ? response.rawBody : String.UTF8.encode(this.config.response.body);
      this.sendLimited(denyingRule, limit, reset, reset, response.responseHeaders, body);
      return;
    }
    this.serviceHeaders = response.responseHeaders;
    for (let i = 0; i < response.requestHeaders.length; i++) this.addRequestHeader(response.requestHeaders[i].key, response.requestHeaders[i].value);
    this.resumeRequest();
  }

  // The limited response: the configured extra headers and any the service sent come first, and x-ratelimit-* and
  // retry-after are added only where absent, so a retry-after already chosen is never overwritten. A limit of 0 means
  // the service named none: x-ratelimit-limit is then left out.
  private sendLimited(rule: Rule, limit: u64, resetSeconds: u64, retryAfterSeconds: u64, serviceHeaders: Pair[], body: ArrayBuffer): Action {
    const response = this.config.response;
    const headers = response.headers.concat(serviceHeaders);
    if (limit > 0) addIfAbsent(headers, "x-ratelimit-limit", limit.toString());
    addIfAbsent(headers, "x-ratelimit-remaining", "0");
    addIfAbsent(headers, "x-ratelimit-reset", resetSeconds.toString());
    addIfAbsent(headers, "retry-after", (retryAfterSeconds < 1 ? 1 : retryAfterSeconds).toString());
    if (body.byteLength > 0) addIfAbsent(headers, "content-type", "text/plain");
    this.answered = true;
    // Envoy uses the gRPC status only when the request is gRPC; otherwise it maps the HTTP status (429 to UNAVAILABLE,
    // which gRPC clients may retry at once).
    this.sendLocalResponse(response.status, "ratelimit." + rule.name, body, headers, response.grpcStatus);
    return Action.Pause;
  }
}

/** A global rule's descriptor: its entries' keys with this request's values; a rule without "by" sends its name. */
function serviceDescriptor(rule: Rule, values: string[]): Pair[] {
  const entries = new Array<Pair>();
  if (rule.entries.length == 0) entries.push(new Pair("generic_key", rule.name));
  for (let i = 0; i < rule.entries.length; i++) entries.push(new Pair(rule.entries[i].key, values[i]));
  return entries;
}

function addIfAbsent(headers: Pair[], name: string, value: string): void {
  for (let i = 0; i < headers.length; i++) if (headers[i].key == name) return;
  headers.push(new Pair(name, value));
}
