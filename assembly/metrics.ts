// Metrics: Envoy stats under the `wasmcustom.` namespace, which /stats and /stats/prometheus show without that
// prefix. Name them `<filter>.<name>` and define them in onVmStart or onConfigure, never at module top level.
// Every worker VM defining the same name shares one process-wide stat.
import { proxy_define_metric, proxy_get_metric, proxy_increment_metric, proxy_record_metric } from "./abi/imports";
import { RETURN_EXTRA, lenOf, ptrOf } from "./abi/memory";
import { Result, Status, returnedU32 } from "./status";

export enum MetricType {
  Counter = 0,
  Gauge = 1,
  Histogram = 2,
}

// The id of the metric, or 0 (which the host rejects with NotFound) when it could not be defined.
export function defineMetric(type: MetricType, name: string): Result<u32> {
  const n = String.UTF8.encode(name);
  return returnedU32(proxy_define_metric(type, ptrOf(n), lenOf(n), RETURN_EXTRA));
}

export class Counter {
  readonly id: u32;
  constructor(name: string) {
    this.id = defineMetric(MetricType.Counter, name).value;
  }
  increment(delta: u64 = 1): Status {
    return proxy_increment_metric(this.id, <i64>delta);
  }
  get(): Result<u64> {
    return getMetric(this.id);
  }
}

export class Gauge {
  readonly id: u32;
  constructor(name: string) {
    this.id = defineMetric(MetricType.Gauge, name).value;
  }
  add(delta: i64): Status {
    return proxy_increment_metric(this.id, delta);
  }
  set(value: u64): Status {
    return proxy_record_metric(this.id, value);
  }
  get(): Result<u64> {
    return getMetric(this.id);
  }
}

export class Histogram {
  readonly id: u32;
  constructor(name: string) {
    this.id = defineMetric(MetricType.Histogram, name).value;
  }
  record(value: u64): Status {
    return proxy_record_metric(this.id, value);
  }
}

function getMetric(id: u32): Result<u64> {
  const status = <Status>proxy_get_metric(id, RETURN_EXTRA);
  return new Result<u64>(status, status == Status.Ok ? load<u64>(RETURN_EXTRA) : 0);
}
