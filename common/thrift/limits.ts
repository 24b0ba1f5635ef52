// What a peer may make the Thrift decoder hold or walk.

/** Apache Thrift's own hard cap on a frame (THeaderTransport's HARD_MAX_FRAME_SIZE): sizes stay far from i32 overflow. */
const HARD_MAX_MESSAGE_BYTES: i32 = 0x3fffffff;

export class ThriftLimits {
  /**
   * The largest message: a frame's length field, or an unframed message's bytes. Any string, name or container
   * count above it is refused as well, since it could not fit.
   */
  maxMessageBytes: i32;
  /** Structs and containers nested deeper than this are refused; the message's own struct is depth 1. */
  maxDepth: i32;

  constructor(maxMessageBytes: i32 = 16 << 20, maxDepth: i32 = 64) {
    this.maxMessageBytes = max(1, min(maxMessageBytes, HARD_MAX_MESSAGE_BYTES));
    this.maxDepth = max(1, maxDepth);
  }
}
