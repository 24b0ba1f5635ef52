// Why bytes are not a Thrift message the decoder accepts: one value per cause, so the filter can count and log it.

export enum ThriftProblem {
  None,
  /** The connection's first bytes start no transport and protocol this decoder reads. */
  NotThrift,
  /** A frame length of zero, negative, or too small for a THeader frame. */
  BadFrameSize,
  /** A frame length, or an unframed message, over the message size cap. */
  MessageTooLarge,
  /** A THeader frame without the magic 0x0FFF. */
  BadHeaderMagic,
  /** A THeader header that is empty, runs past its frame, or whose fields run past the header. */
  BadHeader,
  /** A THeader payload protocol other than binary (0) and compact (2), such as JSON (1). */
  UnsupportedProtocol,
  /** A THeader payload with transforms (zlib, snappy, hmac): not read. */
  UnsupportedTransform,
  /** The binary version word is not 0x8001, or the compact protocol id or version is not 0x82, 1. */
  BadVersion,
  /** A message type other than call, reply, exception and oneway. */
  BadMessageType,
  /** A negative name, string or container size. */
  NegativeSize,
  /** A name, string or container size over the message size cap. */
  SizeTooLarge,
  /** A varint longer than its type allows. */
  BadVarint,
  /** A type id that is not a Thrift type. */
  UnknownType,
  /** Structs and containers nested deeper than the depth limit. */
  TooDeep,
  /** The message runs past the end of its frame. */
  Truncated,
}

/** A short phrase for logs. */
export function problemText(problem: ThriftProblem): string {
  switch (problem) {
    case ThriftProblem.None: return "no problem";
    case ThriftProblem.NotThrift: return "not a thrift transport or protocol";
    case ThriftProblem.BadFrameSize: return "bad frame size";
    case ThriftProblem.MessageTooLarge: return "message over max_message_bytes";
    case ThriftProblem.BadHeaderMagic: return "bad THeader magic";
    case ThriftProblem.BadHeader: return "malformed THeader header";
    case ThriftProblem.UnsupportedProtocol: return "unsupported THeader protocol id";
    case ThriftProblem.UnsupportedTransform: return "unsupported THeader transform";
    case ThriftProblem.BadVersion: return "bad protocol version";
    case ThriftProblem.BadMessageType: return "bad message type";
    case ThriftProblem.NegativeSize: return "negative size";
    case ThriftProblem.SizeTooLarge: return "size over max_message_bytes";
    case ThriftProblem.BadVarint: return "bad varint";
    case ThriftProblem.UnknownType: return "unknown type id";
    case ThriftProblem.TooDeep: return "nesting over max_depth";
    case ThriftProblem.Truncated: return "message runs past its frame";
  }
  return "unknown problem";
}
