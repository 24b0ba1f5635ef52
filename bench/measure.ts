// One timed run of one variant: Envoy's counters and the kernel's CPU figures read just outside the load, so the
// admin requests and the load generator's start-up fall outside the window.
import { Envoy } from "../harness/envoy.js";
import { processCpuMicros, workerCpuMicros } from "./process.js";
import { runTcpCalls, CALL_BYTES } from "./tcp_load.js";
import type { Variant } from "./variants.js";
import { runWrk, type LoadResult } from "./wrk.js";

export interface RunningVariant {
  variant: Variant;
  envoy: Envoy;
  envoyPid: number;
  /** http://host:port/ for HTTP, the port for L4. */
  url: string;
  port: number;
}

export interface Sample {
  round: number;
  /** Requests (or 1 KiB calls) Envoy counted in the window. */
  served: number;
  cpuMicrosPerRequest: number;
  workerMicrosPerRequest: number;
  requestsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
  errors: number;
}

export interface LoadShape {
  connections: number;
  seconds: number;
  wrk: string;
}

async function servedCount(running: RunningVariant): Promise<number> {
  const name = running.variant.kind === "http" ? "http.bench.downstream_rq_completed" : "tcp.bench.downstream_cx_rx_bytes_total";
  const escaped = name.replace(/\./g, "\\.");
  const body = await running.envoy.admin.get(`/stats?format=json&filter=^${encodeURIComponent(escaped)}$`);
  const stat = (JSON.parse(body) as { stats: { name?: string; value?: number }[] }).stats.find((s) => s.name === name);
  const value = stat?.value ?? 0;
  return running.variant.kind === "http" ? value : value / CALL_BYTES;
}

export function load(running: RunningVariant, shape: LoadShape, seconds = shape.seconds): Promise<LoadResult> {
  return running.variant.kind === "http"
    ? runWrk(shape.wrk, { url: running.url, connections: shape.connections, seconds, headers: running.variant.loadHeaders })
    : runTcpCalls(running.port, shape.connections, seconds);
}

export async function measure(running: RunningVariant, shape: LoadShape, round: number): Promise<Sample> {
  const served0 = await servedCount(running);
  const cpu0 = processCpuMicros(running.envoyPid);
  const worker0 = workerCpuMicros(running.envoyPid);
  const result = await load(running, shape);
  const cpu1 = processCpuMicros(running.envoyPid);
  const worker1 = workerCpuMicros(running.envoyPid);
  const served = (await servedCount(running)) - served0;
  return {
    round,
    served,
    cpuMicrosPerRequest: (cpu1 - cpu0) / served,
    workerMicrosPerRequest: (worker1 - worker0) / served,
    requestsPerSecond: result.requestsPerSecond,
    p50Micros: result.p50Micros,
    p99Micros: result.p99Micros,
    errors: result.errors,
  };
}
