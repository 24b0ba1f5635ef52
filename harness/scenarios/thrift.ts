// The thrift filter between real Apache Thrift clients and a real Thrift server (envoy-configs/thrift.yaml): listener
// "thrift" runs the filter before tcp_proxy, listener "thrift_proxy" runs Envoy's own thrift_proxy to the same server.
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { startThriftServer, type ThriftServer, type ThriftServerOptions } from "../peers/thrift.js";
import type { Log } from "../tools.js";

/** The configuration the README shows: one method closed, a caller blocked by a THeader value, a limit, faults. */
export const THRIFT_CONFIG = {
  rules: [
    { name: "no-crash", match: { method: "crash" }, action: "deny", message: "crash is closed" },
    { name: "blocked-tenant", match: { headers: [{ name: "x-tenant", value: "blocked" }] }, action: "deny" },
    { name: "ping-limit", match: { method: "ping" }, action: "limit", limit: { requests: 2, per: "minute" } },
    { name: "abort-notified", match: { method: "notified", headers: [{ name: "x-fault", value: "on" }] }, action: "abort", percent: 100 },
    { name: "slow-headers", match: { method: "headers", headers: [{ name: "x-delay", value: "on" }] }, action: "delay", percent: 100, delay_ms: 1000 },
    { name: "no-stock", match: { service: "Inventory", method: "stock" }, action: "deny", message: "stock is closed" },
  ],
};

export interface ThriftScenario {
  envoy: Envoy;
  server: ThriftServer;
  /** The filter's listener on 127.0.0.1. */
  port: number;
  /** thrift_proxy's listener on 127.0.0.1. */
  nativePort: number;
  stop(): Promise<void>;
}

/** `config` as the plugin configuration: an object, or raw text (tests pass bad ones). */
export async function startThriftScenario(server: ThriftServerOptions, config: object | string = THRIFT_CONFIG, log: Log = () => {}): Promise<ThriftScenario> {
  const started = await startThriftServer(server, log);
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "thrift",
      template: "thrift.yaml",
      vars: { WASM: wasmPath("thrift"), CONFIG: typeof config === "string" ? config : JSON.stringify(config), SERVER_PORT: started.port },
    });
  } catch (error) {
    await started.stop();
    throw error;
  }
  return {
    envoy,
    server: started,
    port: (await envoy.listener("thrift")).port,
    nativePort: (await envoy.listener("thrift_proxy")).port,
    async stop() {
      await envoy.stop();
      await started.stop();
    },
  };
}
