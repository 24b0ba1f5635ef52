import { BucketSet, Slot, bucketOffset, readBucket, writeBucket } from "../../common/bucket_set";
import { TokenBucket } from "../../common/token_bucket";

function twoValues(): ArrayBuffer {
  const set = new BucketSet();
  set.slots.push(new Slot("alice", new TokenBucket(7, 100)));
  set.slots.push(new Slot("bob", new TokenBucket(9, 200)));
  return set.encode();
}

describe("BucketSet in place", () => {
  it("finds each value's bucket and reads it as decode does", () => {
    const data = twoValues();
    const alice = bucketOffset(data, String.UTF8.encode("alice"));
    const bob = bucketOffset(data, String.UTF8.encode("bob"));
    expect(alice).toBe(1);
    expect(bob).toBe(1 + 18 + 5);
    expect(readBucket(data, bob).level).toBe(9);
    expect(readBucket(data, bob).updatedNs).toBe(200);
  });

  it("answers -1 for a value it does not hold, and for an empty set", () => {
    expect(bucketOffset(twoValues(), String.UTF8.encode("carol"))).toBe(-1);
    expect(bucketOffset(twoValues(), String.UTF8.encode("ali"))).toBe(-1);
    expect(bucketOffset(new ArrayBuffer(0), String.UTF8.encode(""))).toBe(-1);
  });

  it("writes a bucket back without changing the set's size or the other values", () => {
    const data = twoValues();
    const size = data.byteLength;
    const offset = bucketOffset(data, String.UTF8.encode("alice"));
    writeBucket(data, offset, new TokenBucket(3, 300));
    expect(data.byteLength).toBe(size);
    const decoded = BucketSet.decode(data);
    expect(decoded.slots.length).toBe(2);
    expect(decoded.slots[0].bucket.level).toBe(3);
    expect(decoded.slots[0].bucket.updatedNs).toBe(300);
    expect(decoded.slots[1].value).toBe("bob");
    expect(decoded.slots[1].bucket.level).toBe(9);
  });

  it("treats a truncated set as empty even when the value is in its first, whole entry (as decode does)", () => {
    const whole = twoValues();
    const truncated = whole.slice(0, whole.byteLength - 1);
    expect(BucketSet.decode(truncated).slots.length).toBe(0);
    expect(bucketOffset(truncated, String.UTF8.encode("alice"))).toBe(-1);
  });
});
