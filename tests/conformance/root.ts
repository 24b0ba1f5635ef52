// The conformance root context: configuration, metrics, tick and the shared queue's consumer.
import {
  HttpContext, RootContext, Status, StreamContext, dequeueSharedQueue, logInfo, randomBytes, readPluginConfiguration, registerSharedQueue,
} from "../../assembly";
import { toHex } from "../../assembly/wire/hex";
import { ConformanceConfig, Mode, parseConfig } from "./config";
import { ConformanceHttp } from "./http";
import { ConformanceMetrics } from "./metrics";
import { ConformanceStream } from "./stream";

export class ConformanceRoot extends RootContext {
  config: ConformanceConfig = new ConformanceConfig();
  metrics!: ConformanceMetrics;
  // Tells the VMs (one per worker) apart in responses, to prove traffic spread over workers.
  vmId: string = "";

  onVmStart(vmConfigurationSize: u32): bool {
    this.vmId = toHex(randomBytes(4));
    this.metrics = new ConformanceMetrics();
    return true;
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<ConformanceConfig>("conformance", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    this.config = config;
    if (config.tickPeriodMs > 0) this.setTickPeriod(config.tickPeriodMs);
    if (config.mode == Mode.Http) registerSharedQueue(config.queueName);
    logInfo("conformance: configured vm " + this.vmId + " mode " + (config.mode == Mode.Tcp ? "tcp" : "http"));
    return true;
  }

  onTick(): void {
    this.metrics.ticks.increment();
  }

  onQueueReady(token: u32): void {
    for (let item = dequeueSharedQueue(token); item.status == Status.Ok; item = dequeueSharedQueue(token)) {
      this.metrics.queueMessages.increment();
    }
  }

  createHttpContext(id: u32): HttpContext | null {
    return this.config.mode == Mode.Http ? new ConformanceHttp(id, this) : null;
  }

  createStreamContext(id: u32): StreamContext | null {
    return this.config.mode == Mode.Tcp ? new ConformanceStream(id, this) : null;
  }
}
