// The ratelimit root context: the configuration, the local rules' shared-data counters, and the stats. Each HTTP
// context gets those three, never the root.
import { HttpContext, RootContext, getPropertyString, logInfo, readPluginConfiguration } from "../../assembly";
import { RateLimitConfig, parseConfig } from "./config";
import { LocalCounters } from "./counters";
import { RateLimitHttp } from "./http";
import { FilterMetrics } from "./metrics";

export class RateLimitRoot extends RootContext {
  private config: RateLimitConfig = new RateLimitConfig();
  /** Per rule, in config order; null for global rules. */
  private counters: Array<LocalCounters | null> = [];
  private metrics!: FilterMetrics;

  onVmStart(vmConfigurationSize: u32): bool {
    this.metrics = new FilterMetrics();
    return true;
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<RateLimitConfig>("ratelimit", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    const pluginName = getPropertyString(["plugin_name"]);
    const names = new Array<string>();
    const counters = new Array<LocalCounters | null>();
    let created = 0;
    for (let i = 0; i < config.rules.length; i++) {
      const rule = config.rules[i];
      names.push(rule.name);
      if (rule.global) {
        counters.push(null);
        continue;
      }
      const local = new LocalCounters(rule, pluginName === null ? "" : pluginName);
      created += local.createKeys();
      counters.push(local);
    }
    this.metrics.defineRules(names);
    this.counters = counters;
    this.config = config;
    logInfo("ratelimit: configured " + config.rules.length.toString() + " rule(s); created " + created.toString() + " shared-data key(s)");
    return true;
  }

  createHttpContext(id: u32): HttpContext | null {
    return new RateLimitHttp(id, this.config, this.counters, this.metrics);
  }
}
