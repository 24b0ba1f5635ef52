// The dubbo root context: the configuration, the stats and the connections held by delay faults, shared by every
// connection of this worker.
import { RootContext, StreamContext, getPropertyString, logInfo, monotonicNanos, readPluginConfiguration } from "../../assembly";
import { RuleAction, createLimiters } from "../../common/rpc/call_rule";
import { CallPolicy } from "../../common/rpc/call_policy";
import { DelayedConnections } from "../../common/rpc/delayed_connections";
import { DubboConfig, parseConfig } from "./config";
import { DubboConnection } from "./connection";
import { FilterMetrics } from "./metrics";

export class DubboRoot extends RootContext {
  private config: DubboConfig = new DubboConfig();
  private metrics: FilterMetrics | null = null;
  private policy: CallPolicy = new CallPolicy([], RuleAction.Allow, "", []);
  private delays: DelayedConnections = new DelayedConnections(this);

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<DubboConfig>("dubbo", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    let metrics = this.metrics;
    if (metrics === null) this.metrics = metrics = new FilterMetrics();
    metrics.maxTracked = config.maxTrackedMethods;
    const pluginName = getPropertyString(["plugin_name"]);
    const limiters = createLimiters(config.rules, "dubbo", pluginName === null ? "" : pluginName);
    this.policy = new CallPolicy(config.rules, config.defaultAction, config.defaultMessage, limiters);
    this.config = config;
    logInfo("dubbo: configured " + config.rules.length.toString() + " rule(s), max body " + config.maxBodyBytes.toString() + " bytes");
    return true;
  }

  createStreamContext(id: u32): StreamContext | null {
    const metrics = this.metrics;
    return metrics === null ? null : new DubboConnection(id, this.config, metrics, this.policy, this.delays);
  }

  onTick(): void {
    this.delays.releaseDue(monotonicNanos());
  }
}
