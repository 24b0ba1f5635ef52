// Where the Envoy under test spends its CPU while it serves the load, sampled by `perf record -e cpu-clock` (a timer:
// this VM has no PMU, so no hardware event). Each sample falls in the kernel, in Envoy's own binary (V8's runtime is
// linked into it), in a shared library, or in code perf cannot map to a file: "[JIT] tid N", the code V8 compiled at
// run time, which for a Wasm variant is the module's own functions and V8's call wrappers around them (for Lua,
// LuaJIT's traces). That share, times the CPU per request, is the time spent inside the VM per request. It leaves
// out the kernel's and Envoy's cost, which is where this machine's noise is, so it separates modules that the CPU
// total cannot.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aptInstall, runCommand } from "../harness/tools.js";

/** A prime frequency, so sampling never locks step with Envoy's timers. */
const SAMPLES_PER_SECOND = 4999;

export interface CpuShares {
  samples: number;
  /** Fractions of the samples, 0..1. */
  jit: number;
  kernel: number;
}

export function perfBinary(log: (line: string) => void): Promise<string> {
  return aptInstall("linux-perf", "perf", log);
}

/** Samples `pid` for `seconds` and gives the shares. */
export async function sampleCpu(perf: string, pid: number, seconds: number): Promise<CpuShares> {
  const dir = mkdtempSync(join(tmpdir(), "bench-perf-"));
  const data = join(dir, "perf.data");
  try {
    const args = ["record", "-q", "-e", "cpu-clock", "-F", String(SAMPLES_PER_SECOND), "-p", String(pid), "-o", data, "--", "sleep", seconds.toFixed(2)];
    const record = await runCommand(perf, args, { timeoutMs: (seconds + 30) * 1000 });
    if (record.exitCode !== 0) throw new Error(`perf ${args.join(" ")} failed: ${record.output.trim()}`);
    const report = await runCommand(perf, ["report", "-i", data, "--sort", "dso", "--stdio", "-n"], { timeoutMs: 60_000 });
    if (report.exitCode !== 0) throw new Error(`perf report failed: ${report.output.trim()}`);
    return parsePerfReport(report.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads `perf report --sort dso -n`: lines of "<percent>%  <samples>  <dso>". */
export function parsePerfReport(output: string): CpuShares {
  let samples = 0;
  let jit = 0;
  let kernel = 0;
  for (const line of output.split("\n")) {
    const match = /^\s*[\d.]+%\s+(\d+)\s+(.+?)\s*$/.exec(line);
    if (!match) continue;
    const count = Number(match[1]);
    samples += count;
    if (match[2].startsWith("[JIT]")) jit += count;
    else if (match[2] === "[kernel.kallsyms]") kernel += count;
  }
  if (samples === 0) throw new Error(`perf report: no samples in:\n${output.slice(0, 400)}`);
  return { samples, jit: jit / samples, kernel: kernel / samples };
}
