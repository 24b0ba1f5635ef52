// Thrift's vocabulary as the wire carries it (apache/thrift doc/specs): the transports that delimit messages, the
// protocols that encode them, message types, type ids (the binary protocol's; compact's are mapped onto them when
// read) and the types of TApplicationException.

/** How messages are delimited on a connection. */
export enum Transport {
  /** A 4-byte big-endian length, then the message. */
  Framed,
  /** The message alone: where it ends is found by decoding it. */
  Unframed,
  /** THeader: a frame whose header (magic 0x0FFF) names the payload's protocol and carries key/value headers. */
  Header,
}

export enum Protocol {
  /** Strict (version word 0x8001) or the old form (name first): both are read, a reply is written as the call was. */
  Binary,
  Compact,
}

export enum MessageType {
  Call = 1,
  Reply = 2,
  Exception = 3,
  Oneway = 4,
}

/** Value types, with the binary protocol's ids. */
export namespace TType {
  export const STOP: i32 = 0;
  export const BOOL: i32 = 2;
  export const BYTE: i32 = 3;
  export const DOUBLE: i32 = 4;
  export const I16: i32 = 6;
  export const I32: i32 = 8;
  export const I64: i32 = 10;
  export const STRING: i32 = 11;
  export const STRUCT: i32 = 12;
  export const MAP: i32 = 13;
  export const SET: i32 = 14;
  export const LIST: i32 = 15;
  export const UUID: i32 = 16;
}

/** TApplicationException's `type` field, as every Thrift library numbers it. */
export namespace AppExceptionType {
  export const UNKNOWN: i32 = 0;
  export const UNKNOWN_METHOD: i32 = 1;
  export const INVALID_MESSAGE_TYPE: i32 = 2;
  export const WRONG_METHOD_NAME: i32 = 3;
  export const BAD_SEQUENCE_ID: i32 = 4;
  export const MISSING_RESULT: i32 = 5;
  export const INTERNAL_ERROR: i32 = 6;
  export const PROTOCOL_ERROR: i32 = 7;
  export const INVALID_TRANSFORM: i32 = 8;
  export const INVALID_PROTOCOL: i32 = 9;
  export const UNSUPPORTED_CLIENT_TYPE: i32 = 10;
}
