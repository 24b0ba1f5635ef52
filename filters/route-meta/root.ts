// The route-meta root context: the configuration and the stats.
import { HttpContext, RootContext, logInfo, readPluginConfiguration } from "../../assembly";
import { RouteMetaConfig, parseConfig } from "./config";
import { RouteMetaHttp } from "./http";
import { FilterMetrics } from "./metrics";

export class RouteMetaRoot extends RootContext {
  config: RouteMetaConfig = new RouteMetaConfig();
  metrics: FilterMetrics | null = null;

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<RouteMetaConfig>("route-meta", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    const ruleNames = new Array<string>();
    for (let i = 0; i < config.rules.length; i++) ruleNames.push(config.rules[i].name);
    this.metrics = new FilterMetrics(config.knownTags, ruleNames);
    this.config = config;
    logInfo("route-meta: configured header '" + config.tagHeader + "', " + config.rules.length.toString() + " rule(s), tags " + config.knownTags.join(","));
    return true;
  }

  createHttpContext(id: u32): HttpContext | null {
    const metrics = this.metrics;
    return metrics === null ? null : new RouteMetaHttp(id, this.config, metrics);
  }
}
