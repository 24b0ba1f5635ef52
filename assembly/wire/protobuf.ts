// Protocol Buffers wire format, just enough for the gRPC services filters call (rate limit, external auth).
//
// Messages are written field by field in the order the caller chooses, and read as a stream of (field, wire type,
// value). Replies come from the network, so the reader treats every length and varint as untrusted: bad input sets
// `error` and ends the stream; it never reads outside the buffer or aborts.

const WIRE_VARINT: u32 = 0;
const WIRE_FIXED64: u32 = 1;
const WIRE_LEN: u32 = 2;
const WIRE_FIXED32: u32 = 5;

export class ProtoWriter {
  private buf: Uint8Array = new Uint8Array(64);
  private len: i32 = 0;

  varint(field: u32, v: u64): ProtoWriter {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(v);
    return this;
  }

  bool(field: u32, v: bool): ProtoWriter {
    return this.varint(field, <u64>v);
  }

  fixed32(field: u32, v: u32): ProtoWriter {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    store<u32>(this.buf.dataStart + <usize>this.len, v);
    this.len += 4;
    return this;
  }

  fixed64(field: u32, v: u64): ProtoWriter {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    store<u64>(this.buf.dataStart + <usize>this.len, v);
    this.len += 8;
    return this;
  }

  string(field: u32, s: string): ProtoWriter {
    return this.bytes(field, String.UTF8.encode(s));
  }

  bytes(field: u32, b: ArrayBuffer): ProtoWriter {
    this.lengthDelimited(field, changetype<usize>(b), b.byteLength);
    return this;
  }

  /** Embeds `m` as a sub-message; `m` can still be reused or extended afterwards. */
  message(field: u32, m: ProtoWriter): ProtoWriter {
    this.lengthDelimited(field, m.buf.dataStart, m.len);
    return this;
  }

  finish(): ArrayBuffer {
    return this.buf.buffer.slice(0, this.len);
  }

  private tag(field: u32, wireType: u32): void {
    this.rawVarint((<u64>field << 3) | <u64>wireType);
  }

  private lengthDelimited(field: u32, src: usize, n: i32): void {
    this.tag(field, WIRE_LEN);
    this.rawVarint(<u64>n);
    this.reserve(n);
    memory.copy(this.buf.dataStart + <usize>this.len, src, <usize>n);
    this.len += n;
  }

  private rawVarint(v: u64): void {
    this.reserve(10);
    let at = this.buf.dataStart + <usize>this.len;
    while (v >= 0x80) {
      store<u8>(at++, <u8>(v & 0x7f) | 0x80);
      v >>= 7;
    }
    store<u8>(at++, <u8>v);
    this.len = <i32>(at - this.buf.dataStart);
  }

  private reserve(n: i32): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length << 1;
    while (cap < need) cap <<= 1;
    const grown = new Uint8Array(cap);
    memory.copy(grown.dataStart, this.buf.dataStart, <usize>this.len);
    this.buf = grown;
  }
}

/**
 * Iterates the fields of one message: `while (r.next()) { if (r.field == 1) name = r.string(); }`.
 * A field whose value is not read is skipped by the following next(), so unknown fields need no handling.
 */
export class ProtoReader {
  field: u32 = 0;
  wireType: u32 = 0;
  error: bool = false;
  private base: usize;
  private end: i32;
  private pos: i32 = 0;
  private pending: bool = false;

  // `buf` is kept as a field so the collector sees it alive while `base` points into it.
  constructor(private buf: ArrayBuffer) {
    this.base = changetype<usize>(buf);
    this.end = buf.byteLength;
  }

  next(): bool {
    if (this.pending) this.skip();
    if (this.error || this.pos >= this.end) return false;
    const tag = this.rawVarint();
    if (this.error) return false;
    const field = <u32>(tag >> 3);
    const wireType = <u32>(tag & 7);
    // Groups (wire types 3 and 4) are deprecated and unused by the services we call; field 0 is never valid.
    const known = wireType == WIRE_VARINT || wireType == WIRE_FIXED64 || wireType == WIRE_LEN || wireType == WIRE_FIXED32;
    if (tag > 0xffffffff || field == 0 || !known) {
      this.error = true;
      return false;
    }
    this.field = field;
    this.wireType = wireType;
    this.pending = true;
    return true;
  }

  varint(): u64 {
    if (!this.take(WIRE_VARINT)) return 0;
    return this.rawVarint();
  }

  fixed32(): u32 {
    if (!this.take(WIRE_FIXED32) || !this.has(4)) return 0;
    const v = load<u32>(this.base + <usize>this.pos);
    this.pos += 4;
    return v;
  }

  fixed64(): u64 {
    if (!this.take(WIRE_FIXED64) || !this.has(8)) return 0;
    const v = load<u64>(this.base + <usize>this.pos);
    this.pos += 8;
    return v;
  }

  string(): string {
    const n = this.lengthPrefix();
    if (n < 0) return "";
    const s = String.UTF8.decodeUnsafe(this.base + <usize>this.pos, <usize>n);
    this.pos += n;
    return s;
  }

  bytes(): ArrayBuffer {
    const n = this.lengthPrefix();
    if (n < 0) return new ArrayBuffer(0);
    const b = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Steps over the current field's value, whatever its wire type. */
  skip(): void {
    if (!this.pending) return;
    this.pending = false;
    if (this.wireType == WIRE_VARINT) {
      this.rawVarint();
    } else if (this.wireType == WIRE_FIXED64) {
      if (this.has(8)) this.pos += 8;
    } else if (this.wireType == WIRE_FIXED32) {
      if (this.has(4)) this.pos += 4;
    } else {
      const n = this.rawLength();
      if (n >= 0 && this.has(n)) this.pos += n;
    }
  }

  // Consumes the pending value if it has the expected wire type; a mismatch is malformed input for this schema.
  private take(wireType: u32): bool {
    if (!this.pending || this.error || this.wireType != wireType) {
      this.error = true;
      return false;
    }
    this.pending = false;
    return true;
  }

  private lengthPrefix(): i32 {
    if (!this.take(WIRE_LEN)) return -1;
    const n = this.rawLength();
    return n >= 0 && this.has(n) ? n : -1;
  }

  private rawLength(): i32 {
    const n = this.rawVarint();
    if (this.error) return -1;
    if (n > <u64>i32.MAX_VALUE) {
      this.error = true;
      return -1;
    }
    return <i32>n;
  }

  private has(n: i32): bool {
    if (this.end - this.pos >= n) return true;
    this.error = true;
    return false;
  }

  // At most 10 bytes; the 10th may only carry the top bit of a u64.
  private rawVarint(): u64 {
    let v: u64 = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) break;
      const b = <u64>load<u8>(this.base + <usize>this.pos);
      this.pos++;
      if (i == 9 && b > 1) break;
      v |= (b & 0x7f) << (<u64>i * 7);
      if (b < 0x80) return v;
    }
    this.error = true;
    return 0;
  }
}
