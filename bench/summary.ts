// Turns the rounds into the published figures: each variant's medians and spread, and its added cost over its
// baseline (and its throughput against the native filter for the same job) from differences paired within rounds.
import type { Sample } from "./measure.js";
import { bootstrapMedianInterval, median, pairedDifferences, spread, tInterval, type Interval, type Spread } from "./stats.js";
import type { Variant } from "./variants.js";

export interface VariantResult {
  name: string;
  description: string;
  kind: Variant["kind"];
  baseline: string;
  native?: string;
  wasmBytes?: number;
  rssKiBLoaded?: number;
  rssKiBAfter?: number;
  servedTotal: number;
  /** With --soak: RSS when the soak began, and the requests (or L4 calls) it served. */
  soakRssKiBBefore?: number;
  soakServed?: number;
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
  /** Time inside the VM and in the kernel per request (perf samples), when sampled. */
  jitMicrosPerRequest?: Spread;
  kernelMicrosPerRequest?: Spread;
  /** Over the baseline, paired within rounds: t-interval of the mean and bootstrap interval of the median. */
  addedCpuMicros?: { mean: Interval; median: Interval };
  addedWorkerMicros?: { mean: Interval; median: Interval };
  addedJitMicros?: { mean: Interval; median: Interval };
  /**
   * Median over rounds of this variant's CPU per request divided by the baseline's: contention on a shared machine
   * inflates both about alike, so the ratio moves less between runs than the difference does.
   */
  cpuRatioToBaseline?: number;
  addedP50Micros?: number;
  addedP99Micros?: number;
  /** Median over rounds of this variant's req/s divided by the baseline's (and the native filter's) in that round. */
  throughputRatioToBaseline?: number;
  throughputRatioToNative?: number;
  errors: number;
}

type Metric = "cpuMicrosPerRequest" | "workerMicrosPerRequest" | "requestsPerSecond" | "p50Micros" | "p99Micros" | "jitMicrosPerRequest" | "kernelMicrosPerRequest";

const sampled = (result: VariantResult) => result.samples.length > 0 && result.samples.every((s) => s.jitMicrosPerRequest !== undefined);

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
    const values = (metric: Metric) => result.samples.map((s) => s[metric]!);
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
    if (sampled(result)) {
      summary.jitMicrosPerRequest = spread(values("jitMicrosPerRequest"));
      summary.kernelMicrosPerRequest = spread(values("kernelMicrosPerRequest"));
    }
    const baseline = byName.get(result.baseline);
    if (baseline && baseline !== result && baseline.samples.length > 0) {
      const paired = (metric: Metric) => pairedDifferences(byRound(result, metric, rounds), byRound(baseline, metric, rounds));
      const cpu = paired("cpuMicrosPerRequest");
      const worker = paired("workerMicrosPerRequest");
      summary.addedCpuMicros = { mean: tInterval(cpu), median: bootstrapMedianInterval(cpu) };
      summary.addedWorkerMicros = { mean: tInterval(worker), median: bootstrapMedianInterval(worker) };
      if (sampled(result) && sampled(baseline)) {
        const jit = paired("jitMicrosPerRequest");
        summary.addedJitMicros = { mean: tInterval(jit), median: bootstrapMedianInterval(jit) };
      }
      summary.cpuRatioToBaseline = median(ratios(byRound(result, "cpuMicrosPerRequest", rounds), byRound(baseline, "cpuMicrosPerRequest", rounds)));
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

export interface Comparison {
  what: string;
  variant: string;
  minus: string;
  /** CPU µs per request, paired within rounds. */
  cpu: { mean: Interval; median: Interval };
  worker: { mean: Interval; median: Interval };
  /** Time inside the VM (perf samples), when both were sampled. */
  jit?: { mean: Interval; median: Interval };
  rounds: number;
}

/** The differences the README's "what each host call costs" table is made of. */
export const COMPARISONS: [string, string, string][] = [
  ["the SDK's own cost (SDK do-nothing minus the hand-written module)", "sdk-nothing", "wasm-floor"],
  ["callbacks exported but unused (every HTTP callback minus only the two header callbacks)", "wasm-floor", "wasm-floor-lean"],
  ["read one request header (proxy_get_header_map_value)", "sdk-read-request-header", "sdk-nothing"],
  ["add one response header (proxy_add_header_map_value)", "sdk-add-response-header", "sdk-nothing"],
  ["replace one response header (proxy_replace_header_map_value)", "sdk-replace-response-header", "sdk-nothing"],
  ["remove an absent request header (proxy_remove_header_map_value: route re-selected)", "sdk-remove-absent-request-header", "sdk-nothing"],
  ["removing an absent request header over reading one", "sdk-remove-absent-request-header", "sdk-read-request-header"],
  ["SDK adding a header minus Lua adding it", "sdk-add-response-header", "lua-add-response-header"],
  ["auth API key over the SDK's do-nothing filter", "auth-api-key", "sdk-nothing"],
  ["auth Basic over the SDK's do-nothing filter", "auth-basic", "sdk-nothing"],
  ["auth JWT RS256 cached minus native jwt_authn cached", "auth-jwt-rs256-cache", "native-jwt-authn-rs256-cache"],
  ["auth JWT RS256 uncached minus native uncached", "auth-jwt-rs256-nocache", "native-jwt-authn-rs256-nocache"],
  ["auth JWT ES256 cached minus native cached", "auth-jwt-es256-cache", "native-jwt-authn-es256-cache"],
  ["auth JWT ES256 uncached minus native uncached", "auth-jwt-es256-nocache", "native-jwt-authn-es256-nocache"],
  ["ratelimit minus native local_ratelimit", "ratelimit", "native-local-ratelimit"],
  ["Higress Go ip-acl minus native rbac", "higress-go-ip-acl", "native-rbac-ip-acl"],
  ["route-meta minus a native route header match", "route-meta", "native-route-header-match"],
];

export function compare(results: VariantResult[], rounds: number): Comparison[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const out: Comparison[] = [];
  for (const [what, a, b] of COMPARISONS) {
    const ra = byName.get(a);
    const rb = byName.get(b);
    if (!ra || !rb || ra.samples.length === 0 || rb.samples.length === 0) continue;
    const cpu = pairedDifferences(byRound(ra, "cpuMicrosPerRequest", rounds), byRound(rb, "cpuMicrosPerRequest", rounds));
    const worker = pairedDifferences(byRound(ra, "workerMicrosPerRequest", rounds), byRound(rb, "workerMicrosPerRequest", rounds));
    const jit = sampled(ra) && sampled(rb) ? pairedDifferences(byRound(ra, "jitMicrosPerRequest", rounds), byRound(rb, "jitMicrosPerRequest", rounds)) : undefined;
    out.push({
      what, variant: a, minus: b, rounds: cpu.length,
      cpu: { mean: tInterval(cpu), median: bootstrapMedianInterval(cpu) },
      worker: { mean: tInterval(worker), median: bootstrapMedianInterval(worker) },
      jit: jit && { mean: tInterval(jit), median: bootstrapMedianInterval(jit) },
    });
  }
  return out;
}
