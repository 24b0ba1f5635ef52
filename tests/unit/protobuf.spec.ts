import { ProtoReader, ProtoWriter } from "../../assembly/wire/protobuf";
import { toHex } from "../../assembly/wire/hex";

function bytes(values: u8[]): ArrayBuffer {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out.buffer;
}

describe("ProtoWriter", () => {
  it("encodes a string field as in the protobuf encoding guide", () => {
    expect(toHex(new ProtoWriter().string(1, "hello").finish())).toBe("0a0568656c6c6f");
  });

  it("encodes varints", () => {
    expect(toHex(new ProtoWriter().varint(1, 300).finish())).toBe("08ac02");
    expect(toHex(new ProtoWriter().varint(1, 150).finish())).toBe("089601");
    expect(toHex(new ProtoWriter().varint(2, 0).finish())).toBe("1000");
    expect(toHex(new ProtoWriter().varint(1, u64.MAX_VALUE).finish())).toBe("08ffffffffffffffffff01");
    // A negative int32 is sign-extended to ten bytes on the wire.
    expect(toHex(new ProtoWriter().varint(1, <u64>(<i64>-1)).finish())).toBe("08ffffffffffffffffff01");
  });

  it("encodes large field numbers in the tag varint", () => {
    expect(toHex(new ProtoWriter().bool(16, true).finish())).toBe("800101");
    expect(toHex(new ProtoWriter().bool(536870911, false).finish())).toBe("f8ffffff0f00");
  });

  it("encodes fixed-width fields little-endian", () => {
    expect(toHex(new ProtoWriter().fixed32(1, 0x01020304).finish())).toBe("0d04030201");
    expect(toHex(new ProtoWriter().fixed64(2, 0x0102030405060708).finish())).toBe("110807060504030201");
  });

  it("encodes bytes and nested messages", () => {
    const inner = new ProtoWriter().varint(1, 150);
    expect(toHex(new ProtoWriter().message(3, inner).finish())).toBe("1a03089601");
    expect(toHex(new ProtoWriter().bytes(4, bytes([0xde, 0xad])).bytes(4, new ArrayBuffer(0)).finish())).toBe("2202dead2200");
    expect(toHex(new ProtoWriter().message(1, new ProtoWriter()).finish())).toBe("0a00");
  });

  it("grows past its initial capacity", () => {
    const long = "x".repeat(1000);
    const buf = new ProtoWriter().varint(1, 1).string(2, long).varint(3, 3).finish();
    expect(buf.byteLength).toBe(2 + 3 + 1000 + 2);
    const r = new ProtoReader(buf);
    expect(r.next()).toBe(true);
    expect(r.varint()).toBe(1);
    expect(r.next()).toBe(true);
    expect(r.string()).toBe(long);
    expect(r.next()).toBe(true);
    expect(r.varint()).toBe(3);
    expect(r.next()).toBe(false);
    expect(r.error).toBe(false);
  });
});

describe("ProtoReader", () => {
  it("reads the known vectors", () => {
    const r = new ProtoReader(bytes([0x0a, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x10, 0xac, 0x02]));
    expect(r.next()).toBe(true);
    expect(r.field).toBe(1);
    expect(r.wireType).toBe(2);
    expect(r.string()).toBe("hello");
    expect(r.next()).toBe(true);
    expect(r.field).toBe(2);
    expect(r.wireType).toBe(0);
    expect(r.varint()).toBe(300);
    expect(r.next()).toBe(false);
    expect(r.error).toBe(false);
  });

  it("round-trips every wire type, UTF-8 and nested messages", () => {
    const inner = new ProtoWriter().string(1, "key").string(2, "välue ✓");
    const buf = new ProtoWriter()
      .string(1, "domain")
      .message(2, inner)
      .varint(3, u64.MAX_VALUE)
      .bool(4, true)
      .fixed32(5, 0xdeadbeef)
      .fixed64(6, 0x0123456789abcdef)
      .bytes(7, bytes([0, 1, 255]))
      .finish();
    const r = new ProtoReader(buf);
    let seen = 0;
    while (r.next()) {
      seen++;
      if (r.field == 1) expect(r.string()).toBe("domain");
      if (r.field == 2) {
        const m = new ProtoReader(r.bytes());
        expect(m.next()).toBe(true);
        expect(m.string()).toBe("key");
        expect(m.next()).toBe(true);
        expect(m.string()).toBe("välue ✓");
        expect(m.next()).toBe(false);
        expect(m.error).toBe(false);
      }
      if (r.field == 3) expect(r.varint()).toBe(u64.MAX_VALUE);
      if (r.field == 4) expect(r.varint()).toBe(1);
      if (r.field == 5) expect(r.fixed32()).toBe(0xdeadbeef);
      if (r.field == 6) expect(r.fixed64()).toBe(0x0123456789abcdef);
      if (r.field == 7) expect(toHex(r.bytes())).toBe("0001ff");
    }
    expect(seen).toBe(7);
    expect(r.error).toBe(false);
  });

  it("skips fields that are not read", () => {
    const buf = new ProtoWriter()
      .varint(1, 300)
      .fixed64(2, 7)
      .string(3, "ignored")
      .fixed32(4, 9)
      .string(5, "wanted")
      .finish();
    const r = new ProtoReader(buf);
    let wanted = "";
    while (r.next()) {
      if (r.field == 5) wanted = r.string();
    }
    expect(wanted).toBe("wanted");
    expect(r.error).toBe(false);
  });

  it("reads nothing from an empty buffer without error", () => {
    const r = new ProtoReader(new ArrayBuffer(0));
    expect(r.next()).toBe(false);
    expect(r.error).toBe(false);
  });

  it("flags a length running past the end", () => {
    const r = new ProtoReader(bytes([0x0a, 0x05, 0x68, 0x65]));
    expect(r.next()).toBe(true);
    expect(r.string()).toBe("");
    expect(r.error).toBe(true);
    expect(r.next()).toBe(false);
  });

  it("flags a truncated varint, in the tag or the value", () => {
    const value = new ProtoReader(bytes([0x08, 0xac]));
    expect(value.next()).toBe(true);
    expect(value.varint()).toBe(0);
    expect(value.error).toBe(true);

    const tag = new ProtoReader(bytes([0x80]));
    expect(tag.next()).toBe(false);
    expect(tag.error).toBe(true);
  });

  it("flags a varint longer than ten bytes", () => {
    const r = new ProtoReader(bytes([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]));
    expect(r.next()).toBe(true);
    expect(r.varint()).toBe(0);
    expect(r.error).toBe(true);
  });

  it("flags group wire types, field zero and oversized tags", () => {
    const group = new ProtoReader(bytes([0x0b, 0x0c]));
    expect(group.next()).toBe(false);
    expect(group.error).toBe(true);

    const zero = new ProtoReader(bytes([0x00, 0x01]));
    expect(zero.next()).toBe(false);
    expect(zero.error).toBe(true);

    const big = new ProtoReader(bytes([0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00]));
    expect(big.next()).toBe(false);
    expect(big.error).toBe(true);
  });

  it("flags reading a value with the wrong wire type", () => {
    const r = new ProtoReader(bytes([0x08, 0x01]));
    expect(r.next()).toBe(true);
    expect(r.string()).toBe("");
    expect(r.error).toBe(true);
    expect(r.next()).toBe(false);
  });

  it("flags a truncated field that is skipped", () => {
    const fixed = new ProtoReader(bytes([0x0d, 0x01, 0x02]));
    expect(fixed.next()).toBe(true);
    expect(fixed.next()).toBe(false);
    expect(fixed.error).toBe(true);

    const len = new ProtoReader(bytes([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect(len.next()).toBe(true);
    expect(len.next()).toBe(false);
    expect(len.error).toBe(true);
  });

  it("never traps on any truncation of a valid message", () => {
    const buf = new ProtoWriter()
      .string(1, "abc")
      .varint(2, 1 << 40)
      .fixed32(3, 1)
      .fixed64(4, 2)
      .message(5, new ProtoWriter().bytes(1, bytes([1, 2, 3])))
      .finish();
    for (let cut = 0; cut < buf.byteLength; cut++) {
      const r = new ProtoReader(buf.slice(0, cut));
      let fields = 0;
      while (r.next()) {
        fields++;
        if (r.wireType == 0) r.varint();
        else if (r.wireType == 1) r.fixed64();
        else if (r.wireType == 5) r.fixed32();
        else r.bytes();
      }
      expect(fields).toBeLessThanOrEqual(5);
    }
  });
});
