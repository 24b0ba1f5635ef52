// One timed run of one variant: Envoy's counters and the kernel's CPU figures read just outside the load, so the
// admin requests and the load generator's start-up fall outside the window.
import { setTimeout as sleep } from "node:timers/promises";
import { Envoy } from "../harness/envoy.js";
import { sampleCpu, type CpuShares } from "./cpu_profile.js";
import { processCpuMicros, workerCpuMicros } from "./process.js";
import { runCalls, runTcpCalls, CALL_BYTES } from "./tcp_load.js";
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
  /**
   * CPU µs per request in code V8 compiled (the Wasm module) and in the kernel: perf's shares of a second window,
   * times that window's CPU per request (absent without perf).
   */
  jitMicrosPerRequest?: number;
  kernelMicrosPerRequest?: number;
}

export interface LoadShape {
  connections: number;
  seconds: number;
  wrk: string;
  /** perf, to sample where the CPU goes; undefined when it is not available. */
  perf?: string;
}

/** perf samples inside the load window, away from its start and end. */
const SAMPLING_MARGIN_SECONDS = 0.3;

/** The counter of what a variant served, and how many of its units make one call. */
function servedStat(variant: Variant): [string, number] {
  if (variant.kind === "http") return ["http.bench.downstream_rq_completed", 1];
  if (variant.kind === "tcp") return ["tcp.bench.downstream_cx_rx_bytes_total", CALL_BYTES];
  // tcp_proxy and the protocols' own proxies (dubbo_proxy, thrift_proxy) all count the upstream's bytes on the cluster.
  return ["cluster.upstream.upstream_cx_rx_bytes_total", variant.workload!.responseBytes];
}

export async function servedCount(running: RunningVariant): Promise<number> {
  const [name, unit] = servedStat(running.variant);
  const escaped = name.replace(/\./g, "\\.");
  const body = await running.envoy.admin.get(`/stats?format=json&filter=^${encodeURIComponent(escaped)}$`);
  const stat = (JSON.parse(body) as { stats: { name?: string; value?: number }[] }).stats.find((s) => s.name === name);
  const value = stat?.value ?? 0;
  return value / unit;
}

export function load(running: RunningVariant, shape: LoadShape, seconds = shape.seconds): Promise<LoadResult> {
  if (running.variant.kind === "http") return runWrk(shape.wrk, { url: running.url, connections: shape.connections, seconds, headers: running.variant.loadHeaders });
  if (running.variant.kind === "rpc") return runCalls(running.port, shape.connections, seconds, running.variant.workload!.calls());
  return runTcpCalls(running.port, shape.connections, seconds);
}

interface Window {
  served: number;
  cpuMicros: number;
  workerMicros: number;
  load: LoadResult;
  shares?: CpuShares;
}

/** One load window with the counters read around it; with `perf`, sampled inside it, away from its edges. */
async function timedWindow(running: RunningVariant, shape: LoadShape, perf?: string): Promise<Window> {
  const served0 = await servedCount(running);
  const cpu0 = processCpuMicros(running.envoyPid);
  const worker0 = workerCpuMicros(running.envoyPid);
  const sampleSeconds = shape.seconds - 2 * SAMPLING_MARGIN_SECONDS;
  const [result, shares] = await Promise.all([
    load(running, shape),
    perf ? sleep(SAMPLING_MARGIN_SECONDS * 1000).then(() => sampleCpu(perf, running.envoyPid, sampleSeconds)) : undefined,
  ]);
  const cpuMicros = processCpuMicros(running.envoyPid) - cpu0;
  const workerMicros = workerCpuMicros(running.envoyPid) - worker0;
  return { served: (await servedCount(running)) - served0, cpuMicros, workerMicros, load: result, shares };
}

/**
 * One round of one variant. Sampling costs this VM a lot of CPU (each sample is a timer interrupt through two
 * hypervisors), so the CPU figures come from a window without perf, and the time inside the VM from a second window
 * sampled by perf, right after.
 */
export async function measure(running: RunningVariant, shape: LoadShape, round: number): Promise<Sample> {
  const plain = await timedWindow(running, shape);
  const sample: Sample = {
    round,
    served: plain.served,
    cpuMicrosPerRequest: plain.cpuMicros / plain.served,
    workerMicrosPerRequest: plain.workerMicros / plain.served,
    requestsPerSecond: plain.load.requestsPerSecond,
    p50Micros: plain.load.p50Micros,
    p99Micros: plain.load.p99Micros,
    errors: plain.load.errors,
  };
  if (shape.perf && shape.seconds > 2 * SAMPLING_MARGIN_SECONDS) {
    const sampled = await timedWindow(running, shape, shape.perf);
    const cpuPerRequest = sampled.cpuMicros / sampled.served;
    sample.jitMicrosPerRequest = sampled.shares!.jit * cpuPerRequest;
    sample.kernelMicrosPerRequest = sampled.shares!.kernel * cpuPerRequest;
  }
  return sample;
}

/** Load in windows of `shape.seconds` until Envoy has served `requests` since the soak began; gives the count. */
export async function soak(running: RunningVariant, shape: LoadShape, requests: number): Promise<number> {
  const start = await servedCount(running);
  let served = 0;
  while (served < requests) {
    await load(running, shape, Math.max(shape.seconds, 10));
    served = (await servedCount(running)) - start;
  }
  return served;
}
