// The Markdown tables of a run, as they go into bench/README.md.
import type { HostCallCounts } from "./hostcalls.js";
import type { InstructionCount } from "./instructions.js";
import type { Variant } from "./variants.js";
import type { Comparison, VariantResult, VariantSummary } from "./summary.js";
import type { Interval } from "./stats.js";

const f2 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(2));
const f1 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(1));
const signed = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "–" : `${v >= 0 ? "+" : ""}${v.toFixed(1)}`);
const ratio = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(2));
const signed2 = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(2)}`;
const ci = (i: Interval | undefined) => (i === undefined || !Number.isFinite(i.low) ? "–" : `${signed(i.estimate)} [${signed(i.low)}, ${signed(i.high)}]`);
/** Two decimals, for the time inside the VM, which is steady to a tenth of a µs. */
const ci2 = (i: Interval | undefined) => (i === undefined || !Number.isFinite(i.low) ? "–" : `${signed2(i.estimate)} [${signed2(i.low)}, ${signed2(i.high)}]`);
const kib = (v: number | undefined) => (v === undefined ? "–" : (v / 1024).toFixed(1));
const size = (v: number | undefined) => (v === undefined ? "–" : v >= 1e6 ? `${(v / 1e6).toFixed(1)} MB` : `${(v / 1024).toFixed(1)} KiB`);

export function markdownTable(results: VariantResult[], summaries: VariantSummary[]): string {
  const byName = new Map(results.map((r) => [r.name, r]));
  const lines = [
    "| variant | Envoy CPU µs/req (median, min–max) | added CPU µs/req, mean [95% t-CI] | added, median [95% bootstrap CI] | CPU ÷ baseline | worker-thread added µs/req, mean [95% CI] | inside the VM µs/req (median) | inside the VM added, mean [95% t-CI] | kernel µs/req (median) | req/s (median) | req/s ÷ baseline | req/s ÷ native | added p50 / p99 µs | .wasm | RSS MiB loaded → after | requests served |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const s of summaries) {
    const r = byName.get(s.name)!;
    const cpu = s.cpuMicrosPerRequest;
    lines.push(`| ${s.name} | ${f1(cpu.median)} (${f1(cpu.min)}–${f1(cpu.max)}) | ${ci(s.addedCpuMicros?.mean)} | ${ci(s.addedCpuMicros?.median)} | ${ratio(s.cpuRatioToBaseline)} | ${ci(s.addedWorkerMicros?.mean)} | ${f2(s.jitMicrosPerRequest?.median)} | ${ci2(s.addedJitMicros?.mean)} | ${f1(s.kernelMicrosPerRequest?.median)} | ${Math.round(s.requestsPerSecond.median)} | ${ratio(s.throughputRatioToBaseline)} | ${ratio(s.throughputRatioToNative)} | ${signed(s.addedP50Micros)} / ${signed(s.addedP99Micros)} | ${size(r.wasmBytes)} | ${kib(r.rssKiBLoaded)} → ${kib(r.rssKiBAfter)} | ${r.servedTotal} |`);
  }
  for (const r of results.filter((r) => r.error)) lines.push(`| ${r.name} | not measured: ${r.error!.split("\n")[0].slice(0, 160)} |||||||||||||||`);
  return lines.join("\n");
}

export function comparisonTable(comparisons: Comparison[]): string {
  const lines = [
    "| what | Envoy CPU µs/req, mean [95% t-CI] | median [95% bootstrap CI] | worker thread µs/req, mean [95% t-CI] | inside the VM µs/req, mean [95% t-CI] | inside the VM, median [95% bootstrap CI] |",
    "|---|---|---|---|---|---|",
  ];
  for (const c of comparisons) lines.push(`| ${c.what} (\`${c.variant}\` − \`${c.minus}\`) | ${ci(c.cpu.mean)} | ${ci(c.cpu.median)} | ${ci(c.worker.mean)} | ${ci2(c.jit?.mean)} | ${ci2(c.jit?.median)} |`);
  return lines.join("\n");
}

export function hostCallTable(counts: HostCallCounts[]): string {
  const calls = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ×${v}`).join(", ") || "none";
  const lines = [
    "| module | host calls per request | host allocations per request | callbacks per request | guest ns/request (V8 in Node, host stubbed) |",
    "|---|---|---|---|---|",
  ];
  for (const c of counts) {
    const callbacks = Object.values(c.callbacksPerRequest).reduce((s, v) => s + v, 0);
    lines.push(`| ${c.module} | ${calls(c.hostCallsPerRequest)} | ${c.allocationsPerRequest} | ${callbacks} | ${c.guestNanosPerRequest === undefined ? "–" : Math.round(c.guestNanosPerRequest)} |`);
  }
  return lines.join("\n");
}

/** With --soak: each variant's RSS before and after the soak, and the requests served in between. */
export function soakTable(results: VariantResult[]): string {
  const soaked = results.filter((r) => r.soakServed !== undefined);
  if (soaked.length === 0) return "";
  const lines = ["| variant | requests served in the soak | RSS MiB before → after |", "|---|---|---|"];
  for (const r of soaked) lines.push(`| ${r.name} | ${r.soakServed} | ${kib(r.soakRssKiBBefore)} → ${kib(r.rssKiBAfter)} |`);
  return lines.join("\n");
}

/** Instructions per request under callgrind, each variant beside its baseline and native filter. */
export function instructionTable(counts: InstructionCount[], variants: Variant[]): string {
  const perRequest = new Map(counts.map((c) => [c.variant, c.perRequest]));
  const k = (v: number | undefined) => (v === undefined ? "–" : `${(v / 1000).toFixed(1)} k`);
  const added = (v: number | undefined, base: number | undefined) => (v === undefined || base === undefined ? "–" : `${v >= base ? "+" : ""}${((v - base) / 1000).toFixed(1)} k`);
  const lines = ["| variant | instructions/request | added over its baseline | added over native | requests |", "|---|---|---|---|---|"];
  for (const count of counts) {
    const variant = variants.find((v) => v.name === count.variant)!;
    const base = perRequest.get(variant.baseline);
    const native = variant.native ? perRequest.get(variant.native) : undefined;
    lines.push(`| ${count.variant} | ${k(count.perRequest)} | ${variant.name === variant.baseline ? "–" : added(count.perRequest, base)} | ${added(count.perRequest, native)} | ${count.requests} |`);
  }
  return lines.join("\n");
}
