// Which transport and protocol a connection speaks, told from its first bytes (as Envoy's auto transport and lib/py
// THeaderTransport tell them): a strict binary (0x80 0x01) or compact (0x82, version 1) message start is unframed;
// otherwise a sane length followed by such a start is framed, and followed by 0x0F 0xFF it is THeader, whose
// protocol each frame names. The binary protocol's old form (no version word) is never guessed: configure it.
import { Envelope } from "./envelope";
import { PROTOCOL_ID, VERSION, VERSION_MASK } from "./compact";
import { HEADER_MAGIC, MIN_LENGTH } from "./header";
import { Protocol, Transport } from "./protocol";

export enum Detection {
  /** `into` holds the transport and protocol. */
  Detected,
  NeedMore,
  NotThrift,
}

const BINARY_FIRST: i32 = 0x80;
const BINARY_SECOND: i32 = 0x01;

/** A strict binary message's first two bytes. */
export function isBinaryStart(first: i32, second: i32): bool {
  return first == BINARY_FIRST && second == BINARY_SECOND;
}

/** A compact message's first two bytes. */
export function isCompactStart(first: i32, second: i32): bool {
  return first == PROTOCOL_ID && (second & VERSION_MASK) == VERSION;
}

/** Detects from the `available` bytes at `at`; a frame length over `maxMessageBytes` is not Thrift. */
export function detectTransport(bytes: Uint8Array, at: i32, available: i32, maxMessageBytes: i32, into: Envelope): Detection {
  const count = at < 0 ? 0 : min(available, bytes.length - at);
  if (count < 1) return Detection.NeedMore;
  const first = <i32>bytes[at];
  // A frame length is a positive i32: a first byte with the high bit set can only start a message.
  if (first >= 0x80) {
    if (count < 2) return first == BINARY_FIRST || first == PROTOCOL_ID ? Detection.NeedMore : Detection.NotThrift;
    const second = <i32>bytes[at + 1];
    into.transport = Transport.Unframed;
    if (isBinaryStart(first, second)) into.protocol = Protocol.Binary;
    else if (isCompactStart(first, second)) into.protocol = Protocol.Compact;
    else return Detection.NotThrift;
    return Detection.Detected;
  }
  if (count < 6) return Detection.NeedMore;
  const length = (first << 24) | (<i32>bytes[at + 1] << 16) | (<i32>bytes[at + 2] << 8) | <i32>bytes[at + 3];
  if (length <= 0 || length > maxMessageBytes) return Detection.NotThrift;
  const fifth = <i32>bytes[at + 4];
  const sixth = <i32>bytes[at + 5];
  if (((fifth << 8) | sixth) == HEADER_MAGIC) {
    if (length < MIN_LENGTH) return Detection.NotThrift;
    into.transport = Transport.Header;
    // Each frame names its protocol; binary until one is read.
    into.protocol = Protocol.Binary;
    return Detection.Detected;
  }
  into.transport = Transport.Framed;
  if (isBinaryStart(fifth, sixth)) into.protocol = Protocol.Binary;
  else if (isCompactStart(fifth, sixth)) into.protocol = Protocol.Compact;
  else return Detection.NotThrift;
  return Detection.Detected;
}
