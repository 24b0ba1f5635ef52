// The fault filter's root context: the configuration, the stats, each capped experiment's shared per-minute count,
// and this worker's delayed streams, fired from the tick.
import { HttpContext, RootContext, findHttpContext, getPropertyString, logInfo, monotonicNanos, nowNanos, readPluginConfiguration } from "../../assembly";
import { ConfigReader } from "../../assembly/config/reader";
import { stableHash64, toHex64 } from "../../common/hash";
import { StreamTimers } from "../../common/stream_timers";
import { FaultConfig, parseConfig } from "./config";
import { FaultHttp } from "./http";
import { FilterMetrics } from "./metrics";
import { MinuteBudget } from "./minute_budget";

/** A delay has ended for stream `id` (the effective context already). */
function delayEnded(id: u32): void {
  const stream = findHttpContext(id);
  if (stream instanceof FaultHttp) (stream as FaultHttp).onTimer();
}

function parseNow(r: ConfigReader): FaultConfig {
  return parseConfig(r, nowNanos());
}

export class FaultRoot extends RootContext {
  config: FaultConfig = new FaultConfig();
  metrics: FilterMetrics | null = null;
  timers: StreamTimers = new StreamTimers(this, delayEnded);

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<FaultConfig>("fault", parseNow);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    const plugin = getPropertyString(["plugin_name"]);
    const names = new Array<string>();
    for (let i = 0; i < config.experiments.length; i++) {
      const e = config.experiments[i];
      names.push(e.name);
      if (e.maxPerMinute == 0) continue;
      // A changed cap or window is a new experiment: it starts with the whole budget.
      const identity = (plugin === null ? "" : plugin) + "\n" + e.name + "\n" + e.maxPerMinute.toString() + "\n" + e.window;
      const budget = new MinuteBudget("fault." + toHex64(stableHash64(identity)) + ".minute", e.maxPerMinute);
      budget.create();
      e.budget = budget;
    }
    this.metrics = new FilterMetrics(names);
    this.config = config;
    logInfo("fault: configured " + names.length.toString() + " experiment(s)" + (names.length > 0 ? " " + names.join(",") : "") + (config.headerFaults !== null ? ", header faults from the allow list" : ""));
    return true;
  }

  onTick(): void {
    this.timers.fireDue(monotonicNanos());
  }

  createHttpContext(id: u32): HttpContext | null {
    const metrics = this.metrics;
    return metrics === null ? null : new FaultHttp(id, this.config, metrics, this.timers);
  }
}
