// How long a delay fault holds a request or a response: a fixed time, a uniform range, or a distribution given by
// its percentiles (the delay is drawn so that the clients see those percentiles).
export class PercentilePoint {
  constructor(public percentile: f64, public ms: u32) {}
}

export class DelaySpec {
  /** Fixed, or the low end of a range. */
  minMs: u32 = 0;
  /** The high end of a range (minMs for a fixed delay). */
  maxMs: u32 = 0;
  /** Ascending percentiles; when given, they decide instead of the range. */
  percentiles: PercentilePoint[] = [];

  static fixed(ms: u32): DelaySpec {
    const spec = new DelaySpec();
    spec.minMs = ms;
    spec.maxMs = ms;
    return spec;
  }

  /**
   * One delay for a draw in [0, 1). With percentiles, the inverse of the distribution through the points, linear
   * between them: below the first point the first point's delay, above the last the last's.
   */
  sampleMs(draw: f64): u32 {
    const points = this.percentiles;
    if (points.length == 0) return this.minMs + <u32>Math.floor(draw * <f64>(this.maxMs - this.minMs + 1));
    const p = draw * 100;
    if (p <= points[0].percentile) return points[0].ms;
    for (let i = 1; i < points.length; i++) {
      const high = points[i];
      if (p > high.percentile) continue;
      const low = points[i - 1];
      const along = (p - low.percentile) / (high.percentile - low.percentile);
      return <u32>Math.round(<f64>low.ms + along * (<f64>high.ms - <f64>low.ms));
    }
    return points[points.length - 1].ms;
  }
}
