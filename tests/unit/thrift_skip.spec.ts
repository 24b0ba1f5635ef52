// Walking an unframed message's struct to find its end: every type in both protocols, compact's edge cases,
// a message cut at every byte, and the sizes, types and depths refused.
import { FrameSize } from "../../common/rpc/frame_loop";
import { ThriftDecoder } from "../../common/thrift/decoder";
import { ThriftLimits } from "../../common/thrift/limits";
import { ThriftProblem } from "../../common/thrift/problem";
import { Protocol, Transport } from "../../common/thrift/protocol";
import { BINARY_CALL, COMPACT_CALL, OLD_BINARY_CALL, bytesOf } from "./thrift_vectors";

/** A strict binary call "m", seqid 1, whose args struct is `body` (its fields and its stop byte). */
function binaryCall(body: string): string {
  return "80010001000000016d00000001" + body;
}

/** A compact call "m", seqid 1, with args `body`. */
function compactCall(body: string): string {
  return "822101016d" + body;
}

function measure(protocol: Protocol, hex: string, limits: ThriftLimits = new ThriftLimits()): i32 {
  const bytes = bytesOf(hex);
  return new ThriftDecoder(Transport.Unframed, protocol, limits, []).measure(bytes, 0, bytes.length);
}

function refusal(protocol: Protocol, hex: string, limits: ThriftLimits = new ThriftLimits()): ThriftProblem {
  const bytes = bytesOf(hex);
  const decoder = new ThriftDecoder(Transport.Unframed, protocol, limits, []);
  expect(decoder.measure(bytes, 0, bytes.length)).toBe(FrameSize.INVALID);
  return decoder.problem;
}

/** The message cut at every byte: a fresh decoder and a resuming one each say NEED_MORE until the last byte. */
function splitEverywhere(protocol: Protocol, hex: string): void {
  const whole = bytesOf(hex);
  const resuming = new ThriftDecoder(Transport.Unframed, protocol, new ThriftLimits(), []);
  for (let cut = 0; cut < whole.length; cut++) {
    // A new array each time, as the frame loop's store is: the resumed walk holds offsets, not the bytes.
    const part = whole.slice(0, cut);
    expect(new ThriftDecoder(Transport.Unframed, protocol, new ThriftLimits(), []).measure(part, 0, cut)).toBe(FrameSize.NEED_MORE);
    expect(resuming.measure(part, 0, cut)).toBe(FrameSize.NEED_MORE);
  }
  expect(resuming.measure(whole.slice(0), 0, whole.length)).toBe(whole.length);
  // And again, once more from scratch, with the message after other bytes.
  const shifted = new Uint8Array(whole.length + 3);
  shifted.set(whole, 3);
  expect(resuming.measure(shifted, 3, whole.length)).toBe(whole.length);
}

describe("skipping every type", () => {
  it("finds the end of a struct holding every binary type, nested containers included", () => {
    const bytes = bytesOf(BINARY_CALL);
    expect(measure(Protocol.Binary, BINARY_CALL)).toBe(bytes.length);
    expect(measure(Protocol.Binary, OLD_BINARY_CALL)).toBe(bytesOf(OLD_BINARY_CALL).length);
  });

  it("finds the end of the same struct in compact", () => {
    expect(measure(Protocol.Compact, COMPACT_CALL)).toBe(bytesOf(COMPACT_CALL).length);
  });

  it("stops at the message's end, with the next message's bytes after it", () => {
    const next = BINARY_CALL + BINARY_CALL.substring(0, 20);
    expect(measure(Protocol.Binary, next)).toBe(bytesOf(BINARY_CALL).length);
    expect(measure(Protocol.Compact, COMPACT_CALL + "8221")).toBe(bytesOf(COMPACT_CALL).length);
  });

  it("skips each binary scalar by its size", () => {
    // bool, byte, i16, i32, i64, double, string "ab", uuid.
    const body = "0200010103000201060003000108000400000001" + "0a00050000000000000001" + "04000600000000000000000b0007000000026162" + "100008" + "00112233445566778899aabbccddeeff" + "00";
    expect(measure(Protocol.Binary, binaryCall(body))).toBe(13 + body.length / 2);
  });

  it("skips binary containers of every kind, empty ones with any element type", () => {
    // map<i32, string> {1: "x"}, set<i16> {}, list<struct> [{}, {}], list<uuid> [u], list<type 99> [] (never read).
    const body = "0d0001080b00000001000000010000000178" + "0e00020600000000" + "0f00030c000000020000" + "0f00041000000001" + "00112233445566778899aabbccddeeff" + "0f00056300000000" + "00";
    expect(measure(Protocol.Binary, binaryCall(body))).toBe(13 + body.length / 2);
  });

  it("skips compact's bools in field types and as list and map elements", () => {
    // Field 1 true (0x11), field 2 false (0x12), list<bool> [t, f] (0x19 0x21 01 02), map<bool, bool> {t: f}.
    const body = "1112" + "19210102" + "1b01110102" + "00";
    expect(measure(Protocol.Compact, compactCall(body))).toBe(5 + body.length / 2);
  });

  it("skips compact's long-form field ids, long lists, empty maps and longest varints", () => {
    // Field 300 (zigzag 600 = d8 04) i32 0; field 301 by delta, list<i64> of 15 (long form, f6 0f) each a 1-byte varint;
    // field 302 empty map (1b 00); field 303 i64 as a 10-byte varint; field 304 double; field 305 uuid.
    let list = "19f60f";
    for (let i = 0; i < 15; i++) list += "02";
    const body = "05d80400" + list + "1b00" + "16ffffffffffffffffff01" + "170000000000000000" + "1d00112233445566778899aabbccddeeff" + "00";
    expect(measure(Protocol.Compact, compactCall(body))).toBe(5 + body.length / 2);
  });

  it("reads a zero type nibble as the end of a struct, whatever the delta above it", () => {
    // Field 1 i32 2, then 0x10.
    expect(measure(Protocol.Compact, compactCall("1502" + "10" + "ff"))).toBe(8);
  });

  it("skips a run of fixed-size list elements at once, and resumes inside it", () => {
    // list<i64> of 100 000 zeros, binary.
    const count = 100000;
    const bytes = new Uint8Array(13 + 3 + 5 + count * 8 + 1);
    bytes.set(bytesOf(binaryCall("")), 0);
    bytes.set(bytesOf("0f00010a000186a0"), 13);
    const decoder = new ThriftDecoder(Transport.Unframed, Protocol.Binary, new ThriftLimits(), []);
    expect(decoder.measure(bytes, 0, 5000)).toBe(FrameSize.NEED_MORE);
    expect(decoder.measure(bytes, 0, 400001)).toBe(FrameSize.NEED_MORE);
    expect(decoder.measure(bytes, 0, bytes.length - 1)).toBe(FrameSize.NEED_MORE);
    expect(decoder.measure(bytes, 0, bytes.length)).toBe(bytes.length);
  });
});

describe("messages cut short", () => {
  it("needs more at every cut of a binary message", () => {
    splitEverywhere(Protocol.Binary, BINARY_CALL);
  });

  it("needs more at every cut of an old-form binary message", () => {
    splitEverywhere(Protocol.Binary, OLD_BINARY_CALL);
  });

  it("needs more at every cut of a compact message", () => {
    splitEverywhere(Protocol.Compact, COMPACT_CALL);
  });

  it("refuses a message still unfinished at the size cap", () => {
    const limits = new ThriftLimits(64);
    const bytes = bytesOf(BINARY_CALL);
    const decoder = new ThriftDecoder(Transport.Unframed, Protocol.Binary, limits, []);
    expect(decoder.measure(bytes, 0, 63)).toBe(FrameSize.NEED_MORE);
    expect(decoder.measure(bytes, 0, 64)).toBe(FrameSize.INVALID);
    expect(decoder.problem).toBe(ThriftProblem.MessageTooLarge);
    expect(new ThriftDecoder(Transport.Unframed, Protocol.Binary, limits, []).measure(bytes, 0, bytes.length)).toBe(FrameSize.INVALID);
  });
});

describe("sizes refused", () => {
  it("refuses negative binary string, list, set and map sizes", () => {
    expect(refusal(Protocol.Binary, binaryCall("0b0001ffffffff"))).toBe(ThriftProblem.NegativeSize);
    expect(refusal(Protocol.Binary, binaryCall("0f000108ffffffff"))).toBe(ThriftProblem.NegativeSize);
    expect(refusal(Protocol.Binary, binaryCall("0e000108ffffffff"))).toBe(ThriftProblem.NegativeSize);
    expect(refusal(Protocol.Binary, binaryCall("0d00010808ffffffff"))).toBe(ThriftProblem.NegativeSize);
  });

  it("refuses negative compact string, list and map sizes", () => {
    expect(refusal(Protocol.Compact, compactCall("18ffffffff0f"))).toBe(ThriftProblem.NegativeSize);
    expect(refusal(Protocol.Compact, compactCall("19f580808080f8"))).toBe(ThriftProblem.BadVarint);
    expect(refusal(Protocol.Compact, compactCall("19f5ffffffff0f"))).toBe(ThriftProblem.NegativeSize);
    expect(refusal(Protocol.Compact, compactCall("1b8080808008"))).toBe(ThriftProblem.NegativeSize);
  });

  it("refuses sizes over the message cap before their bytes come", () => {
    const limits = new ThriftLimits(1000);
    expect(refusal(Protocol.Binary, binaryCall("0b0001000003e9"), limits)).toBe(ThriftProblem.SizeTooLarge);
    expect(refusal(Protocol.Binary, binaryCall("0f000103000003e9"), limits)).toBe(ThriftProblem.SizeTooLarge);
    expect(refusal(Protocol.Compact, compactCall("18e907"), limits)).toBe(ThriftProblem.SizeTooLarge);
    expect(refusal(Protocol.Compact, compactCall("1be907"), limits)).toBe(ThriftProblem.SizeTooLarge);
    // At the cap, still only waiting for the bytes.
    expect(measure(Protocol.Binary, binaryCall("0b0001000003e8"), limits)).toBe(FrameSize.NEED_MORE);
  });

  it("refuses varints longer than their type", () => {
    expect(refusal(Protocol.Compact, compactCall("15808080808001"))).toBe(ThriftProblem.BadVarint);
    expect(refusal(Protocol.Compact, compactCall("16808080808080808080800100"))).toBe(ThriftProblem.BadVarint);
    expect(refusal(Protocol.Compact, compactCall("0580808080800100"))).toBe(ThriftProblem.BadVarint);
  });
});

describe("types refused", () => {
  it("refuses binary type ids that are no type, as fields and as elements", () => {
    expect(refusal(Protocol.Binary, binaryCall("01000100"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Binary, binaryCall("05000100"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Binary, binaryCall("07000100"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Binary, binaryCall("09000100"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Binary, binaryCall("11000100"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Binary, binaryCall("ff000100"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Binary, binaryCall("0f0001010000000100"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Binary, binaryCall("0d000108000000000100000000"))).toBe(ThriftProblem.UnknownType);
  });

  it("refuses compact type ids that are no type, as fields and as elements", () => {
    expect(refusal(Protocol.Compact, compactCall("1e00"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Compact, compactCall("1f00"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Compact, compactCall("191000"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Compact, compactCall("191e00"))).toBe(ThriftProblem.UnknownType);
    expect(refusal(Protocol.Compact, compactCall("1b01e5000000"))).toBe(ThriftProblem.UnknownType);
  });
});

/** A binary call whose args hold `levels` lists, each the only element of the one around it. */
function binaryNested(levels: i32): string {
  let body = "0f0001";
  for (let i = 1; i < levels; i++) body += "0f00000001";
  return binaryCall(body + "0800000000" + "00");
}

/** The same in compact. */
function compactNested(levels: i32): string {
  let body = "19";
  for (let i = 1; i < levels; i++) body += "19";
  return compactCall(body + "05" + "00");
}

/** A binary call whose args hold `levels` structs, each the first field of the one around it. */
function binaryStructs(levels: i32): string {
  let body = "";
  for (let i = 0; i < levels; i++) body += "0c0001";
  for (let i = 0; i <= levels; i++) body += "00";
  return binaryCall(body);
}

describe("nesting", () => {
  it("takes nesting up to the depth limit, the args struct counted", () => {
    expect(measure(Protocol.Binary, binaryNested(63))).toBe(bytesOf(binaryNested(63)).length);
    expect(measure(Protocol.Compact, compactNested(63))).toBe(bytesOf(compactNested(63)).length);
    expect(measure(Protocol.Binary, binaryStructs(63))).toBe(bytesOf(binaryStructs(63)).length);
  });

  it("refuses nesting past it", () => {
    expect(refusal(Protocol.Binary, binaryNested(64))).toBe(ThriftProblem.TooDeep);
    expect(refusal(Protocol.Compact, compactNested(64))).toBe(ThriftProblem.TooDeep);
    expect(refusal(Protocol.Binary, binaryStructs(64))).toBe(ThriftProblem.TooDeep);
    expect(refusal(Protocol.Binary, binaryNested(10000))).toBe(ThriftProblem.TooDeep);
  });

  it("follows a configured limit", () => {
    const limits = new ThriftLimits(1 << 20, 3);
    expect(measure(Protocol.Compact, compactNested(2), limits)).toBe(bytesOf(compactNested(2)).length);
    expect(refusal(Protocol.Compact, compactNested(3), limits)).toBe(ThriftProblem.TooDeep);
    // Maps count as a level: map<i32, list<i32>> {1: []} at depth 3.
    expect(measure(Protocol.Binary, binaryCall("0d0001080f" + "00000001" + "00000001" + "0800000000" + "00"), limits)).toBe(32);
    expect(refusal(Protocol.Binary, binaryCall("0d0001080f" + "00000001" + "00000001" + "0f00000001" + "0800000000" + "00"), limits)).toBe(ThriftProblem.TooDeep);
  });
});
