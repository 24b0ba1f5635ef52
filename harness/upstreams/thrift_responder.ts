// A Thrift server stand-in for load: every call in a framed or THeader frame is answered with the greet reply the real
// Python server wrote (tests/fixtures/thrift/messages.json), in the call's transport and protocol, its method name and
// seqid copied (and the THeader flags and sequence number). Unframed calls are read past, never answered: where one
// ends takes walking it. The fuzz through Envoy uses it; everything that checks behaviour talks to the real peers
// (harness/peers/thrift.ts).
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import { projectRoot } from "../paths.js";

export type ThriftWire = "binary" | "compact";

interface CapturedMessage {
  call: string;
  client: string;
  transport: string;
  protocol: string;
  direction: string;
  hex: string;
}

function captured(protocol: ThriftWire, direction: "request" | "response"): Buffer {
  const messages = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/thrift/messages.json"), "utf8")).messages as CapturedMessage[];
  const found = messages.find((m) => m.call === "greet" && m.client === "node" && m.transport === "framed" && m.protocol === protocol && m.direction === direction);
  return Buffer.from(found!.hex, "hex");
}

/** The framed binary greet call of the Node client and the Python server's answer, as they wrote them. */
export const GREET_REQUEST = captured("binary", "request");
export const GREET_REPLY = captured("binary", "response");

/** A message's first part: its type (1 call, 2 reply, 3 exception, 4 oneway), name and seqid; `end` is where its arguments start. */
export interface MessageBegin {
  type: number;
  name: Buffer;
  seqId: number;
  end: number;
}

/** An unsigned varint at `at`, at most 5 bytes, before `end`; undefined when it is not one. */
function readVarint(bytes: Buffer, at: number, end: number): { value: number; end: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5 && at + i < end; i++) {
    const byte = bytes[at + i];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { value: value >>> 0, end: at + i + 1 };
  }
  return undefined;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let left = value >>> 0;
  while (left >= 0x80) {
    bytes.push((left & 0x7f) | 0x80);
    left >>>= 7;
  }
  bytes.push(left);
  return Buffer.from(bytes);
}

/** The strict binary or compact message start at `at`, all of it before `end`; undefined when there is none. */
export function readMessageBegin(bytes: Buffer, at: number, end: number, protocol: ThriftWire): MessageBegin | undefined {
  if (protocol === "binary") {
    if (end - at < 12 || bytes[at] !== 0x80 || bytes[at + 1] !== 0x01) return undefined;
    const nameLength = bytes.readInt32BE(at + 4);
    if (nameLength < 0 || at + 12 + nameLength > end) return undefined;
    return { type: bytes[at + 3], name: bytes.subarray(at + 8, at + 8 + nameLength), seqId: bytes.readInt32BE(at + 8 + nameLength), end: at + 12 + nameLength };
  }
  if (end - at < 4 || bytes[at] !== 0x82 || (bytes[at + 1] & 0x1f) !== 1) return undefined;
  const seqId = readVarint(bytes, at + 2, end);
  const nameLength = seqId && readVarint(bytes, seqId.end, end);
  if (!seqId || !nameLength || nameLength.end + nameLength.value > end) return undefined;
  return { type: bytes[at + 1] >> 5, name: bytes.subarray(nameLength.end, nameLength.end + nameLength.value), seqId: seqId.value | 0, end: nameLength.end + nameLength.value };
}

/** The captured reply's result struct (its success string and the stop), per protocol. */
const REPLY_RESULT: Record<ThriftWire, Buffer> = {
  binary: GREET_REPLY.subarray(readMessageBegin(GREET_REPLY, 4, GREET_REPLY.length, "binary")!.end),
  compact: ((reply) => reply.subarray(readMessageBegin(reply, 4, reply.length, "compact")!.end))(captured("compact", "response")),
};

/** A reply to `call`: its name and seqid, the captured result. */
function replyMessage(protocol: ThriftWire, call: MessageBegin): Buffer {
  if (protocol === "binary") {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(0x80010002, 0);
    head.writeInt32BE(call.name.length, 4);
    const seqId = Buffer.alloc(4);
    seqId.writeInt32BE(call.seqId, 0);
    return Buffer.concat([head, call.name, seqId, REPLY_RESULT.binary]);
  }
  return Buffer.concat([Buffer.from([0x82, (2 << 5) | 1]), varint(call.seqId), varint(call.name.length), call.name, REPLY_RESULT.compact]);
}

const MAX_FRAME = 16 << 20;
const HEADER_MAGIC = 0x0fff;

/** The answer to the frame of `size` bytes at `at` when it holds a call (oneways and the rest are not answered). */
function answer(bytes: Buffer, at: number, size: number, header: boolean): Buffer | undefined {
  const end = at + size;
  if (!header) {
    const protocol: ThriftWire | undefined = bytes[at + 4] === 0x80 ? "binary" : bytes[at + 4] === 0x82 ? "compact" : undefined;
    const call = protocol && readMessageBegin(bytes, at + 4, end, protocol);
    if (!protocol || !call || call.type !== 1) return undefined;
    const message = replyMessage(protocol, call);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(message.length, 0);
    return Buffer.concat([length, message]);
  }
  if (size < 18) return undefined;
  const payloadAt = at + 14 + 4 * bytes.readUInt16BE(at + 12);
  const protocol: ThriftWire | undefined = bytes[at + 14] === 0 ? "binary" : bytes[at + 14] === 2 ? "compact" : undefined;
  const call = protocol && payloadAt <= end ? readMessageBegin(bytes, payloadAt, end, protocol) : undefined;
  if (!protocol || !call || call.type !== 1) return undefined;
  const message = replyMessage(protocol, call);
  // Length, magic, the call's flags and sequence number, one header word: the protocol id, no transforms, padding.
  const frame = Buffer.alloc(18);
  frame.writeUInt32BE(14 + message.length, 0);
  frame.writeUInt16BE(HEADER_MAGIC, 4);
  bytes.copy(frame, 6, at + 6, at + 12);
  frame.writeUInt16BE(1, 12);
  frame[14] = bytes[at + 14];
  return Buffer.concat([frame, message]);
}

export interface ThriftResponder {
  port: number;
  close(): Promise<void>;
}

/**
 * Answers each whole framed or THeader call on a connection, on loopback (`host`). A connection is read as frames of
 * the kind its first frame is; bytes that are not (unframed messages, a length out of range, the other kind of frame)
 * end the reading: the rest of the connection is read past, unanswered.
 */
export async function startThriftResponder(host: "127.0.0.1" | "::1" = "127.0.0.1"): Promise<ThriftResponder> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    let kind: "framed" | "header" | "unread" | undefined;
    socket.on("data", (chunk) => {
      if (kind === "unread") return;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      const answers: Buffer[] = [];
      while (pending.length - at >= 6) {
        const length = pending.readInt32BE(at);
        const frameKind = pending.readUInt16BE(at + 4) === HEADER_MAGIC ? "header" : "framed";
        if (length < 2 || length > MAX_FRAME || (kind !== undefined && kind !== frameKind)) {
          kind = "unread";
          break;
        }
        kind = frameKind;
        if (pending.length - at < 4 + length) break;
        const reply = answer(pending, at, 4 + length, frameKind === "header");
        if (reply) answers.push(reply);
        at += 4 + length;
      }
      pending = kind === "unread" ? Buffer.alloc(0) : pending.subarray(at);
      if (answers.length > 0) socket.write(answers.length === 1 ? answers[0] : Buffer.concat(answers));
    });
    // A client that ends its side is done: end ours, so the proxy in between can close the connection.
    socket.on("end", () => socket.end());
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
