// The ratelimit root context: configuration, the local rules' shared-data counters, and the stats.
import { HttpContext, RootContext, getPropertyString, logError, logInfo } from "../../assembly";
import { RateLimitConfig, parseConfig } from "./config";
import { LocalCounters } from "./counters";
import { RateLimitHttp } from "./http";
import { FilterMetrics, RuleMetrics } from "./metrics";

export class RateLimitRoot extends RootContext {
  config: RateLimitConfig = new RateLimitConfig();
  /** Per rule, in config order; null for global rules. */
  counters: Array<LocalCounters | null> = [];
  ruleMetrics: RuleMetrics[] = [];
  metrics!: FilterMetrics;

  onVmStart(vmConfigurationSize: u32): bool {
    this.metrics = new FilterMetrics();
    return true;
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = parseConfig(String.UTF8.decode(this.getPluginConfiguration()));
    const config = parsed.config;
    if (config === null) {
      logError("ratelimit: invalid configuration: " + parsed.error);
      return false;
    }
    const pluginName = getPropertyString(["plugin_name"]);
    let created = 0;
    for (let i = 0; i < config.rules.length; i++) {
      const rule = config.rules[i];
      this.ruleMetrics.push(new RuleMetrics(rule.name));
      if (rule.global) {
        this.counters.push(null);
        continue;
      }
      const counters = new LocalCounters(rule, pluginName === null ? "" : pluginName);
      created += counters.createKeys();
      this.counters.push(counters);
    }
    this.config = config;
    logInfo("ratelimit: configured " + config.rules.length.toString() + " rule(s); created " + created.toString() + " shared-data key(s)");
    return true;
  }

  createHttpContext(id: u32): HttpContext | null {
    return new RateLimitHttp(id, this);
  }
}
