// The frames a filter writes to refuse a call without closing the connection, in the transport and protocol the
// connection speaks: a TApplicationException answer, and the call itself renamed to a method the server does not
// know, so the server answers that seqid with its own exception (rewritten on the way back) and stays in step.
import { BinaryCodec } from "./binary";
import { ProtocolCodec } from "./codec";
import { CompactCodec } from "./compact";
import { Envelope } from "./envelope";
import { writeHeader } from "./header";
import { ThriftMessage } from "./message";
import { MessageType, Protocol, Transport } from "./protocol";
import { ByteWriter } from "./writer";

const binary = new BinaryCodec();
const compact = new CompactCodec();

function codecOf(envelope: Envelope): ProtocolCodec {
  return envelope.protocol == Protocol.Compact ? compact : binary;
}

function utf8(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}

/**
 * An EXCEPTION message carrying TApplicationException {message, type} for `seqId`, named `method` (as the server
 * would: a multiplexed server answers with the method alone), carried as `envelope` says: its transport and protocol,
 * the binary form (strict or old), and for THeader the flags and sequence number echoed, no info headers.
 */
export function exceptionReply(envelope: Envelope, method: string, seqId: i32, message: string, type: i32): Uint8Array {
  const name = utf8(method);
  const text = utf8(message);
  const codec = codecOf(envelope);
  const w = new ByteWriter(48 + name.length + text.length);
  if (envelope.transport == Transport.Header) writeHeader(w, envelope);
  else if (envelope.transport == Transport.Framed) w.i32(0);
  codec.writeMessageBegin(w, name, MessageType.Exception, seqId, envelope.strict);
  codec.writeApplicationException(w, text, type);
  if (envelope.transport != Transport.Unframed) w.setI32(0, w.length - 4);
  return w.finish();
}

/**
 * The message `decoded` from `bytes` with its method renamed `method` (a multiplexed "Service:" prefix is kept), the
 * rest byte for byte: the THeader header as it came, the seqid, the arguments; the frame length counts the new name.
 */
export function renameMethod(bytes: Uint8Array, decoded: ThriftMessage, method: string): Uint8Array {
  const name = utf8(method);
  const envelope = decoded.envelope;
  const codec = codecOf(envelope);
  const framed = envelope.transport != Transport.Unframed;
  const w = new ByteWriter(decoded.frameEnd - decoded.frameAt + name.length + 8);
  if (framed) {
    w.i32(0);
    w.copy(bytes, decoded.frameAt + 4, decoded.messageAt);
  }
  w.copy(bytes, decoded.messageAt, decoded.nameLengthAt);
  codec.writeNameLength(w, decoded.methodAt - decoded.nameAt + name.length);
  w.copy(bytes, decoded.nameAt, decoded.methodAt);
  w.copy(name, 0, name.length);
  w.copy(bytes, decoded.nameAt + decoded.nameLength, decoded.frameEnd);
  if (framed) w.setI32(0, w.length - 4);
  return w.finish();
}
