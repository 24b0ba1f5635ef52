// What the kernel says about the Envoy under test: its CPU time (utime + stime from /proc/<pid>/stat, the headline
// counter), the on-CPU nanoseconds of its worker thread from schedstat (a second, finer counter that leaves out the
// main thread's stats flushes and admin requests), and its resident memory.
import { readFileSync, readdirSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

/** The Envoy process under a func-e process (Envoy is func-e's child). */
export function findEnvoyPid(funcEPid: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (Number(fields[1]) === funcEPid && comm.startsWith("envoy")) return Number(entry);
    } catch {
      // A process that exited while we looked.
    }
  }
  throw new Error(`no envoy process under func-e pid ${funcEPid}`);
}

/** user + system CPU of the whole process, in microseconds (10 ms resolution). */
export function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields after the command: state is [0], so utime (field 14) is [11] and stime (15) is [12].
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** On-CPU time of Envoy's worker threads (named wrk:worker_N), in microseconds, from schedstat (ns resolution). */
export function workerCpuMicros(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      if (!comm.startsWith("wrk:worker")) continue;
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1000;
    } catch {
      // A thread that exited while we looked.
    }
  }
  return total;
}

/** Resident set size in KiB. */
export function rssKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : NaN;
}
