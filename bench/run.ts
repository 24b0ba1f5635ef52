// `npm run bench` (the CLI's bench verb): each variant in its own Envoy (--concurrency 1, booted through func-e), a
// fast upstream Envoy answering with direct_response, wrk (or the L4 client: 1 KiB calls, or an RPC protocol's) with
// fixed connections and duration, variants run alternately in rounds. Writes bench/results/<timestamp>.json and .md.
// See bench/README.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { Envoy } from "../harness/envoy.js";
import { startTcpEcho } from "../harness/upstreams/tcp_echo.js";
import { projectRoot } from "../harness/paths.js";
import { provision } from "../harness/provision.js";
import { upstreamBootstrap, writeTemplate } from "./configs.js";
import { countHostCalls, type HostCallCounts } from "./hostcalls.js";
import { load, measure, soak, type LoadShape, type RunningVariant } from "./measure.js";
import { findEnvoyPid, rssKiB } from "./process.js";
import { comparisonTable, hostCallTable, instructionTable, markdownTable, soakTable } from "./report.js";
import { compare, describe, summarize, type VariantResult } from "./summary.js";
import { httpVariants, tcpVariants, type Modules, type Variant } from "./variants.js";
import { benchCacheDir, compileTarget, compileWat, fileSize, higressIpAcl } from "./wasm.js";
import { FILTERS } from "../harness/filters.js";
import { wrkBinary } from "./wrk.js";
import { perfBinary } from "./cpu_profile.js";
import { runCommand } from "../harness/tools.js";
import { countInstructions, type InstructionCount } from "./instructions.js";
import { callsInSequence, type Responder, type RpcWorkload } from "./tcp_load.js";

export interface BenchOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  only?: string[];
  l4: boolean;
  /** Sample each measurement with perf (where the CPU goes: inside the VM, the kernel, Envoy). */
  perf: boolean;
  /** After the rounds, load each variant until it has served this many more requests, then read its RSS. */
  soakRequests?: number;
  /** A smoke test: its results go to .cache/bench/results, not bench/results. */
  quick?: boolean;
  /** Instead of timed rounds: instructions per request under callgrind, over this many keep-alive requests. */
  instructions?: number;
}

const FULL: BenchOptions = { rounds: 5, seconds: 4, warmupSeconds: 1, connections: 8, l4: true, perf: true };
const QUICK: BenchOptions = { rounds: 2, seconds: 2, warmupSeconds: 1, connections: 8, l4: true, perf: true, quick: true };

export function parseArgs(args: string[]): BenchOptions {
  const options = { ...(args.includes("--quick") ? QUICK : FULL) };
  for (let i = 0; i < args.length; i++) {
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${args[i - 1]} needs a value`);
      return v;
    };
    switch (args[i]) {
      case "--quick": break;
      case "--rounds": options.rounds = Number(value()); break;
      case "--seconds": options.seconds = Number(value()); break;
      case "--warmup": options.warmupSeconds = Number(value()); break;
      case "--connections": options.connections = Number(value()); break;
      case "--only": options.only = value().split(","); break;
      case "--no-l4": options.l4 = false; break;
      case "--no-perf": options.perf = false; break;
      case "--soak": options.soakRequests = Number(value()); break;
      case "--instructions": options.instructions = Number(value()); break;
      case "--report": value(); break;
      default: throw new Error(`bench: unknown option ${args[i]} (options: --quick --rounds N --seconds N --warmup N --connections N --only a,b --no-l4 --no-perf --soak N --instructions N, or --report results.json)`);
    }
  }
  if (!(options.rounds >= 2)) throw new Error("bench: --rounds must be at least 2 (differences are paired within rounds)");
  return options;
}

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function prepareModules(): Promise<Modules> {
  log("compiling modules into .cache/bench/wasm...");
  const modules: Modules = {
    noop: compileWat("noop"),
    noopLean: compileWat("noop_lean"),
    sdk: compileTarget("tests/probe-bench/index.ts", "probe-bench", "sdk"),
    filters: {},
  };
  // Every catalogue module; one that does not compile leaves its rows out.
  for (const entry of FILTERS) {
    if (entry.target in modules.filters) continue;
    try {
      modules.filters[entry.target] = compileTarget(entry.entry, entry.target, entry.target);
    } catch (error) {
      log(`${entry.target} does not compile, its rows are left out: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  try {
    modules.higressIpAcl = await higressIpAcl(log);
  } catch (error) {
    log(`Higress ip-acl plugin unavailable, its row is left out: ${(error as Error).message.split("\n")[0]}`);
  }
  return modules;
}

async function check(running: RunningVariant): Promise<void> {
  for (const c of running.variant.checks) {
    const response = await fetch(running.url, { headers: c.headers });
    await response.arrayBuffer();
    if (response.status !== c.status) throw new Error(`check failed: expected ${c.status} with ${JSON.stringify(c.headers ?? {})}, got ${response.status}`);
    if (c.responseHeader && response.headers.get(c.responseHeader[0]) !== c.responseHeader[1]) {
      throw new Error(`check failed: response header ${c.responseHeader[0]} is ${response.headers.get(c.responseHeader[0])}, expected ${c.responseHeader[1]}`);
    }
  }
}

async function startVariant(variant: Variant, upstreamPort: number, toolchain: Awaited<ReturnType<typeof provision>>): Promise<RunningVariant> {
  const envoy = await Envoy.start({
    name: `bench-${variant.name}`,
    template: writeTemplate(variant.name, variant.bootstrap),
    vars: { UPSTREAM_PORT: upstreamPort },
    concurrency: 1,
    logLevel: "warning",
    toolchain,
  });
  try {
    const listener = await envoy.listener(variant.kind);
    const running: RunningVariant = { variant, envoy, envoyPid: findEnvoyPid(envoy.pid), url: `http://${listener.host}:${listener.port}/`, port: listener.port };
    if (variant.kind === "http") await check(running);
    // An RPC variant answers one call with one whole response before it is timed.
    if (variant.workload) await callsInSequence(listener.port, 1, variant.workload.calls(), variant.workload.protocol);
    return running;
  } catch (error) {
    await envoy.stop();
    throw new Error(`${(error as Error).message}\n${envoy.logTail(20)}`);
  }
}

function machine(): Record<string, unknown> {
  const cpu = cpus();
  return { cpuModel: cpu[0]?.model, cores: cpu.length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` };
}

/** perf, once it has sampled a process here; undefined (and one line saying why) when it cannot. */
async function usablePerf(): Promise<string | undefined> {
  try {
    const perf = await perfBinary(log);
    const probe = await runCommand(perf, ["stat", "-e", "cpu-clock", "--", "true"]);
    if (probe.exitCode !== 0) throw new Error(probe.output.trim());
    return perf;
  } catch (error) {
    log(`perf cannot sample here, the "inside the VM" columns are left out: ${(error as Error).message.split("\n")[0]}`);
    return undefined;
  }
}

/** Recomputes the summaries and tables of a results JSON (written by this or an earlier version of the bench). */
function rerender(path: string): void {
  const json = JSON.parse(readFileSync(path, "utf8"));
  const results = json.results as VariantResult[];
  json.summaries = summarize(results, json.options.rounds);
  json.comparisons = compare(results, json.options.rounds);
  const table = [markdownTable(results, json.summaries), comparisonTable(json.comparisons), hostCallTable(json.hostCalls), soakTable(results)].filter(Boolean).join("\n\n");
  writeFileSync(path, JSON.stringify(json, null, 2) + "\n");
  writeFileSync(path.replace(/\.json$/, ".md"), `# Bench run ${json.date}\n\n\`${json.command}\`, Envoy ${json.envoyVersion}\n\n${table}\n`);
  console.log(table);
}

/** The variants to measure: --only's, each with what it is compared to. */
function selectVariants(variants: Variant[], only: string[] | undefined): Variant[] {
  if (!only) return variants;
  const wanted = new Set(only);
  for (const v of variants) if (wanted.has(v.name)) [v.baseline, v.native].forEach((n) => n && wanted.add(n));
  return variants.filter((v) => wanted.has(v.name));
}

/** The responders of the RPC workloads `variants` are loaded with, one per workload, started. */
async function startResponders(variants: Variant[]): Promise<Map<RpcWorkload, Responder>> {
  const responders = new Map<RpcWorkload, Responder>();
  for (const { workload } of variants) {
    if (workload && !responders.has(workload)) responders.set(workload, await workload.startResponder());
  }
  return responders;
}

const closeAll = (responders: Map<RpcWorkload, Responder>) => Promise.all([...responders.values()].map((r) => r.close()));

/** `--instructions N`: each HTTP and RPC variant's instructions per request under callgrind, one at a time. */
async function runInstructionCounts(args: string[], options: BenchOptions): Promise<void> {
  const toolchain = await provision(log);
  const modules = await prepareModules();
  const variants = selectVariants([...httpVariants(modules), ...tcpVariants(modules).filter((v) => v.kind === "rpc")], options.only);
  const responders = await startResponders(variants);
  const upstream = await Envoy.start({ name: "bench-upstream", template: writeTemplate("upstream", upstreamBootstrap()), vars: {}, concurrency: 1, logLevel: "warning", toolchain });
  const counts: InstructionCount[] = [];
  try {
    const upstreamPort = (await upstream.listener("http")).port;
    for (const variant of variants) {
      log(`counting ${variant.name} under callgrind (${options.instructions} requests)...`);
      try {
        const port = variant.workload ? responders.get(variant.workload)!.port : upstreamPort;
        const count = await countInstructions(variant, port, toolchain, { requests: options.instructions!, warmupRequests: 200 }, log);
        counts.push(count);
        log(`  ${variant.name.padEnd(34)} ${(count.perRequest / 1000).toFixed(1)} k instructions/request`);
      } catch (error) {
        log(`  ${variant.name}: not counted: ${(error as Error).message.split("\n")[0]}`);
      }
    }
  } finally {
    await upstream.stop();
    await closeAll(responders);
  }
  const table = instructionTable(counts, variants);
  const date = new Date().toISOString();
  const dir = join(options.quick ? benchCacheDir() : join(projectRoot(), "bench"), "results");
  mkdirSync(dir, { recursive: true });
  const stamp = `${date.replace(/[:.]/g, "-").slice(0, 19)}-instructions`;
  const command = `npm run bench -- ${args.join(" ")}`;
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify({ date, command, machine: machine(), counts }, null, 2) + "\n");
  writeFileSync(join(dir, `${stamp}.md`), `# Instructions per request, ${date}\n\n\`${command}\`\n\n${table}\n`);
  console.log(`\n${table}\n`);
  log(`wrote ${join(dir, stamp)}.json and .md`);
}

export async function runBench(args: string[]): Promise<void> {
  if (args[0] === "--report") return rerender(args[1]);
  const options = parseArgs(args);
  if (options.instructions) return runInstructionCounts(args, options);
  const toolchain = await provision(log);
  const wrk = await wrkBinary(log);
  const shape: LoadShape = { connections: options.connections, seconds: options.seconds, wrk, perf: options.perf ? await usablePerf() : undefined };
  const modules = await prepareModules();
  const variants = selectVariants([...httpVariants(modules), ...(options.l4 ? tcpVariants(modules) : [])], options.only);
  log("counting host calls per request on the host emulator...");
  const hostCalls: HostCallCounts[] = await countHostCalls(modules);

  const upstream = await Envoy.start({ name: "bench-upstream", template: writeTemplate("upstream", upstreamBootstrap()), vars: {}, concurrency: 1, logLevel: "warning", toolchain });
  const echo = await startTcpEcho({ record: false });
  const responders = await startResponders(variants);
  const upstreamPort = (await upstream.listener("http")).port;
  const results = new Map<string, VariantResult>();
  const running: RunningVariant[] = [];
  let envoyVersion = "";
  try {
    envoyVersion = await upstream.admin.version();
    for (const variant of variants) {
      const result: VariantResult = { ...describe(variant), wasmBytes: variant.wasm ? fileSize(variant.wasm) : undefined, servedTotal: 0, samples: [] };
      results.set(variant.name, result);
      try {
        log(`starting ${variant.name}`);
        running.push(await startVariant(variant, variant.kind === "http" ? upstreamPort : variant.workload ? responders.get(variant.workload)!.port : echo.port, toolchain));
      } catch (error) {
        result.error = (error as Error).message;
        log(`${variant.name} not measured: ${result.error}`);
      }
    }
    log(`warming up ${running.length} Envoys`);
    for (const r of running) {
      await load(r, shape, Math.max(options.warmupSeconds, 1));
      results.get(r.variant.name)!.rssKiBLoaded = rssKiB(r.envoyPid);
    }
    for (let round = 0; round < options.rounds; round++) {
      log(`round ${round + 1}/${options.rounds}`);
      for (const r of running) {
        const result = results.get(r.variant.name)!;
        try {
          await load(r, shape, options.warmupSeconds);
          const sample = await measure(r, shape, round);
          result.samples.push(sample);
          result.servedTotal += sample.served;
          log(`  ${r.variant.name.padEnd(34)} ${sample.cpuMicrosPerRequest.toFixed(1).padStart(6)} µs/req  worker ${sample.workerMicrosPerRequest.toFixed(1).padStart(6)}  ${Math.round(sample.requestsPerSecond)} req/s  p50 ${sample.p50Micros.toFixed(0)} µs  p99 ${sample.p99Micros.toFixed(0)} µs${sample.jitMicrosPerRequest === undefined ? "" : `  in VM ${sample.jitMicrosPerRequest.toFixed(2)}`}${sample.errors ? `  errors ${sample.errors}` : ""}`);
        } catch (error) {
          log(`  ${r.variant.name}: round failed: ${(error as Error).message.split("\n")[0]}`);
        }
      }
    }
    if (options.soakRequests) {
      for (const r of running) {
        log(`soaking ${r.variant.name} for ${options.soakRequests} requests`);
        const result = results.get(r.variant.name)!;
        result.soakRssKiBBefore = rssKiB(r.envoyPid);
        result.soakServed = await soak(r, shape, options.soakRequests);
        result.servedTotal += result.soakServed;
      }
    }
    for (const r of running) results.get(r.variant.name)!.rssKiBAfter = rssKiB(r.envoyPid);
  } finally {
    await Promise.all(running.map((r) => r.envoy.stop()));
    await upstream.stop();
    await echo.close();
    await closeAll(responders);
  }

  const all = [...results.values()];
  const summaries = summarize(all, options.rounds);
  const comparisons = compare(all, options.rounds);
  const table = [markdownTable(all, summaries), comparisonTable(comparisons), hostCallTable(hostCalls), soakTable(all)].filter(Boolean).join("\n\n");
  const date = new Date().toISOString();
  const command = `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
  const dir = options.quick ? join(benchCacheDir(), "results") : join(projectRoot(), "bench", "results");
  mkdirSync(dir, { recursive: true });
  const stamp = date.replace(/[:.]/g, "-").slice(0, 19);
  const json = { date, command, options, machine: machine(), envoyVersion, hostCalls, summaries, comparisons, results: all };
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(json, null, 2) + "\n");
  writeFileSync(join(dir, `${stamp}.md`), `# Bench run ${date}\n\n\`${command}\`, Envoy ${envoyVersion}\n\n${table}\n`);
  console.log(`\n${table}\n`);
  log(`wrote ${join(dir, stamp)}.json and .md`);
}
