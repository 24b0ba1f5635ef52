// Dubbo L4 load (runCalls of tcp_load.ts): clients making greet calls (a request frame captured from the real Java consumer,
// tests/fixtures/dubbo/frames.json, with a fresh request id each time) on fixed connections, each sending the next
// call when the answer arrived, against a responder in this process that answers every request frame with the
// captured response for its id. Off Envoy's CPU, like the TCP echo of the plain L4 rows.
import { readFileSync } from "node:fs";
import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import { projectRoot } from "../harness/paths.js";
import { runCalls } from "./tcp_load.js";
import type { LoadResult } from "./wrk.js";

function captured(direction: "request" | "response"): Buffer {
  const frames = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/dubbo/frames.json"), "utf8")).frames as { call: string; direction: string; hex: string }[];
  return Buffer.from(frames.find((f) => f.call === "greet" && f.direction === direction)!.hex, "hex");
}

const REQUEST = captured("request");
const RESPONSE = captured("response");
/** Bytes of one answer: a served call is this many bytes from the upstream. */
export const DUBBO_RESPONSE_BYTES = RESPONSE.length;

export interface DubboResponder {
  port: number;
  close(): Promise<void>;
}

/** Answers each whole request frame on a connection with the captured response, its request id copied. */
export async function startDubboResponder(): Promise<DubboResponder> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      const answers: Buffer[] = [];
      while (pending.length - at >= 16) {
        const size = 16 + pending.readUInt32BE(at + 12);
        if (pending.length - at < size) break;
        const answer = Buffer.from(RESPONSE);
        pending.copy(answer, 4, at + 4, at + 12);
        answers.push(answer);
        at += size;
      }
      pending = pending.subarray(at);
      if (answers.length > 0) socket.write(answers.length === 1 ? answers[0] : Buffer.concat(answers));
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Runs `connections` connections for `seconds`, each making greet calls back to back. */
export function runDubboCalls(port: number, connections: number, seconds: number): Promise<LoadResult> {
  let nextId = 1n;
  const next = () => {
    const call = Buffer.from(REQUEST);
    call.writeBigUInt64BE(nextId++, 4);
    return call;
  };
  return runCalls(port, connections, seconds, { next, answerBytes: RESPONSE.length });
}

/** `count` greet calls one after another on one connection; rejects when an answer is not the size of one. */
export async function dubboCallsInSequence(port: number, count: number): Promise<void> {
  const socket = createConnection({ port, host: "127.0.0.1" });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  try {
    let received = 0;
    let answered: (() => void) | undefined;
    socket.on("data", (chunk) => {
      received += chunk.length;
      if (received >= RESPONSE.length) answered?.();
    });
    for (let id = 1; id <= count; id++) {
      const call = Buffer.from(REQUEST);
      call.writeBigUInt64BE(BigInt(id), 4);
      received = 0;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`dubbo call ${id} not answered in 30 s`)), 30_000);
        answered = () => (clearTimeout(timer), resolve());
        socket.write(call);
      });
      if (received !== RESPONSE.length) throw new Error(`dubbo call ${id}: ${received} bytes back, expected ${RESPONSE.length}`);
    }
  } finally {
    socket.destroy();
  }
}
