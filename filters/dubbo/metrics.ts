// The dubbo filter's stats, shown on /stats as wasmcustom.dubbo.<name>. Per-method stats are
// dubbo.call.<service>.<method>.<stat>: the service keeps its dots, the method and stat have none, so stats_tags
// regexes anchored at the end turn both into labels (README). The first `maxTracked` service/method pairs a worker
// sees get their own; later ones share dubbo.call._other._other.
import { Counter, Histogram } from "../../assembly";

export class MethodMetrics {
  requests: Counter;
  responsesOk: Counter;
  responsesError: Counter;
  exceptions: Counter;
  denied: Counter;
  limited: Counter;
  aborted: Counter;
  delayed: Counter;
  latencyMs: Histogram;

  constructor(service: string, method: string) {
    const prefix = "dubbo.call." + service + "." + method + ".";
    this.requests = new Counter(prefix + "requests");
    this.responsesOk = new Counter(prefix + "responses_ok");
    this.responsesError = new Counter(prefix + "responses_error");
    this.exceptions = new Counter(prefix + "exceptions");
    this.denied = new Counter(prefix + "denied");
    this.limited = new Counter(prefix + "limited");
    this.aborted = new Counter(prefix + "aborted");
    this.delayed = new Counter(prefix + "delayed");
    this.latencyMs = new Histogram(prefix + "latency_ms");
  }
}

/** A name as a stat segment: characters outside [A-Za-z0-9_$-] (and '.' where `dots`) become '_'. */
export function statSegment(name: string, dots: bool): string {
  if (name.length == 0) return "_";
  let out = "";
  let changed = false;
  for (let i = 0; i < name.length && i < 128; i++) {
    const c = name.charCodeAt(i);
    const plain = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f || c == 0x24 || c == 0x2d || (dots && c == 0x2e && i > 0 && i < name.length - 1 && name.charCodeAt(i - 1) != 0x2e);
    if (!plain) changed = true;
    out += plain ? String.fromCharCode(c) : "_";
  }
  return changed || name.length > 128 ? out : name;
}

export class FilterMetrics {
  requests: Counter = new Counter("dubbo.requests");
  responses: Counter = new Counter("dubbo.responses");
  heartbeats: Counter = new Counter("dubbo.heartbeats");
  denied: Counter = new Counter("dubbo.denied");
  limited: Counter = new Counter("dubbo.limited");
  aborted: Counter = new Counter("dubbo.aborted");
  delayed: Counter = new Counter("dubbo.delayed");
  otherSerialization: Counter = new Counter("dubbo.other_serialization");
  decodeErrors: Counter = new Counter("dubbo.decode_errors");
  closed: Counter = new Counter("dubbo.connections_closed");
  untrackedMethods: Counter = new Counter("dubbo.untracked_methods");
  private methods: Map<string, MethodMetrics> = new Map();
  private other: MethodMetrics | null = null;

  /** Set from the configuration. */
  maxTracked: i32 = 1000;

  /** The stats of a service/method pair, defined on first sight. */
  method(service: string, method: string): MethodMetrics {
    const key = service + "\n" + method;
    if (this.methods.has(key)) return this.methods.get(key);
    if (this.methods.size >= this.maxTracked) {
      this.untrackedMethods.increment();
      let other = this.other;
      if (other === null) this.other = other = new MethodMetrics("_other", "_other");
      return other;
    }
    const metrics = new MethodMetrics(statSegment(service, true), statSegment(method, false));
    this.methods.set(key, metrics);
    return metrics;
  }
}
