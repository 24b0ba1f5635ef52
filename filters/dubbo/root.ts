// The dubbo root context: the configuration, the stats and the connections held by delay faults, shared by every
// connection of this worker.
import { StreamContext, logInfo, readPluginConfiguration } from "../../assembly";
import { RpcRoot } from "../../common/rpc/rpc_root";
import { DubboConfig, parseConfig } from "./config";
import { DubboConnection } from "./connection";
import { FilterMetrics } from "./metrics";

export class DubboRoot extends RpcRoot {
  private config: DubboConfig = new DubboConfig();
  private metrics: FilterMetrics | null = null;

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<DubboConfig>("dubbo", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    let metrics = this.metrics;
    if (metrics === null) this.metrics = metrics = new FilterMetrics();
    metrics.methods.maxTracked = config.maxTrackedMethods;
    this.usePolicy("dubbo", config.rules, config.defaultAction, config.defaultMessage);
    this.config = config;
    logInfo("dubbo: configured " + config.rules.length.toString() + " rule(s), max body " + config.maxBodyBytes.toString() + " bytes");
    return true;
  }

  createStreamContext(id: u32): StreamContext | null {
    const metrics = this.metrics;
    return metrics === null ? null : new DubboConnection(id, this.config, metrics, this.policy, this.delays);
  }
}
