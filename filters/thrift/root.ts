// The thrift root context: the configuration, the stats and the connections held by delay faults, shared by every
// connection of this worker.
import { StreamContext, logInfo, readPluginConfiguration } from "../../assembly";
import { RpcRoot } from "../../common/rpc/rpc_root";
import { ThriftConfig, parseConfig } from "./config";
import { ThriftConnection } from "./connection";
import { FilterMetrics } from "./metrics";

export class ThriftRoot extends RpcRoot {
  private config: ThriftConfig = new ThriftConfig();
  private metrics: FilterMetrics | null = null;

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<ThriftConfig>("thrift", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    let metrics = this.metrics;
    if (metrics === null) this.metrics = metrics = new FilterMetrics();
    metrics.methods.maxTracked = config.maxTrackedMethods;
    this.usePolicy("thrift", config.rules, config.defaultAction, config.defaultMessage);
    this.config = config;
    logInfo("thrift: configured " + config.rules.length.toString() + " rule(s), max message " + config.limits.maxMessageBytes.toString() + " bytes");
    return true;
  }

  createStreamContext(id: u32): StreamContext | null {
    const metrics = this.metrics;
    return metrics === null ? null : new ThriftConnection(id, this.config, metrics, this.policy, this.delays);
  }
}
