// Transports: telling them from a connection's first bytes, measuring framed and THeader frames, THeader's header
// fields, the frame loop driving the decoder one byte at a time, and garbage never trapping it.
import { FrameCodec, FrameLoop, FrameSize, LoopResult } from "../../common/rpc/frame_loop";
import { ThriftDecoder } from "../../common/thrift/decoder";
import { ThriftLimits } from "../../common/thrift/limits";
import { ReplyKind } from "../../common/thrift/message";
import { ThriftProblem, problemText } from "../../common/thrift/problem";
import { MessageType, Protocol, Transport } from "../../common/thrift/protocol";
import { Detection } from "../../common/thrift/transport";
import {
  BINARY_CALL, COMPACT_CALL, COMPACT_ONEWAY, FRAMED_BINARY_CALL, FRAMED_COMPACT_CALL, HEADER_BINARY_CALL,
  HEADER_BINARY_NO_INFO, HEADER_COMPACT_CALL, HEADER_ZLIB, OLD_BINARY_CALL, bytesOf, hexOf,
} from "./thrift_vectors";

function decoder(transport: Transport, protocol: Protocol, wanted: string[] = []): ThriftDecoder {
  return new ThriftDecoder(transport, protocol, new ThriftLimits(), wanted);
}

function detect(hex: string): ThriftDecoder {
  const bytes = bytesOf(hex);
  const d = decoder(Transport.Framed, Protocol.Binary);
  expect(d.detect(bytes, 0, bytes.length)).toBe(Detection.Detected);
  return d;
}

function undetected(hex: string): Detection {
  const bytes = bytesOf(hex);
  return decoder(Transport.Framed, Protocol.Binary).detect(bytes, 0, bytes.length);
}

describe("transport detection", () => {
  it("tells unframed binary and compact by their first two bytes", () => {
    let d = detect("8001");
    expect(d.transport).toBe(Transport.Unframed);
    expect(d.protocol).toBe(Protocol.Binary);
    d = detect(COMPACT_CALL);
    expect(d.transport).toBe(Transport.Unframed);
    expect(d.protocol).toBe(Protocol.Compact);
  });

  it("tells framed binary and compact by a sane length and the message start after it", () => {
    let d = detect(FRAMED_BINARY_CALL);
    expect(d.transport).toBe(Transport.Framed);
    expect(d.protocol).toBe(Protocol.Binary);
    d = detect(FRAMED_COMPACT_CALL.substring(0, 12));
    expect(d.transport).toBe(Transport.Framed);
    expect(d.protocol).toBe(Protocol.Compact);
  });

  it("tells THeader by its magic", () => {
    expect(detect(HEADER_BINARY_CALL).transport).toBe(Transport.Header);
    expect(detect(HEADER_COMPACT_CALL.substring(0, 12)).transport).toBe(Transport.Header);
  });

  it("waits for the bytes that decide", () => {
    expect(undetected("")).toBe(Detection.NeedMore);
    expect(undetected("80")).toBe(Detection.NeedMore);
    expect(undetected("82")).toBe(Detection.NeedMore);
    expect(undetected("0000")).toBe(Detection.NeedMore);
    expect(undetected("0000001080")).toBe(Detection.NeedMore);
  });

  it("refuses what is not Thrift, the old binary form included", () => {
    expect(undetected("81")).toBe(Detection.NotThrift);
    expect(undetected("8002")).toBe(Detection.NotThrift);
    expect(undetected("8222")).toBe(Detection.NotThrift);
    expect(undetected("474554202f20")).toBe(Detection.NotThrift);
    expect(undetected("000000008001")).toBe(Detection.NotThrift);
    expect(undetected("000000050fff")).toBe(Detection.NotThrift);
    expect(undetected("010000018001")).toBe(Detection.NotThrift);
    expect(undetected("010000008001")).toBe(Detection.Detected);
    expect(undetected(OLD_BINARY_CALL)).toBe(Detection.NotThrift);
    const bytes = bytesOf("81");
    const d = decoder(Transport.Framed, Protocol.Binary);
    d.detect(bytes, 0, 1);
    expect(d.problem).toBe(ThriftProblem.NotThrift);
  });

  it("looks only at the bytes from the offset given", () => {
    const bytes = bytesOf("00112233" + BINARY_CALL.substring(0, 4));
    const d = decoder(Transport.Framed, Protocol.Compact);
    expect(d.detect(bytes, 4, 2)).toBe(Detection.Detected);
    expect(d.transport).toBe(Transport.Unframed);
    expect(d.protocol).toBe(Protocol.Binary);
  });
});

describe("framed transport", () => {
  it("measures by the length field and decodes the message inside", () => {
    for (let p = 0; p < 2; p++) {
      const hex = p == 0 ? FRAMED_BINARY_CALL : FRAMED_COMPACT_CALL;
      const bytes = bytesOf(hex);
      const d = decoder(Transport.Framed, p == 0 ? Protocol.Binary : Protocol.Compact);
      for (let cut = 0; cut < 4; cut++) expect(d.measure(bytes, 0, cut)).toBe(FrameSize.NEED_MORE);
      expect(d.measure(bytes, 0, 4)).toBe(bytes.length);
      expect(d.decode(bytes, 0, bytes.length)).toBe(true);
      expect(d.message.method).toBe("getUser");
      expect(d.message.seqId).toBe(7);
      expect(d.message.messageAt).toBe(4);
      expect(d.message.envelope.transport).toBe(Transport.Framed);
    }
  });

  it("refuses zero, negative and oversized lengths", () => {
    const d = new ThriftDecoder(Transport.Framed, Protocol.Binary, new ThriftLimits(1000), []);
    expect(d.measure(bytesOf("00000000"), 0, 4)).toBe(FrameSize.INVALID);
    expect(d.problem).toBe(ThriftProblem.BadFrameSize);
    expect(d.measure(bytesOf("ffffffff"), 0, 4)).toBe(FrameSize.INVALID);
    expect(d.problem).toBe(ThriftProblem.BadFrameSize);
    expect(d.measure(bytesOf("000003e9"), 0, 4)).toBe(FrameSize.INVALID);
    expect(d.problem).toBe(ThriftProblem.MessageTooLarge);
    expect(d.measure(bytesOf("000003e8"), 0, 4)).toBe(1004);
  });

  it("refuses a frame whose first bytes start no message of the protocol, once they are there", () => {
    const binary = decoder(Transport.Framed, Protocol.Binary);
    expect(binary.measure(bytesOf("000000108101"), 0, 6)).toBe(FrameSize.INVALID);
    expect(binary.problem).toBe(ThriftProblem.BadVersion);
    expect(binary.measure(bytesOf("00000010820100"), 0, 7)).toBe(FrameSize.INVALID);
    expect(binary.measure(bytesOf("0000001080"), 0, 5)).toBe(20);
    // The old binary form starts with its name length.
    expect(binary.measure(bytesOf("000000100000"), 0, 6)).toBe(20);
    const compact = decoder(Transport.Framed, Protocol.Compact);
    expect(compact.measure(bytesOf("000000108001"), 0, 6)).toBe(FrameSize.INVALID);
    expect(compact.problem).toBe(ThriftProblem.BadVersion);
    expect(compact.measure(bytesOf("000000108222"), 0, 6)).toBe(FrameSize.INVALID);
    expect(compact.measure(bytesOf("000000108221"), 0, 6)).toBe(20);
  });

  it("refuses a message running past its frame", () => {
    // BINARY_CALL's first 10 bytes in a frame of 10: the name stops short.
    const bytes = bytesOf("0000000a" + BINARY_CALL.substring(0, 20));
    const d = decoder(Transport.Framed, Protocol.Binary);
    expect(d.measure(bytes, 0, bytes.length)).toBe(14);
    expect(d.decode(bytes, 0, 14)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.Truncated);
    // A reply whose result struct is cut off before its first field.
    const reply = bytesOf("0000000f" + "80010002000000016d00000001");
    expect(d.decode(reply, 0, reply.length)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.Truncated);
  });

  it("reports a bad message inside a frame", () => {
    const bytes = bytesOf("00000006" + "800200010000");
    const d = decoder(Transport.Framed, Protocol.Binary);
    expect(d.decode(bytes, 0, bytes.length)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.BadVersion);
  });
});

describe("THeader transport", () => {
  it("reads flags, sequence number, protocol and the wanted info headers", () => {
    const bytes = bytesOf(HEADER_BINARY_CALL);
    const d = decoder(Transport.Header, Protocol.Compact, ["trace", "missing"]);
    expect(d.measure(bytes, 0, 6)).toBe(bytes.length);
    expect(d.decode(bytes, 0, bytes.length)).toBe(true);
    const m = d.message;
    expect(m.envelope.transport).toBe(Transport.Header);
    expect(m.envelope.protocol).toBe(Protocol.Binary);
    expect(m.envelope.headerFlags).toBe(1);
    expect(m.envelope.headerSeqId).toBe(99);
    expect(m.service).toBe("UserService");
    expect(m.method).toBe("getUser");
    expect(m.seqId).toBe(8);
    expect(m.attributes.length).toBe(2);
    expect(m.attributes[0]).toBe("trace");
    expect(m.attributes[1]).toBe("té");
    expect(m.attribute("user")).toBeNull();
  });

  it("reads a compact payload, and every header a second decode wants", () => {
    const bytes = bytesOf(HEADER_COMPACT_CALL);
    const d = decoder(Transport.Header, Protocol.Binary, ["user"]);
    expect(d.decode(bytes, 0, bytes.length)).toBe(true);
    expect(d.message.envelope.protocol).toBe(Protocol.Compact);
    expect(d.message.envelope.headerSeqId).toBe(0x7fffffff);
    expect(d.message.attribute("user")).toBe("bob");
    expect(d.message.seqId).toBe(7);
    // The next message's attributes replace the last one's.
    const next = bytesOf(HEADER_BINARY_NO_INFO);
    expect(d.decode(next, 0, next.length)).toBe(true);
    expect(d.message.attributes.length).toBe(0);
    expect(d.message.reply).toBe(ReplyKind.Success);
    expect(d.message.type).toBe(MessageType.Reply);
  });

  it("does not read info headers nobody wants", () => {
    // HEADER_BINARY_CALL with its info block's count made huge: unread, so no problem.
    const hex = HEADER_BINARY_CALL.substring(0, 36) + "7f" + HEADER_BINARY_CALL.substring(38);
    const bytes = bytesOf(hex);
    expect(decoder(Transport.Header, Protocol.Binary).decode(bytes, 0, bytes.length)).toBe(true);
    const d = decoder(Transport.Header, Protocol.Binary, ["user"]);
    expect(d.decode(bytes, 0, bytes.length)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.BadHeader);
  });

  it("refuses transforms, as their own problem", () => {
    const bytes = bytesOf(HEADER_ZLIB);
    const d = decoder(Transport.Header, Protocol.Binary);
    expect(d.measure(bytes, 0, bytes.length)).toBe(bytes.length);
    expect(d.decode(bytes, 0, bytes.length)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.UnsupportedTransform);
  });

  it("refuses protocols other than binary and compact", () => {
    // HEADER_BINARY_NO_INFO with protocol id 1 (JSON).
    const bytes = bytesOf(HEADER_BINARY_NO_INFO.substring(0, 28) + "01" + HEADER_BINARY_NO_INFO.substring(30));
    const d = decoder(Transport.Header, Protocol.Binary);
    expect(d.decode(bytes, 0, bytes.length)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.UnsupportedProtocol);
  });

  it("refuses bad magic, short lengths, and header sizes outside the frame", () => {
    const d = decoder(Transport.Header, Protocol.Binary);
    expect(d.measure(bytesOf("0000002980010002"), 0, 8)).toBe(FrameSize.INVALID);
    expect(d.problem).toBe(ThriftProblem.BadHeaderMagic);
    expect(d.measure(bytesOf("0000000d0fff"), 0, 6)).toBe(FrameSize.INVALID);
    expect(d.problem).toBe(ThriftProblem.BadFrameSize);
    const noHeader = bytesOf("000000290fff0000000000050000" + HEADER_BINARY_NO_INFO.substring(36));
    expect(d.decode(noHeader, 0, noHeader.length)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.BadHeader);
    const pastFrame = bytesOf("0000000e0fff000000000005000100000000");
    expect(d.decode(pastFrame, 0, 14)).toBe(false);
    expect(d.problem).toBe(ThriftProblem.BadHeader);
  });

  it("measures a frame cut at every byte once its length is there", () => {
    const bytes = bytesOf(HEADER_BINARY_CALL);
    const d = decoder(Transport.Header, Protocol.Binary);
    for (let cut = 0; cut < 4; cut++) expect(d.measure(bytes.slice(0, cut), 0, cut)).toBe(FrameSize.NEED_MORE);
    for (let cut = 4; cut <= bytes.length; cut++) expect(d.measure(bytes.slice(0, cut), 0, cut)).toBe(bytes.length);
  });
});

/** A FrameCodec over the decoder, as the filter will have: each decoded message's seqid recorded. */
class RecordingCodec extends FrameCodec {
  seqIds: i32[] = [];
  constructor(public decoder: ThriftDecoder) {
    super();
  }
  measure(bytes: Uint8Array, at: i32, available: i32): i32 {
    return this.decoder.measure(bytes, at, available);
  }
  onFrame(bytes: Uint8Array, at: i32, size: i32): Uint8Array | null {
    if (!this.decoder.decode(bytes, at, size)) this.invalid = true;
    else this.seqIds.push(this.decoder.message.seqId);
    return null;
  }
}

/** Runs `stream` through a frame loop `step` bytes at a time; the bytes forwarded must be the stream, unchanged. */
function drive(transport: Transport, protocol: Protocol, stream: Uint8Array, step: i32): i32[] {
  const codec = new RecordingCodec(decoder(transport, protocol));
  const loop = new FrameLoop(codec);
  let forwarded = "";
  for (let at = 0; at < stream.length; at += step) {
    const segment = stream.slice(at, min(at + step, stream.length));
    const result = loop.run(segment, false);
    expect(result).not.toBe(LoopResult.Invalid);
    forwarded += result == LoopResult.Unchanged ? hexOf(segment) : hexOf(loop.output);
  }
  expect(loop.holding).toBe(0);
  expect(forwarded).toBe(hexOf(stream));
  return codec.seqIds;
}

describe("the frame loop over the decoder", () => {
  it("delivers each unframed message whole, one byte arriving at a time", () => {
    const stream = bytesOf(COMPACT_CALL + COMPACT_ONEWAY + COMPACT_CALL);
    for (let step = 1; step <= 7; step += 3) {
      const seqIds = drive(Transport.Unframed, Protocol.Compact, stream, step);
      expect(seqIds.length).toBe(3);
      expect(seqIds[0]).toBe(7);
      expect(seqIds[1]).toBe(-5);
      expect(seqIds[2]).toBe(7);
    }
  });

  it("delivers framed and THeader messages whole", () => {
    expect(drive(Transport.Framed, Protocol.Binary, bytesOf(FRAMED_BINARY_CALL + FRAMED_BINARY_CALL), 5).length).toBe(2);
    const seqIds = drive(Transport.Header, Protocol.Binary, bytesOf(HEADER_BINARY_CALL + HEADER_COMPACT_CALL), 3);
    expect(seqIds.length).toBe(2);
    expect(seqIds[0]).toBe(8);
    expect(seqIds[1]).toBe(7);
  });
});

/** A deterministic byte source (xorshift32). */
class Noise {
  constructor(private state: u32) {}
  next(): u32 {
    let x = this.state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    this.state = x;
    return x;
  }
}

/** Measures and, when whole, decodes; any answer will do, a trap fails the run. */
function probe(d: ThriftDecoder, bytes: Uint8Array, available: i32): void {
  const size = d.measure(bytes, 0, available);
  if (size > 0 && size <= available) d.decode(bytes, 0, size);
}

describe("problem texts", () => {
  it("names every problem differently", () => {
    const seen = new Set<string>();
    for (let p = ThriftProblem.None; p <= ThriftProblem.Truncated; p++) seen.add(problemText(p));
    expect(seen.size).toBe(ThriftProblem.Truncated + 1);
    expect(seen.has("unknown problem")).toBe(false);
  });
});

describe("garbage", () => {
  it("never traps measure, decode or detect, whatever the bytes", () => {
    const noise = new Noise(0x2545f491);
    const seeds = [BINARY_CALL, COMPACT_CALL, FRAMED_BINARY_CALL, HEADER_BINARY_CALL, HEADER_COMPACT_CALL];
    const transports = [Transport.Unframed, Transport.Unframed, Transport.Framed, Transport.Header, Transport.Header];
    const protocols = [Protocol.Binary, Protocol.Compact, Protocol.Binary, Protocol.Binary, Protocol.Compact];
    let answered = 0;
    for (let s = 0; s < seeds.length; s++) {
      const original = bytesOf(seeds[s]);
      const d = new ThriftDecoder(transports[s], protocols[s], new ThriftLimits(1 << 16, 8), ["user", "trace"]);
      for (let round = 0; round < 400; round++) {
        const bytes = original.slice(0);
        // A few bytes changed, then a random cut.
        for (let flips = <i32>(noise.next() % 4) + 1; flips > 0; flips--) bytes[<i32>(noise.next() % <u32>bytes.length)] = <u8>noise.next();
        const cut = <i32>(noise.next() % <u32>(bytes.length + 1));
        probe(d, bytes, cut);
        d.detect(bytes, 0, cut);
        answered++;
      }
      for (let round = 0; round < 100; round++) {
        const bytes = new Uint8Array(<i32>(noise.next() % 64));
        for (let i = 0; i < bytes.length; i++) bytes[i] = <u8>noise.next();
        probe(d, bytes, bytes.length);
        answered++;
      }
    }
    expect(answered).toBe(2500);
  });
});
