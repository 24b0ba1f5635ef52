// The conformance filter's stats, shown on /stats as conformance.<name>.
import { Counter, Gauge, Histogram } from "../../assembly";

export class ConformanceMetrics {
  requests: Counter = new Counter("conformance.requests");
  activeRequests: Gauge = new Gauge("conformance.active_requests");
  requestBodyBytes: Histogram = new Histogram("conformance.request_body_bytes");
  casRetries: Counter = new Counter("conformance.cas_retries");
  ticks: Counter = new Counter("conformance.ticks");
  queueMessages: Counter = new Counter("conformance.queue_messages");
  tcpConnections: Counter = new Counter("conformance.tcp_connections");
  tcpDownstreamBytes: Counter = new Counter("conformance.tcp_downstream_bytes");
  tcpClosedByFilter: Counter = new Counter("conformance.tcp_closed_by_filter");
  tcpDownstreamCloses: Counter = new Counter("conformance.tcp_downstream_closes");
}
