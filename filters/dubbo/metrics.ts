// The dubbo filter's stats, shown on /stats as wasmcustom.dubbo.<name>. Per-method stats are
// dubbo.call.<service>.<method>.<stat>: the service keeps its dots, the method and stat have none, so stats_tags
// regexes anchored at the end turn both into labels (README). Past max_tracked_methods, pairs share
// dubbo.call._other._other (common/rpc/method_table).
import { Counter, Histogram } from "../../assembly";
import { MethodTable } from "../../common/rpc/method_table";

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
  /** Per-method stats; `maxTracked` set from the configuration. */
  methods: MethodTable<MethodMetrics> = new MethodTable<MethodMetrics>((service: string, method: string): MethodMetrics => new MethodMetrics(service, method), this.untrackedMethods);
}
