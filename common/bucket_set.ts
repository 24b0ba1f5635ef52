// The value stored under one shared-data key: up to WAYS token buckets, each tagged with the descriptor value it
// counts for, so two values that hash to the same key are told apart and never share a bucket.
//
// Layout (little-endian): u8 count, then count x (u64 level, u64 updatedNs, u16 value length, value bytes).
// A request whose value already has a bucket updates it in the bytes read (bucketOffset, readBucket, writeBucket);
// only a new value decodes the set and encodes it again.
import { Rate, TokenBucket } from "./token_bucket";

export const WAYS: i32 = 4;
const ENTRY_HEAD = 18;

/**
 * Where the bucket of `value` (UTF-8) starts in an encoded set, or -1 when the set has no such value or is not one
 * this filter wrote in full (then it is read as empty, like decode does).
 */
export function bucketOffset(data: ArrayBuffer, value: ArrayBuffer): i32 {
  const size = data.byteLength;
  if (size < 1) return -1;
  const base = changetype<usize>(data);
  const count = <i32>load<u8>(base);
  let at = 1;
  let found = -1;
  for (let i = 0; i < count && i < WAYS; i++) {
    if (at + ENTRY_HEAD > size) return -1;
    const length = <i32>load<u16>(base + <usize>at + 16);
    if (at + ENTRY_HEAD + length > size) return -1;
    if (found < 0 && length == value.byteLength && memory.compare(base + <usize>(at + ENTRY_HEAD), changetype<usize>(value), <usize>length) == 0) found = at;
    at += ENTRY_HEAD + length;
  }
  return found;
}

/** The bucket at `offset` (from bucketOffset). */
export function readBucket(data: ArrayBuffer, offset: i32): TokenBucket {
  const at = changetype<usize>(data) + <usize>offset;
  return new TokenBucket(load<u64>(at), load<u64>(at + 8));
}

/** Stores `bucket` back at `offset`: the set keeps its size, so the bytes read can be written back as they are. */
export function writeBucket(data: ArrayBuffer, offset: i32, bucket: TokenBucket): void {
  const at = changetype<usize>(data) + <usize>offset;
  store<u64>(at, bucket.level);
  store<u64>(at + 8, bucket.updatedNs);
}

export class Slot {
  constructor(public value: string, public bucket: TokenBucket) {}
}

export class BucketSet {
  slots: Slot[] = [];

  /** A value this filter did not write (or a truncated one) reads as an empty set, never as a trap. */
  static decode(data: ArrayBuffer): BucketSet {
    const set = new BucketSet();
    const size = data.byteLength;
    if (size < 1) return set;
    const base = changetype<usize>(data);
    const count = <i32>load<u8>(base);
    let at = 1;
    for (let i = 0; i < count && i < WAYS; i++) {
      if (at + ENTRY_HEAD > size) return new BucketSet();
      const level = load<u64>(base + <usize>at);
      const updated = load<u64>(base + <usize>at + 8);
      const length = <i32>load<u16>(base + <usize>at + 16);
      at += ENTRY_HEAD;
      if (at + length > size) return new BucketSet();
      set.slots.push(new Slot(String.UTF8.decodeUnsafe(base + <usize>at, <usize>length), new TokenBucket(level, updated)));
      at += length;
    }
    return set;
  }

  encode(): ArrayBuffer {
    const values = new Array<ArrayBuffer>(this.slots.length);
    let size = 1;
    for (let i = 0; i < this.slots.length; i++) {
      values[i] = String.UTF8.encode(this.slots[i].value);
      size += ENTRY_HEAD + values[i].byteLength;
    }
    const out = new ArrayBuffer(size);
    const base = changetype<usize>(out);
    store<u8>(base, <u8>this.slots.length);
    let at: usize = 1;
    for (let i = 0; i < this.slots.length; i++) {
      const bucket = this.slots[i].bucket;
      store<u64>(base + at, bucket.level);
      store<u64>(base + at + 8, bucket.updatedNs);
      store<u16>(base + at + 16, <u16>values[i].byteLength);
      memory.copy(base + at + <usize>ENTRY_HEAD, changetype<usize>(values[i]), <usize>values[i].byteLength);
      at += <usize>(ENTRY_HEAD + values[i].byteLength);
    }
    return out;
  }

  /**
   * Gives `value` a slot with a full bucket and returns its index: a free way, else the way of a value whose bucket is
   * full again (it remembers nothing a fresh bucket would not, so reusing it changes no decision). -1 when every way
   * holds a bucket still refilling.
   */
  claim(value: string, rate: Rate, nowNs: u64): i32 {
    if (this.slots.length < WAYS) {
      this.slots.push(new Slot(value, TokenBucket.full(rate, nowNs)));
      return this.slots.length - 1;
    }
    for (let i = 0; i < this.slots.length; i++) {
      if (this.slots[i].bucket.isFullAt(rate, nowNs)) {
        this.slots[i] = new Slot(value, TokenBucket.full(rate, nowNs));
        return i;
      }
    }
    return -1;
  }
}
