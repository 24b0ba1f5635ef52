// One decoded Thrift message: the call record the rules read (service and method, THeader values as attributes),
// its type and seqid, how a reply was answered, and where its parts lie in the bytes it was decoded from (for a
// rewrite). The decoder fills one object again for each message: keep a copy of what must outlive the next one.
import { decodeUtf8 } from "../../assembly/wire/utf8";
import { CallInfo } from "../rpc/call_rule";
import { Envelope } from "./envelope";
import { MessageType } from "./protocol";

/** For a reply: what its result struct's first field says. */
export enum ReplyKind {
  /** Not a reply (call, oneway, exception). */
  NotReply,
  /** Field 0, the return value. */
  Success,
  /** No field: a void method returned. */
  VoidSuccess,
  /**
   * Any other field id: an exception the method declares. Negative ids count too, as in Envoy: an IDL `throws`
   * without explicit ids is numbered -1, -2, ...
   */
  DeclaredException,
}

const COLON: u8 = 0x3a;

export class ThriftMessage extends CallInfo {
  envelope: Envelope = new Envelope();
  /** The name as sent: "Service:method" when multiplexed (then `service` and `method` are its two parts). */
  name: string = "";
  type: MessageType = MessageType.Call;
  seqId: i32 = 0;
  reply: ReplyKind = ReplyKind.NotReply;

  /** The frame: its first byte and the byte after it. */
  frameAt: i32 = 0;
  frameEnd: i32 = 0;
  /** The protocol message, after any frame length and THeader header. */
  messageAt: i32 = 0;
  /** The name's length field, the name, and where its method part starts (after "Service:", else the name's start). */
  nameLengthAt: i32 = 0;
  nameAt: i32 = 0;
  nameLength: i32 = 0;
  methodAt: i32 = 0;

  /** The previous message's name bytes: the same name again keeps its strings instead of decoding them anew. */
  private lastName: Uint8Array = new Uint8Array(32);
  private lastNameLength: i32 = -1;

  /** Sets `name`, `service`, `method` and `methodAt` from the name bytes at `nameAt` in `bytes`. */
  readName(bytes: Uint8Array): void {
    const at = this.nameAt;
    const length = this.nameLength;
    let colon = -1;
    for (let i = 0; i < length; i++) {
      if (unchecked(bytes[at + i]) == COLON) {
        colon = i;
        break;
      }
    }
    this.methodAt = colon < 0 ? at : at + colon + 1;
    if (this.sameAsLast(bytes, at, length)) return;
    if (this.lastName.length < length) this.lastName = new Uint8Array(max(length, this.lastName.length << 1));
    for (let i = 0; i < length; i++) unchecked((this.lastName[i] = bytes[at + i]));
    this.lastNameLength = length;
    const ptr = bytes.dataStart + <usize>at;
    this.name = decodeUtf8(ptr, <usize>length);
    if (colon < 0) {
      this.service = "";
      this.method = this.name;
    } else {
      this.service = decodeUtf8(ptr, <usize>colon);
      this.method = decodeUtf8(ptr + <usize>(colon + 1), <usize>(length - colon - 1));
    }
  }

  private sameAsLast(bytes: Uint8Array, at: i32, length: i32): bool {
    if (length != this.lastNameLength) return false;
    for (let i = 0; i < length; i++) if (unchecked(bytes[at + i]) != unchecked(this.lastName[i])) return false;
    return true;
  }
}
