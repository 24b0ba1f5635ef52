// The compact protocol (doc/specs/thrift-compact-protocol.md): integers as zigzag varints, strings as a varint
// length and the bytes, doubles as 8 bytes. A field header is one byte, the id's delta from the struct's previous
// field (1-15) over the type, or a 0 delta and the id as a zigzag varint; a bool field carries its value in the type
// (1 true, 2 false). A list or set header is one byte, the size (15: a varint size follows) over the element type; a
// map is a varint size and, when not empty, a byte of key type over value type. A message starts 0x82, then the type
// over the version (1), then the seqid as a varint, then the name.
import { ProtocolCodec, VALUE_IN_HEADER, isMessageType } from "./codec";
import { ThriftMessage } from "./message";
import { MessageType, TType } from "./protocol";
import { ThriftProblem } from "./problem";
import { ByteReader } from "./reader";
import { ByteWriter } from "./writer";

export const PROTOCOL_ID: i32 = 0x82;
export const VERSION: i32 = 1;
export const VERSION_MASK: i32 = 0x1f;
const TYPE_SHIFT: i32 = 5;

const BOOLEAN_TRUE: i32 = 1;
const BOOLEAN_FALSE: i32 = 2;
const BINARY: i32 = 8;
const I32: i32 = 5;

/** A compact type id that is none: a problem once a value of it is skipped. */
const NOT_A_TYPE: i32 = -2;

/** TType of each compact type id, 0 to 15. */
const TTYPES: StaticArray<i32> = [
  NOT_A_TYPE, TType.BOOL, TType.BOOL, TType.BYTE, TType.I16, TType.I32, TType.I64, TType.DOUBLE,
  TType.STRING, TType.LIST, TType.SET, TType.MAP, TType.STRUCT, TType.UUID, NOT_A_TYPE, NOT_A_TYPE,
];

function ttypeOf(compactType: i32): i32 {
  return unchecked(TTYPES[compactType & 0x0f]);
}

function zigzag(value: u32): i32 {
  return <i32>(value >>> 1) ^ -<i32>(value & 1);
}

function toZigzag(value: i32): u32 {
  return <u32>((value << 1) ^ (value >> 31));
}

export class CompactCodec extends ProtocolCodec {
  readMessageBegin(r: ByteReader, into: ThriftMessage): bool {
    into.messageAt = r.at;
    into.envelope.strict = true;
    if (!r.has(2)) return false;
    if (r.u8() != PROTOCOL_ID) return r.fail(ThriftProblem.BadVersion);
    const typeAndVersion = r.u8();
    if ((typeAndVersion & VERSION_MASK) != VERSION) return r.fail(ThriftProblem.BadVersion);
    const type = typeAndVersion >> TYPE_SHIFT;
    if (!isMessageType(type)) return r.fail(ThriftProblem.BadMessageType);
    into.type = <MessageType>type;
    // The seqid is a plain varint, not zigzag.
    into.seqId = <i32>r.varint32();
    if (!r.ok) return false;
    into.nameLengthAt = r.at;
    const length = <i32>r.varint32();
    if (!r.ok || !r.length(length)) return false;
    into.nameAt = r.at;
    into.nameLength = length;
    return r.skip(length);
  }

  readFieldBegin(r: ByteReader, lastId: i32): bool {
    if (!r.has(1)) return false;
    const header = r.u8();
    const type = header & 0x0f;
    // A zero type ends the struct whatever the high bits (as Apache's C++ reads it).
    if (type == 0) {
      this.fieldType = TType.STOP;
      this.fieldId = 0;
      return true;
    }
    const delta = header >> 4;
    if (delta == 0) {
      const id = r.varint32();
      if (!r.ok) return false;
      this.fieldId = <i32><i16>zigzag(id);
    } else {
      this.fieldId = <i32><i16>(lastId + delta);
    }
    if (type == BOOLEAN_TRUE || type == BOOLEAN_FALSE) {
      this.fieldType = VALUE_IN_HEADER;
      return true;
    }
    this.fieldType = ttypeOf(type);
    return this.fieldType != NOT_A_TYPE || r.fail(ThriftProblem.UnknownType);
  }

  readListBegin(r: ByteReader): bool {
    if (!r.has(1)) return false;
    const header = r.u8();
    this.elementType = ttypeOf(header);
    const size = header >> 4;
    if (size != 15) {
      this.count = size;
      return true;
    }
    this.count = <i32>r.varint32();
    return r.ok && r.length(this.count);
  }

  readMapBegin(r: ByteReader): bool {
    this.count = <i32>r.varint32();
    if (!r.ok || !r.length(this.count)) return false;
    // An empty map has no types byte.
    if (this.count == 0) {
      this.elementType = NOT_A_TYPE;
      this.valueType = NOT_A_TYPE;
      return true;
    }
    if (!r.has(1)) return false;
    const types = r.u8();
    this.elementType = ttypeOf(types >> 4);
    this.valueType = ttypeOf(types);
    return true;
  }

  skipScalar(r: ByteReader, type: i32): bool {
    switch (type) {
      case TType.I16:
      case TType.I32:
        r.varint32();
        return r.ok;
      case TType.I64:
        return r.skipVarint64();
      case TType.STRING: {
        const length = <i32>r.varint32();
        return r.ok && r.length(length) && r.skip(length);
      }
    }
    const size = this.fixedSize(type);
    if (size == 0) return r.fail(ThriftProblem.UnknownType);
    return r.skip(size);
  }

  fixedSize(type: i32): i32 {
    switch (type) {
      // A bool inside a list, set or map is one byte.
      case TType.BOOL:
      case TType.BYTE:
        return 1;
      case TType.DOUBLE:
        return 8;
      case TType.UUID:
        return 16;
    }
    return 0;
  }

  writeMessageBegin(w: ByteWriter, name: Uint8Array, type: MessageType, seqId: i32, strict: bool): void {
    w.u8(PROTOCOL_ID);
    w.u8((<i32>type << TYPE_SHIFT) | VERSION);
    w.varint32(<u32>seqId);
    this.writeNameLength(w, name.length);
    w.copy(name, 0, name.length);
  }

  writeNameLength(w: ByteWriter, length: i32): void {
    w.varint32(<u32>length);
  }

  writeApplicationException(w: ByteWriter, message: Uint8Array, type: i32): void {
    // Fields 1 and 2, each a delta of 1 from the one before.
    w.u8((1 << 4) | BINARY);
    w.varint32(<u32>message.length);
    w.copy(message, 0, message.length);
    w.u8((1 << 4) | I32);
    w.varint32(toZigzag(type));
    w.u8(0);
  }
}
