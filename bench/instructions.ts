// Instructions per request, counted by valgrind's callgrind over the whole Envoy process: the steady counter on a
// noisy machine (the same binary, inputs and environment give the same count within 0.1 %, whatever else runs).
// Each variant's Envoy runs under callgrind (through func-e, ENVOY_PATH pointing at a wrapper that execs valgrind),
// is warmed up, then `callgrind_control -z` zeroes the counters, N keep-alive requests go through one connection,
// and `callgrind_control -d` dumps the total. Code V8 compiled at run time (the Wasm module) is counted too:
// `--smc-check=all-non-file` makes valgrind retranslate it when V8 rewrites it.
import { Agent, request } from "node:http";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Envoy } from "../harness/envoy.js";
import type { Toolchain } from "../harness/provision.js";
import { aptInstall, runCommand, type Log } from "../harness/tools.js";
import { writeTemplate } from "./configs.js";
import { callsInSequence } from "./tcp_load.js";
import type { Variant } from "./variants.js";
import { benchCacheDir } from "./wasm.js";

export interface InstructionCount {
  variant: string;
  requests: number;
  /** Instructions the whole Envoy process executed for them (callgrind's Ir). */
  instructions: number;
  perRequest: number;
}

export interface CountOptions {
  requests: number;
  warmupRequests: number;
}

/** A script func-e runs as Envoy: valgrind's callgrind around the real binary, dumps into `outDir`. */
function callgrindWrapper(envoyPath: string, valgrind: string, outDir: string): string {
  const path = join(benchCacheDir(), "envoy-under-callgrind.sh");
  // Not instrumented until the warm-up is over (`callgrind_control -i on`): start-up is not a request's cost, and runs fast.
  const script = `#!/bin/sh\nexec ${valgrind} --tool=callgrind --smc-check=all-non-file --instr-atstart=no --callgrind-out-file=${outDir}/callgrind.out.%p ${envoyPath} "$@"\n`;
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}

/** The process func-e started (valgrind runs Envoy in place, under its tool's name). */
function childOf(parent: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === parent) return Number(entry);
    } catch {
      // Exited while we looked.
    }
  }
  throw new Error(`no child of func-e pid ${parent}`);
}

/** `count` requests one after another on one keep-alive connection; rejects on any answer but `status`. */
async function sequential(url: string, count: number, headers: Record<string, string>, status: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < count; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request(url, { agent, headers }, (response) => {
          response.resume();
          response.on("end", () => (response.statusCode === status ? resolve() : reject(new Error(`${url} answered ${response.statusCode}, expected ${status}`))));
        });
        req.on("error", reject);
        req.end();
      });
    }
  } finally {
    agent.destroy();
  }
}

/** The Ir total of the newest callgrind dump in `dir` after `before` existed. */
function dumpedTotal(dir: string, before: Set<string>): number {
  const fresh = readdirSync(dir).filter((name) => name.startsWith("callgrind.out.") && !before.has(name));
  if (fresh.length !== 1) throw new Error(`expected one new callgrind dump in ${dir}, found ${fresh.length}`);
  const text = readFileSync(join(dir, fresh[0]), "utf8");
  const match = /^(?:summary|totals): (\d+)/m.exec(text);
  if (!match) throw new Error(`${fresh[0]} has no summary line`);
  return Number(match[1]);
}

async function callgrindControl(args: string[]): Promise<void> {
  const result = await runCommand("callgrind_control", args, { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`callgrind_control ${args.join(" ")} failed: ${result.output.trim()}`);
}

/**
 * Counts one HTTP or RPC variant: its Envoy under callgrind, `--concurrency 1`, sending to the upstream (the
 * upstream Envoy, or the protocol's responder) on `upstreamPort`.
 */
export async function countInstructions(variant: Variant, upstreamPort: number, toolchain: Toolchain, options: CountOptions, log: Log): Promise<InstructionCount> {
  if (variant.kind === "tcp") throw new Error(`${variant.name}: instructions are counted for HTTP and RPC variants`);
  const valgrind = await aptInstall("valgrind", "valgrind", log);
  await aptInstall("valgrind", "callgrind_control", log);
  const outDir = join(benchCacheDir(), "callgrind", variant.name);
  if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const envoy = await Envoy.start({
    name: `callgrind-${variant.name}`,
    template: writeTemplate(variant.name, variant.bootstrap),
    vars: { UPSTREAM_PORT: upstreamPort },
    concurrency: 1,
    logLevel: "warning",
    startTimeoutMs: 600_000,
    toolchain: { ...toolchain, envoyPath: callgrindWrapper(toolchain.envoyPath, valgrind, outDir) },
  });
  try {
    const pid = childOf(envoy.pid);
    let send: (count: number) => Promise<void>;
    if (variant.kind === "rpc") {
      const port = (await envoy.listener("rpc")).port;
      const workload = variant.workload!;
      send = (count) => callsInSequence(port, count, workload.calls(), workload.protocol);
    } else {
      const url = `${await envoy.url("http")}/`;
      send = (count) => sequential(url, count, variant.loadHeaders ?? {}, 200);
    }
    await send(options.warmupRequests);
    await callgrindControl(["-i", "on", String(pid)]);
    await callgrindControl(["-z", String(pid)]);
    const before = new Set(readdirSync(outDir));
    await send(options.requests);
    await callgrindControl(["-d", String(pid)]);
    // The dump is written by the process itself, at its next scheduling point.
    for (let i = 0; i < 100 && readdirSync(outDir).length === before.size; i++) await sleep(100);
    const instructions = dumpedTotal(outDir, before);
    return { variant: variant.name, requests: options.requests, instructions, perRequest: instructions / options.requests };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${envoy.logTail(20)}`);
  } finally {
    await envoy.stop();
  }
}
