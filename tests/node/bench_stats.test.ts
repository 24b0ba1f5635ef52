import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bootstrapMedianInterval, median, pairedDifferences, quantile, seededRandom, spread, tCritical95, tInterval,
} from "../../bench/stats.js";
import { parsePerfReport } from "../../bench/cpu_profile.js";

test("quantiles interpolate between sorted values", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(quantile([10, 20, 30, 40, 50], 0.25), 20);
  assert.equal(quantile([0, 10], 0.9), 9);
  assert.ok(Number.isNaN(median([])));
});

test("spread reports median, range and interquartile range", () => {
  assert.deepEqual(spread([3, 1, 2, 5, 4]), { median: 3, min: 1, max: 5, iqr: 2, n: 5 });
});

test("paired differences subtract within each round and skip rounds where either side failed", () => {
  assert.deepEqual(pairedDifferences([50, 52, undefined, 49], [47, 48, 46, undefined]), [3, 4]);
  assert.deepEqual(pairedDifferences([1, 2, 3], [1, 1]), [0, 1]);
});

test("pairing removes a drift that an unpaired comparison would mistake for noise", () => {
  const baseline = [40, 50, 60, 45, 55];
  const variant = baseline.map((b) => b + 2);
  const ci = tInterval(pairedDifferences(variant, baseline));
  assert.equal(ci.estimate, 2);
  assert.equal(ci.low, 2);
  assert.equal(ci.high, 2);
});

test("t-interval matches a hand computation", () => {
  // mean 2, sample sd 1.5811, n 5, t(4) = 2.776: half width 2.776 * 1.5811 / sqrt(5) = 1.9630
  const ci = tInterval([0, 1, 2, 3, 4]);
  assert.equal(ci.estimate, 2);
  assert.ok(Math.abs(ci.low - (2 - 1.963)) < 1e-3, `low ${ci.low}`);
  assert.ok(Math.abs(ci.high - (2 + 1.963)) < 1e-3, `high ${ci.high}`);
  assert.equal(tCritical95(4), 2.776);
  assert.equal(tCritical95(100), 1.96);
  assert.ok(Number.isNaN(tInterval([3]).low));
});

test("bootstrap interval of the median contains it, is reproducible, and resists one outlier", () => {
  const diffs = [1.8, 2.1, 2.0, 1.9, 2.2, 2.05, 40];
  const a = bootstrapMedianInterval(diffs, 2000, 7);
  const b = bootstrapMedianInterval(diffs, 2000, 7);
  assert.deepEqual(a, b);
  assert.equal(a.estimate, 2.05);
  assert.ok(a.low <= 2.05 && 2.05 <= a.high);
  assert.ok(a.high < 40, `one disturbed round must not drag the interval to it: ${a.high}`);
  assert.ok(tInterval(diffs).high > 10, "the mean's interval is what an outlier widens");
});

test("seeded generator is deterministic and in [0, 1)", () => {
  const r1 = seededRandom(42);
  const r2 = seededRandom(42);
  for (let i = 0; i < 100; i++) {
    const x = r1();
    assert.equal(x, r2());
    assert.ok(x >= 0 && x < 1);
  }
});

test("perf's report by shared object gives the shares inside the VM (every [JIT] thread) and in the kernel", () => {
  const report = [
    "# Samples: 23K of event 'cpu-clock'",
    "#",
    "    66.14%         15344  envoy            ",
    "    22.84%          5298  [kernel.kallsyms]",
    "     7.00%          1624  [JIT] tid 28333  ",
    "     0.72%           166  [JIT] tid 28320  ",
    "     2.82%           655  libc.so.6        ",
    "     0.47%           110  [vdso]           ",
    "",
  ].join("\n");
  const shares = parsePerfReport(report);
  assert.equal(shares.samples, 23197);
  assert.equal(shares.jit, 1790 / 23197);
  assert.equal(shares.kernel, 5298 / 23197);
  assert.throws(() => parsePerfReport("# no samples\n"), /no samples/);
});
