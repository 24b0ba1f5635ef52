// The dubbo root context: the configuration, the stats and the connections held by delay faults, shared by every
// connection of this worker.
import { RootContext, StreamContext, getPropertyString, logInfo, monotonicNanos, readPluginConfiguration } from "../../assembly";
import { createLimiters } from "../../common/rpc/call_rule";
import { DelayedConnections } from "../../common/rpc/delayed_connections";
import { SharedBuckets } from "../../common/shared_buckets";
import { DubboConfig, parseConfig } from "./config";
import { DubboConnection } from "./connection";
import { FilterMetrics } from "./metrics";

export class DubboRoot extends RootContext {
  private config: DubboConfig = new DubboConfig();
  private metrics: FilterMetrics | null = null;
  private limiters: (SharedBuckets | null)[] = [];
  private delays: DelayedConnections = new DelayedConnections(this);

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<DubboConfig>("dubbo", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    let metrics = this.metrics;
    if (metrics === null) this.metrics = metrics = new FilterMetrics();
    metrics.maxTracked = config.maxTrackedMethods;
    const pluginName = getPropertyString(["plugin_name"]);
    this.limiters = createLimiters(config.rules, "dubbo", pluginName === null ? "" : pluginName);
    this.config = config;
    logInfo("dubbo: configured " + config.rules.length.toString() + " rule(s), max body " + config.maxBodyBytes.toString() + " bytes");
    return true;
  }

  createStreamContext(id: u32): StreamContext | null {
    const metrics = this.metrics;
    return metrics === null ? null : new DubboConnection(id, this.config, metrics, this.limiters, this.delays);
  }

  onTick(): void {
    this.delays.releaseDue(monotonicNanos());
  }
}
