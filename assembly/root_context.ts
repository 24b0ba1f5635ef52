// The root context: one per plugin per VM (so one per Envoy worker, plus the main thread's). It reads the
// configuration, owns timers and queues, and creates a context for each HTTP stream or L4 connection.
import { proxy_done, proxy_set_tick_period_milliseconds } from "./abi/imports";
import { BufferType, getBuffer } from "./buffers";
import { Context, ContextKind } from "./context";
import { HttpContext } from "./http_context";
import { Status } from "./status";
import { StreamContext } from "./stream_context";

export class RootContext extends Context {
  constructor(id: u32) {
    super(id, ContextKind.Root);
  }

  // Return false to fail the VM start (Envoy then refuses the plugin).
  onVmStart(vmConfigurationSize: u32): bool { return true; }
  // Return false to reject the configuration: Envoy refuses to start or NACKs the update. Log the field first.
  onConfigure(pluginConfigurationSize: u32): bool { return true; }
  onTick(): void {}
  onQueueReady(token: u32): void {}
  onForeignFunction(functionId: u32, argumentsSize: u32): void {}

  // Called for every new HTTP stream; null means this plugin does not filter HTTP.
  createHttpContext(id: u32): HttpContext | null { return null; }
  // Called for every new L4 connection when createHttpContext returned null.
  createStreamContext(id: u32): StreamContext | null { return null; }

  // The plugin configuration is readable only during onConfigure; the VM configuration at any time.
  getPluginConfiguration(): ArrayBuffer {
    const config = getBuffer(BufferType.PluginConfiguration);
    return config === null ? new ArrayBuffer(0) : config;
  }
  getVmConfiguration(): ArrayBuffer {
    const config = getBuffer(BufferType.VmConfiguration);
    return config === null ? new ArrayBuffer(0) : config;
  }

  // Calls onTick every `periodMs` on this VM (each worker ticks on its own); 0 stops it.
  setTickPeriod(periodMs: u32): Status { return proxy_set_tick_period_milliseconds(periodMs); }
  // Completes a deletion deferred by onDone returning false.
  done(): Status { return proxy_done(); }
}
