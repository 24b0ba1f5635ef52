// The statistics of the benchmark: medians and spread of each variant over rounds, and confidence intervals for a
// variant's cost over its baseline from the differences paired within each round (both ran in the same minute, so
// what the shared machine was doing then cancels out).

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Interquartile range. */
  iqr: number;
  n: number;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  level: number;
}

/** Linear-interpolated quantile of unsorted values (q in [0, 1]); NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    iqr: quantile(values, 0.75) - quantile(values, 0.25),
    n: values.length,
  };
}

/** variant[i] - baseline[i] for each round both have a value in (rounds where either failed are skipped). */
export function pairedDifferences(variant: readonly (number | undefined)[], baseline: readonly (number | undefined)[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(variant.length, baseline.length); i++) {
    const v = variant[i];
    const b = baseline[i];
    if (v !== undefined && b !== undefined && Number.isFinite(v) && Number.isFinite(b)) out.push(v - b);
  }
  return out;
}

// Two-sided Student t critical values for 95 % (df 1..30); beyond 30 the normal value is close enough.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tCritical95(df: number): number {
  if (df < 1) return NaN;
  return df <= T95.length ? T95[df - 1] : 1.96;
}

/** 95 % t-interval for the mean of paired differences; needs at least two. */
export function tInterval(differences: readonly number[]): Interval {
  const n = differences.length;
  const m = mean(differences);
  if (n < 2) return { estimate: n === 1 ? m : NaN, low: NaN, high: NaN, level: 0.95 };
  const variance = differences.reduce((sum, d) => sum + (d - m) ** 2, 0) / (n - 1);
  const half = tCritical95(n - 1) * Math.sqrt(variance / n);
  return { estimate: m, low: m - half, high: m + half, level: 0.95 };
}

/** A small seeded generator, so a bootstrap interval is the same every time for the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95 % percentile-bootstrap interval for the median of paired differences (robust to one disturbed round). */
export function bootstrapMedianInterval(differences: readonly number[], resamples = 2000, seed = 1): Interval {
  const n = differences.length;
  if (n < 2) return { estimate: n === 1 ? differences[0] : NaN, low: NaN, high: NaN, level: 0.95 };
  const random = seededRandom(seed);
  const medians: number[] = [];
  const sample = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = differences[Math.floor(random() * n)];
    medians.push(median(sample));
  }
  return { estimate: median(differences), low: quantile(medians, 0.025), high: quantile(medians, 0.975), level: 0.95 };
}
