// The dubbo filter between a real Java Dubbo provider and consumer (envoy-configs/dubbo.yaml): listener "dubbo" runs
// the filter before tcp_proxy, listener "dubbo_proxy" runs Envoy's own dubbo_proxy to the same provider.
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { startDubboProvider, type DubboProvider } from "../peers/dubbo.js";
import type { Log } from "../tools.js";
import { startDubboResponder } from "../upstreams/dubbo_responder.js";

/** The configuration the README shows: one method closed in one group and version, one tenant blocked, a limit per tenant,
 * half of the callers aborted on request and calls delayed on request (fault injection). */
export const DUBBO_CONFIG = {
  rules: [
    { name: "fault-greet", match: { method: "greet", attachments: [{ name: "x-fault", value: "on" }] }, action: "abort", percent: 50, by: "x-user" },
    { name: "delay-greet", match: { method: "greet", attachments: [{ name: "x-delay", value: "on" }] }, action: "delay", percent: 100, delay_ms: 1000 },
    { name: "delay-past-timeout", match: { attachments: [{ name: "x-delay", value: "long" }] }, action: "delay", percent: 100, delay_ms: 5500 },
    { name: "nothing-per-tenant", match: { method: "nothing" }, action: "limit", limit: { requests: 2, per: "minute" }, by: "x-tenant" },
    { name: "no-slow-beta", match: { service: "shop.GreeterService", method: "slow", group: "beta", version: "2.0.0" }, action: "deny", message: "slow is closed in beta" },
    { name: "blocked-tenant", match: { attachments: [{ name: "x-tenant", value: "blocked" }] }, action: "deny" },
  ],
};

export interface DubboScenario {
  envoy: Envoy;
  provider: DubboProvider;
  /** The filter's listener on [::1]. */
  port: number;
  /** dubbo_proxy's listener on [::1]. */
  nativePort: number;
  stop(): Promise<void>;
}

/**
 * `config` as the plugin configuration: an object, or raw text (tests pass bad ones). The provider is the real Java
 * one, or (`responder`) harness/upstreams/dubbo_responder.ts, for load that is not about the provider's answers.
 */
export async function startDubboScenario(config: object | string = DUBBO_CONFIG, log: Log = () => {}, upstream: "java" | "responder" = "java"): Promise<DubboScenario> {
  const provider: DubboProvider = upstream === "java"
    ? await startDubboProvider("p1", log)
    : await startDubboResponder("::1").then((r) => ({ port: r.port, name: "responder", stop: r.close }));
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "dubbo",
      template: "dubbo.yaml",
      vars: { WASM: wasmPath("dubbo"), CONFIG: typeof config === "string" ? config : JSON.stringify(config), PROVIDER_PORT: provider.port },
    });
  } catch (error) {
    await provider.stop();
    throw error;
  }
  return {
    envoy,
    provider,
    port: (await envoy.listener("dubbo")).port,
    nativePort: (await envoy.listener("dubbo_proxy")).port,
    async stop() {
      await envoy.stop();
      await provider.stop();
    },
  };
}
