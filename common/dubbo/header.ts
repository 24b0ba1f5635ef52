// The 16-byte Dubbo frame header: magic 0xdabb, flags (request, two-way, event, serialization id), status,
// 8-byte request id, 4-byte body length, all big-endian.

export const HEADER_SIZE: i32 = 16;
export const MAGIC_HIGH: u8 = 0xda;
export const MAGIC_LOW: u8 = 0xbb;

const FLAG_REQUEST: u8 = 0x80;
const FLAG_TWO_WAY: u8 = 0x40;
const FLAG_EVENT: u8 = 0x20;
const SERIALIZATION_MASK: u8 = 0x1f;

/** Dubbo's serialization id for Hessian2, the only body this codec reads. */
export const HESSIAN2: u8 = 2;

/** Response statuses (org.apache.dubbo.remoting.exchange.Response). */
export namespace DubboStatus {
  export const OK: u8 = 20;
  export const CLIENT_TIMEOUT: u8 = 30;
  export const SERVER_TIMEOUT: u8 = 31;
  export const BAD_REQUEST: u8 = 40;
  export const BAD_RESPONSE: u8 = 50;
  export const SERVICE_NOT_FOUND: u8 = 60;
  export const SERVICE_ERROR: u8 = 70;
  export const SERVER_ERROR: u8 = 80;
  export const CLIENT_ERROR: u8 = 90;
  export const SERVER_THREADPOOL_EXHAUSTED: u8 = 100;
}

/** Why bytes are not a Dubbo frame. */
export enum HeaderProblem {
  None,
  BadMagic,
  BodyTooLarge,
}

export class DubboHeader {
  isRequest: bool = false;
  twoWay: bool = false;
  event: bool = false;
  serialization: u8 = 0;
  status: u8 = 0;
  requestId: u64 = 0;
  bodyLength: u32 = 0;

  /** The whole frame, header included. */
  get frameLength(): i32 {
    return HEADER_SIZE + <i32>this.bodyLength;
  }
}

/** Reads the header at `at` (HEADER_SIZE bytes must be there); a body over `maxBody` bytes is a problem. */
export function readHeader(bytes: Uint8Array, at: i32, maxBody: u32, into: DubboHeader): HeaderProblem {
  if (bytes[at] != MAGIC_HIGH || bytes[at + 1] != MAGIC_LOW) return HeaderProblem.BadMagic;
  const flags = bytes[at + 2];
  into.isRequest = (flags & FLAG_REQUEST) != 0;
  into.twoWay = (flags & FLAG_TWO_WAY) != 0;
  into.event = (flags & FLAG_EVENT) != 0;
  into.serialization = flags & SERIALIZATION_MASK;
  into.status = bytes[at + 3];
  let id: u64 = 0;
  for (let i = 0; i < 8; i++) id = (id << 8) | <u64>bytes[at + 4 + i];
  into.requestId = id;
  const length = (<u32>bytes[at + 12] << 24) | (<u32>bytes[at + 13] << 16) | (<u32>bytes[at + 14] << 8) | <u32>bytes[at + 15];
  if (length > maxBody) return HeaderProblem.BodyTooLarge;
  into.bodyLength = length;
  return HeaderProblem.None;
}

function writeHeader(out: Uint8Array, flags: u8, status: u8, requestId: u64, bodyLength: i32): void {
  out[0] = MAGIC_HIGH;
  out[1] = MAGIC_LOW;
  out[2] = flags;
  out[3] = status;
  for (let i = 0; i < 8; i++) out[4 + i] = <u8>(requestId >> (<u64>(56 - 8 * i)));
  out[12] = <u8>(bodyLength >>> 24);
  out[13] = <u8>(bodyLength >>> 16);
  out[14] = <u8>(bodyLength >>> 8);
  out[15] = <u8>bodyLength;
}

/** Hessian2's null, the body of a heartbeat and of its answer. */
const HESSIAN_NULL: u8 = 0x4e;

/**
 * A heartbeat request with `requestId`: what a refused call is rewritten into, so the provider answers for that id
 * (two-way) or says nothing (one-way).
 */
export function heartbeatRequest(requestId: u64, twoWay: bool): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + 1);
  writeHeader(out, FLAG_REQUEST | (twoWay ? FLAG_TWO_WAY : 0) | FLAG_EVENT | HESSIAN2, 0, requestId, 1);
  out[HEADER_SIZE] = HESSIAN_NULL;
  return out;
}

/** An error response for `requestId`: the consumer raises an RpcException carrying `message`. */
export function errorResponse(requestId: u64, status: u8, message: string): Uint8Array {
  const text = Uint8Array.wrap(String.UTF8.encode(message));
  // A Hessian2 string: its length counts UTF-16 units; messages are cut to what the one-chunk 'S' form holds.
  const units = min(message.length, 0xffff);
  const body = new Uint8Array(3 + text.length);
  body[0] = 0x53;
  body[1] = <u8>(units >>> 8);
  body[2] = <u8>units;
  body.set(text, 3);
  const out = new Uint8Array(HEADER_SIZE + body.length);
  writeHeader(out, HESSIAN2, status, requestId, body.length);
  out.set(body, HEADER_SIZE);
  return out;
}
