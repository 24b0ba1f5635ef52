// The fault filter behind auth (API keys) and route-meta (v1/v2 tags) in front of HTTP echo upstreams v1 and v2 and a
// gRPC echo upstream (envoy-configs/fault.yaml), with the experiments its tests and demo share.
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { type GrpcEcho, startGrpcEcho } from "../upstreams/grpc_echo.js";
import { type HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

/** Each consumer's API key: alice and bob are ordinary users, carol is on the header-fault allow list. */
export const KEYS = { alice: "key-alice", bob: "key-bob", carol: "key-carol" } as const;

export const FAULT_AUTH_CONFIG = {
  providers: [{ name: "keys", type: "api_key", consumers: Object.entries(KEYS).map(([name, key]) => ({ name, keys: [key] })) }],
  default_rule: { any_of: ["keys"] },
};

/** Users asking for the canary (x-canary: on) are tagged v2. */
export const FAULT_ROUTE_META_CONFIG = {
  default_tag: "v1",
  rules: [{ name: "canary", tag: "v2", conditions: [{ source: "header", name: "x-canary", op: "equal", value: "on" }] }],
};

/** Each experiment is chosen by a header of its own (besides the canary's and bob's), so the cases stay apart. */
export function faultConfig(timeBox: { start: string; end: string }): object {
  const on = (name: string) => [{ source: "header", name, op: "present" }];
  return {
    experiments: [
      // The canary is failing for half its users, the same half on every request.
      { name: "v2_errors", conditions: [{ source: "route_tag", op: "equal", value: "v2" }], percent: 50, by: { source: "header", name: "x-user-id" }, abort: { status: 503, body: "v2 is failing (fault injection)" } },
      { name: "slow_bob", conditions: [{ source: "identity", op: "equal", value: "bob" }], delay_ms: 300 },
      { name: "grpc_unavailable", conditions: [{ source: "path", op: "prefix", value: "/conformance.Echo/" }, { source: "header", name: "x-grpc-fault", op: "present" }], abort: { status: 503, grpc_status: 14, body: "echo is down (fault injection)" } },
      { name: "grpc_mapped", conditions: [{ source: "path", op: "prefix", value: "/conformance.Echo/" }, { source: "header", name: "x-grpc-mapped", op: "present" }], abort: { status: 429 } },
      { name: "tail_latency", conditions: on("x-tail"), delay_distribution: { percentiles: [{ percentile: 50, ms: 20 }, { percentile: 90, ms: 100 }, { percentile: 99, ms: 400 }] } },
      { name: "delay_range", conditions: on("x-range"), delay_distribution: { min_ms: 100, max_ms: 200 } },
      { name: "delayed_abort", conditions: on("x-delayed-abort"), delay_ms: 250, abort: { status: 504, body: "timed out (fault injection)" } },
      { name: "slow_headers", conditions: on("x-slow-headers"), response: { delay_ms: 400 } },
      { name: "slow_body", conditions: on("x-slow-body"), response: { bytes_per_second: 32768 } },
      { name: "replaced", conditions: on("x-replace"), response: { replace: { status: 502, body: "replaced (fault injection)" } } },
      { name: "sticky_five", conditions: on("x-sticky"), percent: 5, by: { source: "header", name: "x-user-id" }, abort: { status: 500 } },
      { name: "random_half", conditions: on("x-random"), percent: 50, abort: { status: 500 } },
      { name: "budgeted", conditions: on("x-budgeted"), abort: { status: 500 }, max_per_minute: 25 },
      { name: "capped", conditions: on("x-capped"), delay_ms: 1500, max_active: 3 },
      { name: "time_boxed", conditions: on("x-time-boxed"), abort: { status: 503 }, start: timeBox.start, end: timeBox.end },
    ],
    header_faults: { allow_identities: ["carol"], allow_source_ips: ["198.51.100.0/24"] },
  };
}

export interface FaultScenario {
  envoy: Envoy;
  v1: HttpEcho;
  v2: HttpEcho;
  grpc: GrpcEcho;
  url: string;
  nativeUrl: string;
  /** The time_boxed experiment's window, wall clock. */
  timeBox: { startMs: number; endMs: number };
  stop(): Promise<void>;
}

/** `timeBoxInMs`: the time_boxed experiment opens this long after the start and stays open `timeBoxForMs`. */
export async function startFaultScenario({ timeBoxInMs = 15_000, timeBoxForMs = 4_000 } = {}): Promise<FaultScenario> {
  const v1 = await startHttpEcho("v1");
  const v2 = await startHttpEcho("v2");
  const grpc = await startGrpcEcho();
  const startMs = Math.ceil((Date.now() + timeBoxInMs) / 1000) * 1000;
  const endMs = startMs + timeBoxForMs;
  const timeBox = { start: new Date(startMs).toISOString().replace(".000Z", "Z"), end: new Date(endMs).toISOString().replace(".000Z", "Z") };
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "fault",
      template: "fault.yaml",
      vars: {
        WASM: wasmPath("fault"), CONFIG: JSON.stringify(faultConfig(timeBox)),
        AUTH_WASM: wasmPath("auth"), AUTH_CONFIG: JSON.stringify(FAULT_AUTH_CONFIG),
        ROUTE_META_WASM: wasmPath("route-meta"), ROUTE_META_CONFIG: JSON.stringify(FAULT_ROUTE_META_CONFIG),
        V1_PORT: v1.port, V2_PORT: v2.port, GRPC_PORT: grpc.port,
      },
    });
  } catch (error) {
    await Promise.all([v1.close(), v2.close(), grpc.close()]);
    throw error;
  }
  return {
    envoy, v1, v2, grpc,
    url: await envoy.url("http"),
    nativeUrl: await envoy.url("native"),
    timeBox: { startMs, endMs },
    async stop() {
      await envoy.stop();
      await Promise.all([v1.close(), v2.close(), grpc.close()]);
    },
  };
}
