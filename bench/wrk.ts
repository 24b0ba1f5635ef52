// HTTP load with wrk (Debian package, installed through harness/tools.ts): fixed connections, one thread, a fixed
// duration; its summary gives requests per second and the latency percentiles.
import { aptInstall, runCommand } from "../harness/tools.js";

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
  /** Responses that were not 2xx/3xx, and socket errors. */
  errors: number;
}

export interface HttpLoad {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

export function wrkBinary(log: (line: string) => void): Promise<string> {
  return aptInstall("wrk", "wrk", log);
}

export async function runWrk(wrk: string, load: HttpLoad): Promise<LoadResult> {
  // wrk takes whole seconds.
  const args = ["-t1", `-c${load.connections}`, `-d${Math.max(1, Math.round(load.seconds))}s`, "--latency", "--timeout", "5s"];
  for (const [name, value] of Object.entries(load.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(load.url);
  const result = await runCommand(wrk, args, { timeoutMs: (load.seconds + 30) * 1000 });
  if (result.exitCode !== 0) throw new Error(`wrk ${args.join(" ")} failed:\n${result.output}`);
  return parseWrk(result.output, load.seconds);
}

const UNITS: Record<string, number> = { us: 1, ms: 1000, s: 1e6 };

function micros(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!match) throw new Error(`wrk: cannot read latency ${text}`);
  return Number(match[1]) * UNITS[match[2]];
}

/** Reads wrk's --latency summary. */
export function parseWrk(output: string, seconds: number): LoadResult {
  const requests = /(\d+) requests in/.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!requests || !rps || !p50 || !p99) throw new Error(`wrk: unexpected output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((s, v) => s + Number(v), 0) : 0);
  return { requests: Number(requests[1]), seconds, requestsPerSecond: Number(rps[1]), p50Micros: micros(p50[1]), p99Micros: micros(p99[1]), errors };
}
