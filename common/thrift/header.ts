// THeader (doc/specs/HeaderFormat.md, lib/py THeaderTransport.py): after the 4-byte length come the magic 0x0FFF,
// 16-bit flags, a 32-bit sequence number and the header's size in 4-byte words; the header holds, as varints, the
// payload's protocol id and its transforms, then info blocks (type 1: a count of key/value string pairs), then zero
// padding. Transformed payloads (zlib, snappy) are refused, not inflated.
import { decodeUtf8 } from "../../assembly/wire/utf8";
import { Envelope } from "./envelope";
import { ThriftProblem } from "./problem";
import { Protocol } from "./protocol";
import { ByteReader } from "./reader";
import { ByteWriter } from "./writer";

export const HEADER_MAGIC: i32 = 0x0fff;
/** The length field, magic, flags, sequence number and header size, before the header proper. */
const FIXED_SIZE: i32 = 14;
/** The smallest length field: magic, flags, sequence number and header size (10 bytes), and one header word. */
export const MIN_LENGTH: i32 = 14;

const PROTOCOL_ID_BINARY: u32 = 0;
const PROTOCOL_ID_COMPACT: u32 = 2;
const INFO_KEY_VALUE: u32 = 1;

/**
 * Reads the header of the frame at `r.at`, the whole frame in `r`; true with `r.at` at the payload and `into` holding
 * the protocol, flags and sequence number. Key/value info headers whose key is one of `wantedKeys` (UTF-8 of
 * `wantedNames`) are added to `attributes` as name/value pairs; with none wanted the info blocks are not read.
 */
export function readHeader(r: ByteReader, into: Envelope, wantedKeys: Uint8Array[], wantedNames: string[], attributes: string[]): bool {
  if (!r.has(FIXED_SIZE)) return false;
  r.i32();
  if (r.u16() != HEADER_MAGIC) return r.fail(ThriftProblem.BadHeaderMagic);
  into.headerFlags = <u16>r.u16();
  into.headerSeqId = r.i32();
  const words = r.u16();
  const payloadAt = r.at + (words << 2);
  if (words == 0 || payloadAt > r.end) return r.fail(ThriftProblem.BadHeader);
  const frameEnd = r.end;
  r.end = payloadAt;
  const read = readFields(r, into, wantedKeys, wantedNames, attributes);
  r.end = frameEnd;
  if (!read) return r.fail(ThriftProblem.BadHeader);
  r.at = payloadAt;
  return true;
}

/** The header's fields, `r` ending at the header's end: running out there is a malformed header. */
function readFields(r: ByteReader, into: Envelope, wantedKeys: Uint8Array[], wantedNames: string[], attributes: string[]): bool {
  const protocolId = r.varint32();
  if (!r.ok) return false;
  if (protocolId == PROTOCOL_ID_BINARY) into.protocol = Protocol.Binary;
  else if (protocolId == PROTOCOL_ID_COMPACT) into.protocol = Protocol.Compact;
  else return r.fail(ThriftProblem.UnsupportedProtocol);
  const transforms = r.varint32();
  if (!r.ok) return false;
  if (transforms != 0) return r.fail(ThriftProblem.UnsupportedTransform);
  if (wantedKeys.length == 0) return true;
  // Info blocks until padding (0) or a block type not known, which ends them (as Envoy and lib/py read it).
  while (r.at < r.end && r.varint32() == INFO_KEY_VALUE && r.ok) {
    const count = <i32>r.varint32();
    if (!r.ok || !r.length(count)) return false;
    for (let i = 0; i < count; i++) {
      const keyLength = <i32>r.varint32();
      if (!r.ok || !r.length(keyLength)) return false;
      const keyAt = r.at;
      if (!r.skip(keyLength)) return false;
      const valueLength = <i32>r.varint32();
      if (!r.ok || !r.length(valueLength)) return false;
      const valueAt = r.at;
      if (!r.skip(valueLength)) return false;
      const wanted = indexOfKey(r.bytes, keyAt, keyLength, wantedKeys);
      if (wanted >= 0) {
        attributes.push(wantedNames[wanted]);
        attributes.push(decodeUtf8(r.bytes.dataStart + <usize>valueAt, <usize>valueLength));
      }
    }
  }
  return r.ok;
}

function indexOfKey(bytes: Uint8Array, at: i32, length: i32, keys: Uint8Array[]): i32 {
  for (let k = 0; k < keys.length; k++) {
    const key = unchecked(keys[k]);
    if (key.length != length) continue;
    let same = true;
    for (let i = 0; i < length && same; i++) same = unchecked(key[i]) == unchecked(bytes[at + i]);
    if (same) return k;
  }
  return -1;
}

/**
 * A frame's fixed part and a header naming `envelope`'s protocol, with no transforms and no info headers; the length
 * (the first 4 bytes) is left 0 for the caller to set once the payload is written.
 */
export function writeHeader(w: ByteWriter, envelope: Envelope): void {
  w.i32(0);
  w.u16(HEADER_MAGIC);
  w.u16(envelope.headerFlags);
  w.i32(envelope.headerSeqId);
  // One word: protocol id, no transforms, two bytes of padding.
  w.u16(1);
  w.varint32(envelope.protocol == Protocol.Compact ? PROTOCOL_ID_COMPACT : PROTOCOL_ID_BINARY);
  w.varint32(0);
  w.u16(0);
}
