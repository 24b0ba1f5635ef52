import { MAX_BURST, MAX_PERIOD_NS, MAX_REQUESTS, NANOS_PER_SECOND, Rate, TokenBucket, ceilSeconds } from "../../common/token_bucket";

const S: u64 = NANOS_PER_SECOND;
const T0: u64 = 1_700_000_000 * S;

function admitted(rate: Rate, bucket: TokenBucket, nowNs: u64, attempts: i32): i32 {
  let n = 0;
  for (let i = 0; i < attempts; i++) if (bucket.take(rate, nowNs).allowed) n++;
  return n;
}

describe("TokenBucket", () => {
  it("admits exactly the burst at once, then refuses", () => {
    const rate = new Rate(10, 3600 * S, 10);
    const bucket = TokenBucket.full(rate, T0);
    expect(admitted(rate, bucket, T0, 25)).toBe(10);
  });

  it("refills from elapsed time: 1 per second gives exactly 2 tokens after 2.2 s", () => {
    const rate = new Rate(1, S, 3);
    const bucket = TokenBucket.full(rate, T0);
    expect(admitted(rate, bucket, T0, 5)).toBe(3);
    expect(admitted(rate, bucket, T0 + 2_200_000_000, 5)).toBe(2);
    // The 0.2 s left over is kept: 0.8 s more makes the next token.
    expect(admitted(rate, bucket, T0 + 2_999_999_999, 1)).toBe(0);
    expect(admitted(rate, bucket, T0 + 3 * S, 1)).toBe(1);
  });

  it("loses nothing to rounding: a million 1 ns steps earn what one step of 1 ms earns", () => {
    // 7 per 3 s is 7/3e9 tokens per ns, never a whole number of anything.
    const rate = new Rate(7, 3 * S, 1000);
    const stepped = new TokenBucket(0, T0);
    const once = new TokenBucket(0, T0);
    for (let i: u64 = 1; i <= 1_000_000; i++) stepped.refill(rate, T0 + i);
    once.refill(rate, T0 + 1_000_000);
    expect(stepped.level).toBe(once.level);
    expect(stepped.level).toBe(7_000_000);
  });

  it("never grows past full, however long it sat idle", () => {
    const rate = new Rate(5, 60 * S, 8);
    const bucket = new TokenBucket(0, T0);
    bucket.refill(rate, T0 + 365 * 24 * 3600 * S);
    expect(bucket.level).toBe(rate.full);
    expect(admitted(rate, bucket, T0 + 365 * 24 * 3600 * S, 20)).toBe(8);
  });

  it("earns nothing from a clock reading older than its last update, and keeps that update time", () => {
    const rate = new Rate(1, S, 2);
    const bucket = TokenBucket.full(rate, T0 + 5 * S);
    expect(admitted(rate, bucket, T0 + 5 * S, 3)).toBe(2);
    expect(bucket.take(rate, T0).allowed).toBe(false);
    expect(bucket.updatedNs).toBe(T0 + 5 * S);
    expect(bucket.take(rate, T0 + 6 * S).allowed).toBe(true);
  });

  it("reports remaining, time to full and time to the next token", () => {
    const rate = new Rate(10, 60 * S, 5); // a token every 6 s
    const bucket = TokenBucket.full(rate, T0);
    const first = bucket.take(rate, T0);
    expect(first.allowed).toBe(true);
    expect(first.remaining).toBe(4);
    expect(first.resetNs).toBe(6 * S);
    expect(first.retryAfterNs).toBe(0);
    admitted(rate, bucket, T0, 4);
    const refused = bucket.take(rate, T0 + S);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    expect(refused.retryAfterNs).toBe(5 * S);
    expect(refused.resetNs).toBe(29 * S);
  });

  it("is full again exactly when the deficit has been earned", () => {
    const rate = new Rate(3, S, 3);
    const bucket = TokenBucket.full(rate, T0);
    bucket.take(rate, T0);
    // One token at 3 per second takes 333,333,333.3 ns: full at the 333,333,334th nanosecond.
    expect(bucket.isFullAt(rate, T0 + 333_333_333)).toBe(false);
    expect(bucket.isFullAt(rate, T0 + 333_333_334)).toBe(true);
    expect(bucket.isFullAt(rate, T0 - S)).toBe(false);
  });

  it("stays exact at the largest configurable rate and period", () => {
    const rate = new Rate(MAX_REQUESTS, MAX_PERIOD_NS, MAX_BURST);
    expect(rate.isValid()).toBe(true);
    const bucket = TokenBucket.full(rate, T0);
    expect(bucket.take(rate, T0).remaining).toBe(MAX_BURST - 1);
    const empty = new TokenBucket(0, T0);
    const take = empty.take(rate, T0 + 3600 * S);
    expect(take.allowed).toBe(true);
    expect(take.remaining).toBe(MAX_BURST - 1);
  });
});

describe("Rate", () => {
  it("rejects values outside the bounds that keep the arithmetic in a u64", () => {
    expect(new Rate(0, S, 1).isValid()).toBe(false);
    expect(new Rate(1, S, 0).isValid()).toBe(false);
    expect(new Rate(MAX_REQUESTS + 1, S, 1).isValid()).toBe(false);
    expect(new Rate(1, S, MAX_BURST + 1).isValid()).toBe(false);
    expect(new Rate(1, MAX_PERIOD_NS + 1, 1).isValid()).toBe(false);
  });
});

describe("ceilSeconds", () => {
  it("rounds up to whole seconds", () => {
    expect(ceilSeconds(0)).toBe(0);
    expect(ceilSeconds(1)).toBe(1);
    expect(ceilSeconds(S)).toBe(1);
    expect(ceilSeconds(S + 1)).toBe(2);
  });
});
