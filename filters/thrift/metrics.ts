// The thrift filter's stats, shown on /stats as wasmcustom.thrift.<name>. Per-method stats are
// thrift.call.<service>.<method>.<stat>, the service "_" when the call is not multiplexed: the service keeps its dots,
// the method and stat have none, so stats_tags regexes anchored at the end turn both into labels (README). Past
// max_tracked_methods, pairs share thrift.call._other._other (common/rpc/method_table).
import { Counter, Histogram } from "../../assembly";
import { MethodTable } from "../../common/rpc/method_table";

export class MethodMetrics {
  calls: Counter;
  oneways: Counter;
  replies: Counter;
  declaredExceptions: Counter;
  applicationExceptions: Counter;
  denied: Counter;
  limited: Counter;
  aborted: Counter;
  delayed: Counter;
  latencyMs: Histogram;

  constructor(service: string, method: string) {
    const prefix = "thrift.call." + service + "." + method + ".";
    this.calls = new Counter(prefix + "calls");
    this.oneways = new Counter(prefix + "oneways");
    this.replies = new Counter(prefix + "replies");
    this.declaredExceptions = new Counter(prefix + "declared_exceptions");
    this.applicationExceptions = new Counter(prefix + "application_exceptions");
    this.denied = new Counter(prefix + "denied");
    this.limited = new Counter(prefix + "limited");
    this.aborted = new Counter(prefix + "aborted");
    this.delayed = new Counter(prefix + "delayed");
    this.latencyMs = new Histogram(prefix + "latency_ms");
  }
}

export class FilterMetrics {
  calls: Counter = new Counter("thrift.calls");
  replies: Counter = new Counter("thrift.replies");
  denied: Counter = new Counter("thrift.denied");
  limited: Counter = new Counter("thrift.limited");
  aborted: Counter = new Counter("thrift.aborted");
  delayed: Counter = new Counter("thrift.delayed");
  onewaysDropped: Counter = new Counter("thrift.oneways_dropped");
  unmatchedReplies: Counter = new Counter("thrift.unmatched_replies");
  decodeErrors: Counter = new Counter("thrift.decode_errors");
  closed: Counter = new Counter("thrift.connections_closed");
  untrackedMethods: Counter = new Counter("thrift.untracked_methods");
  /** Per-method stats; `maxTracked` set from the configuration. */
  methods: MethodTable<MethodMetrics> = new MethodTable<MethodMetrics>((service: string, method: string): MethodMetrics => new MethodMetrics(service, method), this.untrackedMethods);
}
