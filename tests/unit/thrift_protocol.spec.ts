// Message headers in each protocol: names (multiplexed too), types, seqids, reply kinds, and the bytes refused.
import { FrameSize } from "../../common/rpc/frame_loop";
import { ThriftDecoder } from "../../common/thrift/decoder";
import { ThriftLimits } from "../../common/thrift/limits";
import { ReplyKind } from "../../common/thrift/message";
import { ThriftProblem } from "../../common/thrift/problem";
import { MessageType, Protocol, Transport } from "../../common/thrift/protocol";
import {
  BINARY_CALL, BINARY_MUX_CALL, BINARY_REPLY_DECLARED, BINARY_REPLY_SUCCESS, BINARY_REPLY_VOID, COMPACT_CALL,
  COMPACT_MUX_CALL, COMPACT_ONEWAY, COMPACT_REPLY_DECLARED, COMPACT_REPLY_SUCCESS, COMPACT_REPLY_SUCCESS_BOOL,
  COMPACT_REPLY_VOID, OLD_BINARY_CALL, bytesOf,
} from "./thrift_vectors";

function unframed(protocol: Protocol, limits: ThriftLimits = new ThriftLimits()): ThriftDecoder {
  return new ThriftDecoder(Transport.Unframed, protocol, limits, []);
}

/** Measures and decodes a whole unframed message; fails the test if either refuses it. */
function decoded(protocol: Protocol, hex: string): ThriftDecoder {
  const bytes = bytesOf(hex);
  const decoder = unframed(protocol);
  expect(decoder.measure(bytes, 0, bytes.length)).toBe(bytes.length);
  expect(decoder.decode(bytes, 0, bytes.length)).toBe(true);
  return decoder;
}

/** The problem measuring `hex` as an unframed message finds. */
function refusal(protocol: Protocol, hex: string, limits: ThriftLimits = new ThriftLimits()): ThriftProblem {
  const bytes = bytesOf(hex);
  const decoder = unframed(protocol, limits);
  expect(decoder.measure(bytes, 0, bytes.length)).toBe(FrameSize.INVALID);
  return decoder.problem;
}

describe("binary message header", () => {
  it("reads a strict call", () => {
    const m = decoded(Protocol.Binary, BINARY_CALL).message;
    expect(m.name).toBe("getUser");
    expect(m.service).toBe("");
    expect(m.method).toBe("getUser");
    expect(m.type).toBe(MessageType.Call);
    expect(m.seqId).toBe(7);
    expect(m.envelope.strict).toBe(true);
    expect(m.reply).toBe(ReplyKind.NotReply);
    expect(m.nameLengthAt).toBe(4);
    expect(m.nameAt).toBe(8);
    expect(m.nameLength).toBe(7);
  });

  it("reads the old form (name first, then a type byte)", () => {
    const m = decoded(Protocol.Binary, OLD_BINARY_CALL).message;
    expect(m.name).toBe("getUser");
    expect(m.type).toBe(MessageType.Call);
    expect(m.seqId).toBe(7);
    expect(m.envelope.strict).toBe(false);
    expect(m.nameLengthAt).toBe(0);
  });

  it("splits a multiplexed name", () => {
    const m = decoded(Protocol.Binary, BINARY_MUX_CALL).message;
    expect(m.name).toBe("UserService:getUser");
    expect(m.service).toBe("UserService");
    expect(m.method).toBe("getUser");
    expect(m.seqId).toBe(8);
    expect(m.methodAt - m.nameAt).toBe(12);
  });

  it("splits at the first colon and takes an empty name", () => {
    // Strict call "a:b:c", seqid 1, empty args; then "" seqid 2.
    let m = decoded(Protocol.Binary, "8001000100000005613a623a630000000100").message;
    expect(m.service).toBe("a");
    expect(m.method).toBe("b:c");
    m = decoded(Protocol.Binary, "80010001000000000000000200").message;
    expect(m.name).toBe("");
    expect(m.method).toBe("");
    expect(m.seqId).toBe(2);
  });

  it("tells a reply's outcome from its result struct's first field", () => {
    expect(decoded(Protocol.Binary, BINARY_REPLY_SUCCESS).message.reply).toBe(ReplyKind.Success);
    expect(decoded(Protocol.Binary, BINARY_REPLY_DECLARED).message.reply).toBe(ReplyKind.DeclaredException);
    expect(decoded(Protocol.Binary, BINARY_REPLY_VOID).message.reply).toBe(ReplyKind.VoidSuccess);
    // Field -1 (an exception declared without an id).
    expect(decoded(Protocol.Binary, "800100020000000167000000070cffff0000").message.reply).toBe(ReplyKind.DeclaredException);
    expect(decoded(Protocol.Binary, BINARY_REPLY_SUCCESS).message.type).toBe(MessageType.Reply);
  });

  it("reads the seqid as a signed i32", () => {
    expect(decoded(Protocol.Binary, "800100040000000170fffffffb00").message.seqId).toBe(-5);
    expect(decoded(Protocol.Binary, "800100040000000170fffffffb00").message.type).toBe(MessageType.Oneway);
  });

  it("refuses bad version words and message types", () => {
    expect(refusal(Protocol.Binary, "8002000100000001700000000100")).toBe(ThriftProblem.BadVersion);
    expect(refusal(Protocol.Binary, "8101000100000001700000000100")).toBe(ThriftProblem.BadVersion);
    expect(refusal(Protocol.Binary, "8001000000000001700000000100")).toBe(ThriftProblem.BadMessageType);
    expect(refusal(Protocol.Binary, "8001000500000001700000000100")).toBe(ThriftProblem.BadMessageType);
    // Old form, type byte 9.
    expect(refusal(Protocol.Binary, "00000001700900000001")).toBe(ThriftProblem.BadMessageType);
  });

  it("refuses negative and oversized name lengths", () => {
    expect(refusal(Protocol.Binary, "80010001ffffffff")).toBe(ThriftProblem.NegativeSize);
    expect(refusal(Protocol.Binary, "8001000100000065", new ThriftLimits(100))).toBe(ThriftProblem.SizeTooLarge);
    // "GET / HTTP/1.1" read as the old form: a 1.2 GB name.
    expect(refusal(Protocol.Binary, "474554202f20485454502f312e31")).toBe(ThriftProblem.SizeTooLarge);
  });
});

describe("compact message header", () => {
  it("reads a call", () => {
    const m = decoded(Protocol.Compact, COMPACT_CALL).message;
    expect(m.name).toBe("getUser");
    expect(m.method).toBe("getUser");
    expect(m.type).toBe(MessageType.Call);
    expect(m.seqId).toBe(7);
    expect(m.nameLengthAt).toBe(3);
    expect(m.nameAt).toBe(4);
  });

  it("splits a multiplexed name", () => {
    const m = decoded(Protocol.Compact, COMPACT_MUX_CALL).message;
    expect(m.service).toBe("UserService");
    expect(m.method).toBe("getUser");
    expect(m.seqId).toBe(8);
  });

  it("reads a oneway with a negative seqid (a 5-byte varint)", () => {
    const m = decoded(Protocol.Compact, COMPACT_ONEWAY).message;
    expect(m.name).toBe("ping");
    expect(m.type).toBe(MessageType.Oneway);
    expect(m.seqId).toBe(-5);
  });

  it("tells a reply's outcome, a bool return value included", () => {
    expect(decoded(Protocol.Compact, COMPACT_REPLY_SUCCESS).message.reply).toBe(ReplyKind.Success);
    expect(decoded(Protocol.Compact, COMPACT_REPLY_SUCCESS_BOOL).message.reply).toBe(ReplyKind.Success);
    expect(decoded(Protocol.Compact, COMPACT_REPLY_DECLARED).message.reply).toBe(ReplyKind.DeclaredException);
    expect(decoded(Protocol.Compact, COMPACT_REPLY_VOID).message.reply).toBe(ReplyKind.VoidSuccess);
    // Long-form header for field 3: type struct, zigzag 6.
    expect(decoded(Protocol.Compact, "824107016d0c060000").message.reply).toBe(ReplyKind.DeclaredException);
  });

  it("refuses bad protocol ids, versions and message types", () => {
    expect(refusal(Protocol.Compact, "832101016d00")).toBe(ThriftProblem.BadVersion);
    expect(refusal(Protocol.Compact, "822201016d00")).toBe(ThriftProblem.BadVersion);
    expect(refusal(Protocol.Compact, "820101016d00")).toBe(ThriftProblem.BadMessageType);
    expect(refusal(Protocol.Compact, "82a101016d00")).toBe(ThriftProblem.BadMessageType);
    expect(refusal(Protocol.Compact, BINARY_CALL)).toBe(ThriftProblem.BadVersion);
  });

  it("refuses negative and oversized name lengths and overlong varints", () => {
    expect(refusal(Protocol.Compact, "822101ffffffff0f")).toBe(ThriftProblem.NegativeSize);
    expect(refusal(Protocol.Compact, "82210165", new ThriftLimits(100))).toBe(ThriftProblem.SizeTooLarge);
    expect(refusal(Protocol.Compact, "8221808080808001")).toBe(ThriftProblem.BadVarint);
  });
});

describe("decoded message reuse", () => {
  it("keeps the strings of a name seen just before, and decodes a new one", () => {
    const decoder = unframed(Protocol.Binary);
    const first = bytesOf(BINARY_MUX_CALL);
    expect(decoder.decode(first, 0, first.length)).toBe(true);
    const method = decoder.message.method;
    const again = bytesOf(BINARY_MUX_CALL);
    expect(decoder.decode(again, 0, again.length)).toBe(true);
    expect(changetype<usize>(decoder.message.method)).toBe(changetype<usize>(method));
    const other = bytesOf(BINARY_CALL);
    expect(decoder.decode(other, 0, other.length)).toBe(true);
    expect(decoder.message.service).toBe("");
    expect(decoder.message.method).toBe("getUser");
    expect(decoder.message.methodAt).toBe(decoder.message.nameAt);
  });

  it("replaces ill-formed UTF-8 in a name", () => {
    const m = decoded(Protocol.Binary, "8001000100000002c0410000000100").message;
    expect(m.name).toBe("\uFFFDA");
  });
});
