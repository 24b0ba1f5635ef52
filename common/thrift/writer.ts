// The bytes of a frame being written: big-endian integers, varints and copies, growing by doubling.

export class ByteWriter {
  private bytes: Uint8Array;
  length: i32 = 0;

  constructor(capacity: i32) {
    this.bytes = new Uint8Array(max(capacity, 16));
  }

  private reserve(count: i32): void {
    const needed = this.length + count;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(max(needed, this.bytes.length << 1));
    grown.set(this.bytes.subarray(0, this.length), 0);
    this.bytes = grown;
  }

  u8(value: i32): void {
    this.reserve(1);
    unchecked((this.bytes[this.length++] = <u8>value));
  }

  /** Big-endian. */
  u16(value: i32): void {
    this.u8(value >>> 8);
    this.u8(value);
  }

  /** Big-endian. */
  i32(value: i32): void {
    this.reserve(4);
    this.setI32(this.length, value);
    this.length += 4;
  }

  /** Overwrites the 4 bytes at `at`, already written (a length known only at the end). */
  setI32(at: i32, value: i32): void {
    const b = this.bytes;
    b[at] = <u8>(value >>> 24);
    b[at + 1] = <u8>(value >>> 16);
    b[at + 2] = <u8>(value >>> 8);
    b[at + 3] = <u8>value;
  }

  /** Unsigned LEB128. */
  varint32(value: u32): void {
    let rest = value;
    while (rest >= 0x80) {
      this.u8(<i32>((rest & 0x7f) | 0x80));
      rest >>>= 7;
    }
    this.u8(<i32>rest);
  }

  /** Copies from[start, end). */
  copy(from: Uint8Array, start: i32, end: i32): void {
    if (end <= start) return;
    this.reserve(end - start);
    this.bytes.set(from.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** The bytes written. */
  finish(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
