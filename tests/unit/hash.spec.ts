import { hashBytes64, mix64, stableHash64, toHex64 } from "../../common/hash";

describe("stableHash64", () => {
  it("is FNV-1a 64 of the UTF-8 bytes, then the splitmix64 finalizer (values fixed forever: stickiness relies on them)", () => {
    // FNV-1a 64 of "" is the offset basis and of "a" is 0xaf63dc4c8601ec8c (published FNV test vectors).
    expect(stableHash64("")).toBe(mix64(0xcbf29ce484222325));
    expect(stableHash64("a")).toBe(mix64(0xaf63dc4c8601ec8c));
    expect(stableHash64("foobar")).toBe(mix64(0x85944171f73967e8));
  });

  it("hashes the UTF-8 encoding, so text and its bytes agree", () => {
    expect(stableHash64("grüße, 世界")).toBe(hashBytes64(String.UTF8.encode("grüße, 世界")));
  });

  it("spreads neighbouring keys evenly over 100 buckets", () => {
    const buckets = new Array<i32>(100).fill(0);
    for (let i = 0; i < 100000; i++) buckets[<i32>(stableHash64("user-" + i.toString()) % 100)]++;
    for (let b = 0; b < 100; b++) {
      expect(buckets[b]).toBeGreaterThan(850);
      expect(buckets[b]).toBeLessThan(1150);
    }
  });
});

describe("mix64", () => {
  it("matches splitmix64's finalizer on known values", () => {
    expect(mix64(0)).toBe(0);
    // splitmix64 with seed 0 yields mix64(0x9e3779b97f4a7c15) as its first output.
    expect(mix64(0x9e3779b97f4a7c15)).toBe(0xe220a8397b1dcdaf);
  });
});

describe("toHex64", () => {
  it("renders sixteen lowercase digits with leading zeros", () => {
    expect(toHex64(0)).toBe("0000000000000000");
    expect(toHex64(0xabc)).toBe("0000000000000abc");
    expect(toHex64(0xffffffffffffffff)).toBe("ffffffffffffffff");
  });
});
