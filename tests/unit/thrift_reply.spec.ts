// The frames a filter writes: TApplicationException replies byte for byte as Apache Thrift writes them, and calls
// renamed with everything else kept; both read back through the decoder.
import { FrameSize } from "../../common/rpc/frame_loop";
import { ThriftDecoder } from "../../common/thrift/decoder";
import { Envelope } from "../../common/thrift/envelope";
import { ThriftLimits } from "../../common/thrift/limits";
import { AppExceptionType, MessageType, Protocol, Transport } from "../../common/thrift/protocol";
import { exceptionReply, renameMethod } from "../../common/thrift/reply";
import {
  BINARY_APP_EXCEPTION, BINARY_CALL, COMPACT_APP_EXCEPTION, COMPACT_CALL, COMPACT_MUX_CALL, FRAMED_BINARY_APP_EXCEPTION,
  FRAMED_BINARY_CALL, FRAMED_COMPACT_CALL, HEADER_BINARY_CALL, HEADER_COMPACT_APP_EXCEPTION, HEADER_COMPACT_CALL,
  OLD_BINARY_APP_EXCEPTION, OLD_BINARY_CALL, bytesOf, hexOf,
} from "./thrift_vectors";

const UNKNOWN_METHOD_TEXT = "Invalid method name: 'x'";

function envelope(transport: Transport, protocol: Protocol, strict: bool = true, flags: u16 = 0, seqId: i32 = 0): Envelope {
  const e = new Envelope();
  e.transport = transport;
  e.protocol = protocol;
  e.strict = strict;
  e.headerFlags = flags;
  e.headerSeqId = seqId;
  return e;
}

/** Measures and decodes `bytes` as one whole message. */
function readBack(transport: Transport, protocol: Protocol, bytes: Uint8Array, wanted: string[] = []): ThriftDecoder {
  const d = new ThriftDecoder(transport, protocol, new ThriftLimits(), wanted);
  expect(d.measure(bytes, 0, bytes.length)).toBe(bytes.length);
  expect(d.decode(bytes, 0, bytes.length)).toBe(true);
  return d;
}

describe("exceptionReply", () => {
  it("writes what Apache Thrift writes, in each protocol and transport", () => {
    const type = AppExceptionType.UNKNOWN_METHOD;
    expect(hexOf(exceptionReply(envelope(Transport.Unframed, Protocol.Binary), "x", 7, UNKNOWN_METHOD_TEXT, type))).toBe(BINARY_APP_EXCEPTION);
    expect(hexOf(exceptionReply(envelope(Transport.Unframed, Protocol.Binary, false), "x", 7, UNKNOWN_METHOD_TEXT, type))).toBe(OLD_BINARY_APP_EXCEPTION);
    expect(hexOf(exceptionReply(envelope(Transport.Unframed, Protocol.Compact), "x", 300, UNKNOWN_METHOD_TEXT, type))).toBe(COMPACT_APP_EXCEPTION);
    expect(hexOf(exceptionReply(envelope(Transport.Framed, Protocol.Binary), "x", 7, UNKNOWN_METHOD_TEXT, type))).toBe(FRAMED_BINARY_APP_EXCEPTION);
    expect(hexOf(exceptionReply(envelope(Transport.Header, Protocol.Compact, true, 1, 42), "x", 300, UNKNOWN_METHOD_TEXT, type))).toBe(HEADER_COMPACT_APP_EXCEPTION);
  });

  it("reads back as an EXCEPTION for the seqid, in every transport and protocol", () => {
    const transports = [Transport.Framed, Transport.Unframed, Transport.Header];
    for (let t = 0; t < transports.length; t++) {
      for (let p = 0; p < 2; p++) {
        const protocol = p == 0 ? Protocol.Binary : Protocol.Compact;
        const reply = exceptionReply(envelope(transports[t], protocol, true, 3, -9), "getUser", -123456, "denied: ✓", AppExceptionType.INTERNAL_ERROR);
        const m = readBack(transports[t], protocol, reply).message;
        expect(m.type).toBe(MessageType.Exception);
        expect(m.seqId).toBe(-123456);
        expect(m.name).toBe("getUser");
        expect(m.envelope.protocol).toBe(protocol);
        if (transports[t] == Transport.Header) {
          expect(m.envelope.headerFlags).toBe(3);
          expect(m.envelope.headerSeqId).toBe(-9);
        }
      }
    }
  });

  it("answers a decoded request in the request's own envelope", () => {
    const request = readBack(Transport.Header, Protocol.Binary, bytesOf(HEADER_BINARY_CALL)).message;
    const reply = exceptionReply(request.envelope, request.method, request.seqId, "no", AppExceptionType.UNKNOWN);
    const m = readBack(Transport.Header, Protocol.Compact, reply).message;
    expect(m.envelope.protocol).toBe(Protocol.Binary);
    expect(m.envelope.headerFlags).toBe(1);
    expect(m.envelope.headerSeqId).toBe(99);
    expect(m.seqId).toBe(8);
    expect(m.name).toBe("getUser");
    const old = readBack(Transport.Unframed, Protocol.Binary, bytesOf(OLD_BINARY_CALL)).message;
    const oldReply = exceptionReply(old.envelope, old.method, old.seqId, "no", AppExceptionType.UNKNOWN);
    expect(readBack(Transport.Unframed, Protocol.Binary, oldReply).message.envelope.strict).toBe(false);
  });
});

/** Renames the call in `hex`, checks the result reads back with the new method and the same rest. */
function renamed(transport: Transport, protocol: Protocol, hex: string, method: string): ThriftDecoder {
  const bytes = bytesOf(hex);
  const original = readBack(transport, protocol, bytes, ["user"]).message;
  const service = original.service;
  const seqId = original.seqId;
  const tail = hexOf(bytes.subarray(original.nameAt + original.nameLength));
  const rewritten = renameMethod(bytes, original, method);
  const d = readBack(transport, protocol, rewritten, ["user"]);
  const m = d.message;
  expect(m.method).toBe(method);
  expect(m.service).toBe(service);
  expect(m.seqId).toBe(seqId);
  expect(m.type).toBe(MessageType.Call);
  expect(hexOf(rewritten.subarray(m.nameAt + m.nameLength))).toBe(tail);
  return d;
}

describe("renameMethod", () => {
  it("renames in framed binary and compact, the frame length counting the new name", () => {
    const binary = renamed(Transport.Framed, Protocol.Binary, FRAMED_BINARY_CALL, "__denied__");
    expect(binary.message.frameEnd).toBe(bytesOf(FRAMED_BINARY_CALL).length + 3);
    renamed(Transport.Framed, Protocol.Compact, FRAMED_COMPACT_CALL, "g");
  });

  it("renames unframed messages, the old binary form included, whose walk still ends right", () => {
    renamed(Transport.Unframed, Protocol.Binary, BINARY_CALL, "__denied__");
    renamed(Transport.Unframed, Protocol.Binary, OLD_BINARY_CALL, "__denied__");
    renamed(Transport.Unframed, Protocol.Compact, COMPACT_CALL, "__denied__");
  });

  it("keeps a multiplexed service prefix", () => {
    const m = renamed(Transport.Unframed, Protocol.Compact, COMPACT_MUX_CALL, "__denied__").message;
    expect(m.name).toBe("UserService:__denied__");
  });

  it("keeps THeader's header as it came", () => {
    const bytes = bytesOf(HEADER_COMPACT_CALL);
    const original = readBack(Transport.Header, Protocol.Binary, bytes).message;
    const header = hexOf(bytes.subarray(4, original.messageAt));
    const d = renamed(Transport.Header, Protocol.Compact, HEADER_COMPACT_CALL, "__denied__");
    expect(d.message.attribute("user")).toBe("bob");
    expect(d.message.envelope.headerSeqId).toBe(0x7fffffff);
    const again = renameMethod(bytes, readBack(Transport.Header, Protocol.Binary, bytes).message, "__denied__");
    expect(hexOf(again.subarray(4, d.message.messageAt))).toBe(header);
    renamed(Transport.Header, Protocol.Binary, HEADER_BINARY_CALL, "y");
  });

  it("grows compact's name length varint past one byte", () => {
    const long = "m".repeat(200);
    const d = renamed(Transport.Unframed, Protocol.Compact, COMPACT_CALL, long);
    expect(d.message.nameAt - d.message.nameLengthAt).toBe(2);
    expect(d.message.nameLength).toBe(200);
  });

  it("encodes the new name as UTF-8", () => {
    const d = renamed(Transport.Framed, Protocol.Binary, FRAMED_BINARY_CALL, "é");
    expect(d.message.nameLength).toBe(2);
  });

  it("leaves an unframed measure exact after a rename", () => {
    const bytes = bytesOf(COMPACT_CALL);
    const m = readBack(Transport.Unframed, Protocol.Compact, bytes).message;
    const rewritten = renameMethod(bytes, m, "x");
    const d = new ThriftDecoder(Transport.Unframed, Protocol.Compact, new ThriftLimits(), []);
    expect(d.measure(rewritten, 0, rewritten.length - 1)).toBe(FrameSize.NEED_MORE);
    expect(d.measure(rewritten, 0, rewritten.length)).toBe(rewritten.length);
  });
});
