// The binary protocol (doc/specs/thrift-binary-protocol.md): big-endian fixed-width integers, strings as an i32
// length and the bytes, a field header of type byte and i16 id (a lone 0 byte ends a struct), a list or set as an
// element type and i32 count, a map as key type, value type and i32 count. A message starts either with the strict
// version word 0x8001 00tt, then the name, then the seqid, or in the old form with the name, a type byte and the seqid.
import { ProtocolCodec, isMessageType } from "./codec";
import { ThriftMessage } from "./message";
import { MessageType, TType } from "./protocol";
import { ThriftProblem } from "./problem";
import { ByteReader } from "./reader";
import { ByteWriter } from "./writer";

const VERSION_1: i32 = 0x80010000;
const VERSION_MASK: i32 = 0xffff0000;

export class BinaryCodec extends ProtocolCodec {
  readMessageBegin(r: ByteReader, into: ThriftMessage): bool {
    into.messageAt = r.at;
    if (!r.has(4)) return false;
    // A strict message's first word is negative; the old form's is the name length.
    const strict = (r.peek() & 0x80) != 0;
    into.envelope.strict = strict;
    if (strict) {
      const version = r.i32();
      if ((version & VERSION_MASK) != VERSION_1) return r.fail(ThriftProblem.BadVersion);
      const type = version & 0xff;
      if (!isMessageType(type)) return r.fail(ThriftProblem.BadMessageType);
      into.type = <MessageType>type;
      if (!this.readName(r, into) || !r.has(4)) return false;
      into.seqId = r.i32();
      return true;
    }
    if (!this.readName(r, into) || !r.has(5)) return false;
    const type = r.u8();
    if (!isMessageType(type)) return r.fail(ThriftProblem.BadMessageType);
    into.type = <MessageType>type;
    into.seqId = r.i32();
    return true;
  }

  private readName(r: ByteReader, into: ThriftMessage): bool {
    into.nameLengthAt = r.at;
    if (!r.has(4)) return false;
    const length = r.i32();
    if (!r.length(length)) return false;
    into.nameAt = r.at;
    into.nameLength = length;
    return r.skip(length);
  }

  readFieldBegin(r: ByteReader, lastId: i32): bool {
    if (!r.has(1)) return false;
    const type = r.u8();
    if (type == TType.STOP) {
      this.fieldType = TType.STOP;
      this.fieldId = 0;
      return true;
    }
    if (!r.has(2)) return false;
    this.fieldType = type;
    this.fieldId = <i32><i16>r.u16();
    return true;
  }

  readListBegin(r: ByteReader): bool {
    if (!r.has(5)) return false;
    this.elementType = r.u8();
    this.count = r.i32();
    return r.length(this.count);
  }

  readMapBegin(r: ByteReader): bool {
    if (!r.has(6)) return false;
    this.elementType = r.u8();
    this.valueType = r.u8();
    this.count = r.i32();
    return r.length(this.count);
  }

  skipScalar(r: ByteReader, type: i32): bool {
    if (type == TType.STRING) {
      if (!r.has(4)) return false;
      const length = r.i32();
      return r.length(length) && r.skip(length);
    }
    const size = this.fixedSize(type);
    if (size == 0) return r.fail(ThriftProblem.UnknownType);
    return r.skip(size);
  }

  fixedSize(type: i32): i32 {
    switch (type) {
      case TType.BOOL:
      case TType.BYTE:
        return 1;
      case TType.I16:
        return 2;
      case TType.I32:
        return 4;
      case TType.I64:
      case TType.DOUBLE:
        return 8;
      case TType.UUID:
        return 16;
    }
    return 0;
  }

  writeMessageBegin(w: ByteWriter, name: Uint8Array, type: MessageType, seqId: i32, strict: bool): void {
    if (strict) {
      w.i32(VERSION_1 | <i32>type);
      this.writeNameLength(w, name.length);
      w.copy(name, 0, name.length);
    } else {
      this.writeNameLength(w, name.length);
      w.copy(name, 0, name.length);
      w.u8(<i32>type);
    }
    w.i32(seqId);
  }

  writeNameLength(w: ByteWriter, length: i32): void {
    w.i32(length);
  }

  writeApplicationException(w: ByteWriter, message: Uint8Array, type: i32): void {
    w.u8(TType.STRING);
    w.u16(1);
    w.i32(message.length);
    w.copy(message, 0, message.length);
    w.u8(TType.I32);
    w.u16(2);
    w.i32(type);
    w.u8(TType.STOP);
  }
}
