// The Thrift codec a network filter runs over one direction of a connection: `measure` says how long the message at
// a boundary is (the frame loop's FrameCodec contract), `decode` reads a whole one into a reused ThriftMessage. A
// framed or THeader message is measured by its length field alone; an unframed one by walking it to its end, and a
// walk cut short by the end of the bytes resumes where it stopped when the same message is measured again.
import { FrameSize } from "../rpc/frame_loop";
import { BinaryCodec } from "./binary";
import { ProtocolCodec } from "./codec";
import { CompactCodec } from "./compact";
import { Envelope } from "./envelope";
import { HEADER_MAGIC, MIN_LENGTH, readHeader } from "./header";
import { ThriftLimits } from "./limits";
import { ReplyKind, ThriftMessage } from "./message";
import { ThriftProblem } from "./problem";
import { MessageType, Protocol, TType, Transport } from "./protocol";
import { ByteReader } from "./reader";
import { StructSkipper } from "./skip";
import { Detection, detectTransport, isBinaryStart, isCompactStart } from "./transport";

export class ThriftDecoder {
  /** Why the last measure, decode or detect failed. */
  problem: ThriftProblem = ThriftProblem.None;
  /** The message the last successful decode read; filled again by the next one. */
  readonly message: ThriftMessage = new ThriftMessage();

  private reader: ByteReader = new ByteReader();
  private binary: BinaryCodec = new BinaryCodec();
  private compact: CompactCodec = new CompactCodec();
  private skipper: StructSkipper;
  /** Measure's own message header, so measuring never disturbs the message decoded last. */
  private head: ThriftMessage = new ThriftMessage();
  private detected: Envelope = new Envelope();
  private wantedKeys: Uint8Array[] = [];
  /** Unframed: how far into the message a measure cut short got, or -1. */
  private resumeAt: i32 = -1;

  /**
   * `transport` and `protocol` as configured or detected (for THeader each frame names its protocol).
   * `wantedHeaders`: the THeader info keys decoded into the message's attributes; the others are not read.
   */
  constructor(public transport: Transport, public protocol: Protocol, private limits: ThriftLimits, private wantedHeaders: string[]) {
    this.skipper = new StructSkipper(limits.maxDepth);
    for (let i = 0; i < wantedHeaders.length; i++) this.wantedKeys.push(Uint8Array.wrap(String.UTF8.encode(wantedHeaders[i])));
  }

  /** Sets `transport` and `protocol` from a connection's first bytes; NotThrift sets `problem`. */
  detect(bytes: Uint8Array, at: i32, available: i32): Detection {
    const found = detectTransport(bytes, at, available, this.limits.maxMessageBytes, this.detected);
    if (found == Detection.Detected) {
      this.transport = this.detected.transport;
      this.protocol = this.detected.protocol;
    } else if (found == Detection.NotThrift) {
      this.problem = ThriftProblem.NotThrift;
    }
    return found;
  }

  /**
   * The size of the message at `at`, frame included, given `available` bytes from there; or FrameSize.NEED_MORE, or
   * FrameSize.INVALID with `problem` set. After NEED_MORE for an unframed message, the next call must be for the same
   * message with at least the same bytes (the frame loop's way): it resumes the walk.
   */
  measure(bytes: Uint8Array, at: i32, available: i32): i32 {
    const count = at < 0 ? 0 : min(available, bytes.length - at);
    if (this.transport == Transport.Unframed) return this.measureUnframed(bytes, at, count);
    if (count < 4) return FrameSize.NEED_MORE;
    const length = (<i32>bytes[at] << 24) | (<i32>bytes[at + 1] << 16) | (<i32>bytes[at + 2] << 8) | <i32>bytes[at + 3];
    if (length > this.limits.maxMessageBytes) return this.invalid(ThriftProblem.MessageTooLarge);
    if (this.transport == Transport.Header) {
      if (length < MIN_LENGTH) return this.invalid(ThriftProblem.BadFrameSize);
    } else if (length <= 0) {
      return this.invalid(ThriftProblem.BadFrameSize);
    }
    // The two bytes after the length are checked as soon as they are there: garbage is not held up to a frame's length.
    if (count >= 6) {
      const problem = this.frameStartProblem(<i32>bytes[at + 4], <i32>bytes[at + 5]);
      if (problem != ThriftProblem.None) return this.invalid(problem);
    }
    return 4 + length;
  }

  private frameStartProblem(first: i32, second: i32): ThriftProblem {
    if (this.transport == Transport.Header) return ((first << 8) | second) == HEADER_MAGIC ? ThriftProblem.None : ThriftProblem.BadHeaderMagic;
    if (this.protocol == Protocol.Compact) return isCompactStart(first, second) ? ThriftProblem.None : ThriftProblem.BadVersion;
    // Binary: the strict version word, or the old form's name length (high bit clear).
    return first < 0x80 || isBinaryStart(first, second) ? ThriftProblem.None : ThriftProblem.BadVersion;
  }

  private measureUnframed(bytes: Uint8Array, at: i32, count: i32): i32 {
    const cap = this.limits.maxMessageBytes;
    const r = this.reader.reset(bytes, at, at + min(count, cap), cap);
    const codec = this.codec(this.protocol);
    if (this.resumeAt >= 0 && this.resumeAt <= count) {
      r.at = at + this.resumeAt;
    } else {
      this.resumeAt = -1;
      if (!codec.readMessageBegin(r, this.head)) return this.unfinished(r, at, count, false);
      this.skipper.start();
    }
    if (!this.skipper.run(r, codec)) return this.unfinished(r, at, count, true);
    this.resumeAt = -1;
    return r.at - at;
  }

  private unfinished(r: ByteReader, at: i32, count: i32, walking: bool): i32 {
    this.resumeAt = -1;
    if (r.problem != ThriftProblem.None) return this.invalid(r.problem);
    // Short with the cap's worth of bytes there: the message is longer than the cap.
    if (count >= this.limits.maxMessageBytes) return this.invalid(ThriftProblem.MessageTooLarge);
    if (walking) this.resumeAt = r.at - at;
    return FrameSize.NEED_MORE;
  }

  private invalid(problem: ThriftProblem): i32 {
    this.problem = problem;
    this.resumeAt = -1;
    return FrameSize.INVALID;
  }

  /**
   * Reads the whole message of `size` bytes at `at` (as measure sized it) into `message`; false with `problem` set
   * when it is not one.
   */
  decode(bytes: Uint8Array, at: i32, size: i32): bool {
    const m = this.message;
    const r = this.reader.reset(bytes, at, at + size, this.limits.maxMessageBytes);
    m.frameAt = r.at;
    m.frameEnd = r.end;
    m.reply = ReplyKind.NotReply;
    m.attributes.length = 0;
    const envelope = m.envelope;
    envelope.transport = this.transport;
    envelope.protocol = this.protocol;
    envelope.headerFlags = 0;
    envelope.headerSeqId = 0;
    if (this.transport == Transport.Framed) {
      if (!r.skip(4)) return this.undecodable(r);
    } else if (this.transport == Transport.Header) {
      if (!readHeader(r, envelope, this.wantedKeys, this.wantedHeaders, m.attributes)) return this.undecodable(r);
    }
    const codec = this.codec(envelope.protocol);
    if (!codec.readMessageBegin(r, m)) return this.undecodable(r);
    m.readName(bytes);
    if (m.type == MessageType.Reply) {
      if (!codec.readFieldBegin(r, 0)) return this.undecodable(r);
      if (codec.fieldType == TType.STOP) m.reply = ReplyKind.VoidSuccess;
      else m.reply = codec.fieldId == 0 ? ReplyKind.Success : ReplyKind.DeclaredException;
    }
    return true;
  }

  /** Running short inside a whole message means it claims more than its frame holds. */
  private undecodable(r: ByteReader): bool {
    this.problem = r.problem != ThriftProblem.None ? r.problem : ThriftProblem.Truncated;
    return false;
  }

  private codec(protocol: Protocol): ProtocolCodec {
    return protocol == Protocol.Compact ? this.compact : this.binary;
  }
}
