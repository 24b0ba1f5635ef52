// A token bucket in exact integer arithmetic, refilled from elapsed time (never from timer ticks).
//
// The level is kept in fill units, one token being `periodNs` units: a rate of `requests` tokens per `periodNs`
// nanoseconds then refills exactly `requests` units per nanosecond, so no refill ever rounds and many small refills add
// up to exactly one large one. Bounds keep every product inside a u64: `burst * periodNs` is at most
// 1e6 * 3.6e12 < 2^63, and a refill never adds more than the deficit below full.

export const NANOS_PER_SECOND: u64 = 1_000_000_000;
export const MAX_REQUESTS: u64 = 1_000_000;
export const MAX_BURST: u64 = 1_000_000;
export const MAX_PERIOD_NS: u64 = 3600 * NANOS_PER_SECOND;

/** `requests` tokens every `periodNs`, at most `burst` saved up. */
export class Rate {
  constructor(readonly requests: u64, readonly periodNs: u64, readonly burst: u64) {}

  /** Within the bounds above (the caller validates configuration against them). */
  isValid(): bool {
    return this.requests >= 1 && this.requests <= MAX_REQUESTS && this.burst >= 1 && this.burst <= MAX_BURST &&
      this.periodNs >= 1 && this.periodNs <= MAX_PERIOD_NS;
  }

  /** The level of a full bucket, in fill units. */
  get full(): u64 {
    return this.burst * this.periodNs;
  }
}

/** What one take decided, with what the rate-limit response headers report. */
export class Take {
  constructor(
    public allowed: bool,
    /** Whole tokens left after this take. */
    public remaining: u64,
    /** Nanoseconds until the bucket is full again. */
    public resetNs: u64,
    /** Nanoseconds until the next token, when the take was refused; 0 when allowed. */
    public retryAfterNs: u64,
  ) {}
}

export class TokenBucket {
  constructor(
    /** In fill units: `level / rate.periodNs` whole tokens. */
    public level: u64,
    /** The clock reading the level was last brought up to date at. */
    public updatedNs: u64,
  ) {}

  static full(rate: Rate, nowNs: u64): TokenBucket {
    return new TokenBucket(rate.full, nowNs);
  }

  /** Adds what the time since the last update earned, up to full. A clock reading older than the last update (another
   *  thread's clock a little behind) earns nothing and leaves the update time where it is. */
  refill(rate: Rate, nowNs: u64): void {
    if (nowNs <= this.updatedNs) return;
    // isFullAt asks elapsed * requests >= deficit without forming a product that could overflow; otherwise the
    // product is below the deficit and fits.
    if (this.isFullAt(rate, nowNs)) this.level = rate.full;
    else this.level += (nowNs - this.updatedNs) * rate.requests;
    this.updatedNs = nowNs;
  }

  /** Whether a refill at `nowNs` would leave the bucket full (then it remembers nothing a fresh bucket would not). */
  isFullAt(rate: Rate, nowNs: u64): bool {
    const full = rate.full;
    if (this.level >= full) return true;
    return nowNs > this.updatedNs && nowNs - this.updatedNs >= ceilDiv(full - this.level, rate.requests);
  }

  /** Refills, then takes one token if there is one. */
  take(rate: Rate, nowNs: u64): Take {
    this.refill(rate, nowNs);
    const token = rate.periodNs;
    const allowed = this.level >= token;
    if (allowed) this.level -= token;
    const retryAfterNs = allowed ? 0 : ceilDiv(token - this.level, rate.requests);
    return new Take(allowed, this.level / token, ceilDiv(rate.full - this.level, rate.requests), retryAfterNs);
  }
}

/** Nanoseconds as whole seconds, rounded up (a client told to wait 0.2 s must wait 1 s, not 0). */
export function ceilSeconds(ns: u64): u64 {
  return ceilDiv(ns, NANOS_PER_SECOND);
}

function ceilDiv(a: u64, b: u64): u64 {
  return a / b + (a % b != 0 ? 1 : 0);
}
