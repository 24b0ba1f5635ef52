// A bounds-checked cursor over bytes[at, end): every read first checks the bytes are there. Running out sets `short`
// (more bytes may complete the read); a malformed value sets `problem`. Either way the read returns false or a
// neutral value, never traps, and the caller decides whether short means "wait" or "truncated".
import { ThriftProblem } from "./problem";

export class ByteReader {
  bytes: Uint8Array = new Uint8Array(0);
  at: i32 = 0;
  end: i32 = 0;
  /** The largest name, string or container count accepted. */
  maxLength: i32 = 0;
  short: bool = false;
  problem: ThriftProblem = ThriftProblem.None;

  /** Reads bytes[at, end), clamped to the array. */
  reset(bytes: Uint8Array, at: i32, end: i32, maxLength: i32): ByteReader {
    this.bytes = bytes;
    this.end = max(0, min(end, bytes.length));
    this.at = max(0, min(at, this.end));
    this.maxLength = maxLength;
    this.short = false;
    this.problem = ThriftProblem.None;
    return this;
  }

  /** Neither short nor failed. */
  get ok(): bool {
    return !this.short && this.problem == ThriftProblem.None;
  }

  /** Records the first problem; always false, so a read can `return r.fail(...)`. */
  fail(problem: ThriftProblem): bool {
    if (this.problem == ThriftProblem.None) this.problem = problem;
    return false;
  }

  /** Whether `count` more bytes are there; sets `short` when not. */
  has(count: i32): bool {
    if (count <= this.end - this.at) return true;
    this.short = true;
    return false;
  }

  skip(count: i32): bool {
    if (count < 0) return this.fail(ThriftProblem.NegativeSize);
    if (!this.has(count)) return false;
    this.at += count;
    return true;
  }

  /** The next byte without taking it, or -1 at the end (not short: peeking decides nothing). */
  peek(): i32 {
    return this.at < this.end ? <i32>unchecked(this.bytes[this.at]) : -1;
  }

  u8(): i32 {
    if (!this.has(1)) return 0;
    return <i32>unchecked(this.bytes[this.at++]);
  }

  /** Big-endian. */
  u16(): i32 {
    if (!this.has(2)) return 0;
    const at = this.at;
    this.at = at + 2;
    return (<i32>unchecked(this.bytes[at]) << 8) | <i32>unchecked(this.bytes[at + 1]);
  }

  /** Big-endian. */
  i32(): i32 {
    if (!this.has(4)) return 0;
    const at = this.at;
    this.at = at + 4;
    const b = this.bytes;
    return (<i32>unchecked(b[at]) << 24) | (<i32>unchecked(b[at + 1]) << 16) | (<i32>unchecked(b[at + 2]) << 8) | <i32>unchecked(b[at + 3]);
  }

  /** An unsigned LEB128 varint of at most 5 bytes (as Envoy reads a 32-bit one); bits past 32 are dropped. */
  varint32(): u32 {
    let value: u32 = 0;
    for (let shift: u32 = 0; shift < 35; shift += 7) {
      if (!this.has(1)) return 0;
      const b = <u32>unchecked(this.bytes[this.at++]);
      value |= (b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
    this.fail(ThriftProblem.BadVarint);
    return 0;
  }

  /** Skips a varint of at most 10 bytes. */
  skipVarint64(): bool {
    for (let i = 0; i < 10; i++) {
      if (!this.has(1)) return false;
      if (unchecked(this.bytes[this.at++]) < 0x80) return true;
    }
    return this.fail(ThriftProblem.BadVarint);
  }

  /** A name, string or container size: negative or over `maxLength` is a problem. */
  length(value: i32): bool {
    if (value < 0) return this.fail(ThriftProblem.NegativeSize);
    if (value > this.maxLength) return this.fail(ThriftProblem.SizeTooLarge);
    return true;
  }
}
