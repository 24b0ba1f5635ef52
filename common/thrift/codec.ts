// What the decoder, the skipper and the encoders need of a Thrift protocol. A read returns false when its reader ran
// short or found a problem (the reader says which); a failed read may have taken bytes, so a caller that retries
// rewinds the reader to where the read began. Type ids read are TType's, whatever the protocol writes.
import { ThriftMessage } from "./message";
import { MessageType } from "./protocol";
import { ByteReader } from "./reader";
import { ByteWriter } from "./writer";

/** readFieldBegin's type for a field whose value was in its header (compact's bools): no value follows. */
export const VALUE_IN_HEADER: i32 = -1;

export abstract class ProtocolCodec {
  /** After readFieldBegin: the field's type (TType.STOP at the struct's end, or VALUE_IN_HEADER) and id. */
  fieldType: i32 = 0;
  fieldId: i32 = 0;
  /** After readListBegin (elementType) or readMapBegin (elementType for keys, valueType for values). */
  count: i32 = 0;
  elementType: i32 = 0;
  valueType: i32 = 0;

  /** The message header: sets `type`, `seqId`, `messageAt`, the name's offsets and the envelope's `strict`. */
  abstract readMessageBegin(r: ByteReader, into: ThriftMessage): bool;
  /** A field header; `lastId` is the previous field's id in the same struct (0 for the first). */
  abstract readFieldBegin(r: ByteReader, lastId: i32): bool;
  /** A list's or set's header. */
  abstract readListBegin(r: ByteReader): bool;
  abstract readMapBegin(r: ByteReader): bool;
  /** Skips a value that is neither a struct nor a container; a type id that is no type is a problem. */
  abstract skipScalar(r: ByteReader, type: i32): bool;
  /** The size every value of `type` takes, or 0 when it varies: a run of them is skipped at once. */
  abstract fixedSize(type: i32): i32;

  /** `strict` matters to the binary protocol only. */
  abstract writeMessageBegin(w: ByteWriter, name: Uint8Array, type: MessageType, seqId: i32, strict: bool): void;
  /** The length field written before a name. */
  abstract writeNameLength(w: ByteWriter, length: i32): void;
  /** A TApplicationException struct: {1: string message, 2: i32 type}. */
  abstract writeApplicationException(w: ByteWriter, message: Uint8Array, type: i32): void;
}

export function isMessageType(type: i32): bool {
  return type >= MessageType.Call && type <= MessageType.Oneway;
}
