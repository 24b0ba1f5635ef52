// Turns the rounds into the published figures: each variant's medians and spread, and its added cost over its
// baseline (and its throughput against the native filter for the same job) from differences paired within rounds.
import type { Sample } from "./measure.js";
import { bootstrapMedianInterval, median, pairedDifferences, spread, tInterval, type Interval, type Spread } from "./stats.js";
import type { Variant } from "./variants.js";

export interface VariantResult {
  name: string;
  description: string;
  kind: "http" | "tcp";
  baseline: string;
  native?: string;
  wasmBytes?: number;
  rssKiBLoaded?: number;
  rssKiBAfter?: number;
  servedTotal: number;
  samples: Sample[];
  error?: string;
}

export interface VariantSummary {
  name: string;
  description: string;
  cpuMicrosPerRequest: Spread;
  workerMicrosPerRequest: Spread;
  requestsPerSecond: Spread;
  p50Micros: Spread;
  p99Micros: Spread;
  /** Over the baseline, paired within rounds: t-interval of the mean and bootstrap interval of the median. */
  addedCpuMicros?: { mean: Interval; median: Interval };
  addedWorkerMicros?: { mean: Interval; median: Interval };
  addedP50Micros?: number;
  addedP99Micros?: number;
  /** Median over rounds of this variant's req/s divided by the baseline's (and the native filter's) in that round. */
  throughputRatioToBaseline?: number;
  throughputRatioToNative?: number;
  errors: number;
}

type Metric = "cpuMicrosPerRequest" | "workerMicrosPerRequest" | "requestsPerSecond" | "p50Micros" | "p99Micros";

function byRound(result: VariantResult, metric: Metric, rounds: number): (number | undefined)[] {
  const values: (number | undefined)[] = new Array(rounds).fill(undefined);
  for (const sample of result.samples) values[sample.round] = sample[metric];
  return values;
}

function ratios(a: (number | undefined)[], b: (number | undefined)[]): number[] {
  const out: number[] = [];
  a.forEach((v, i) => {
    const w = b[i];
    if (v !== undefined && w !== undefined && w > 0) out.push(v / w);
  });
  return out;
}

export function summarize(results: VariantResult[], rounds: number): VariantSummary[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return results.filter((r) => r.samples.length > 0).map((result) => {
    const values = (metric: Metric) => result.samples.map((s) => s[metric]);
    const summary: VariantSummary = {
      name: result.name,
      description: result.description,
      cpuMicrosPerRequest: spread(values("cpuMicrosPerRequest")),
      workerMicrosPerRequest: spread(values("workerMicrosPerRequest")),
      requestsPerSecond: spread(values("requestsPerSecond")),
      p50Micros: spread(values("p50Micros")),
      p99Micros: spread(values("p99Micros")),
      errors: result.samples.reduce((sum, s) => sum + s.errors, 0),
    };
    const baseline = byName.get(result.baseline);
    if (baseline && baseline !== result && baseline.samples.length > 0) {
      const paired = (metric: Metric) => pairedDifferences(byRound(result, metric, rounds), byRound(baseline, metric, rounds));
      const cpu = paired("cpuMicrosPerRequest");
      const worker = paired("workerMicrosPerRequest");
      summary.addedCpuMicros = { mean: tInterval(cpu), median: bootstrapMedianInterval(cpu) };
      summary.addedWorkerMicros = { mean: tInterval(worker), median: bootstrapMedianInterval(worker) };
      summary.addedP50Micros = median(paired("p50Micros"));
      summary.addedP99Micros = median(paired("p99Micros"));
      summary.throughputRatioToBaseline = median(ratios(byRound(result, "requestsPerSecond", rounds), byRound(baseline, "requestsPerSecond", rounds)));
    }
    const native = result.native ? byName.get(result.native) : undefined;
    if (native && native.samples.length > 0) {
      summary.throughputRatioToNative = median(ratios(byRound(result, "requestsPerSecond", rounds), byRound(native, "requestsPerSecond", rounds)));
    }
    return summary;
  });
}

export function describe(variant: Variant): Pick<VariantResult, "name" | "description" | "kind" | "baseline" | "native"> {
  return { name: variant.name, description: variant.description, kind: variant.kind, baseline: variant.baseline, native: variant.native };
}
