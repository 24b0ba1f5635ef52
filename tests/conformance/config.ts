// The conformance filter's plugin configuration (schema: config.schema.json). Every error names its field.
import { ConfigReader } from "../../assembly/config/reader";

export enum Mode {
  Http = 0,
  Tcp = 1,
}

export class ConformanceConfig {
  mode: Mode = Mode.Http;
  tickPeriodMs: u32 = 0;
  calloutCluster: string = "";
  grpcCluster: string = "";
  queueName: string = "";
}

/** Reads the configuration; a mistake is left in `reader` (readPluginConfiguration logs it). */
export function parseConfig(reader: ConfigReader): ConformanceConfig {
  reader.onlyFields(["mode", "tick_period_ms", "callout_cluster", "grpc_cluster", "queue_name"]);
  const config = new ConformanceConfig();
  const mode = reader.string("mode", "http");
  if (mode == "tcp") config.mode = Mode.Tcp;
  else if (mode != "http") reader.fail("mode", "expected \"http\" or \"tcp\"");
  config.tickPeriodMs = <u32>reader.int("tick_period_ms", 0, 0, 3600000);
  config.calloutCluster = reader.string("callout_cluster", "");
  config.grpcCluster = reader.string("grpc_cluster", "");
  config.queueName = reader.string("queue_name", "conformance.queue");
  return config;
}
