// Dubbo L4 load (runCalls of tcp_load.ts): clients making greet calls (a request frame captured from the real Java consumer,
// tests/fixtures/dubbo/frames.json, with a fresh request id each time) on fixed connections, each sending the next
// call when the answer arrived, against a responder in this process that answers every request frame with the
// captured response for its id (harness/upstreams/dubbo_responder.ts). Off Envoy's CPU, like the TCP echo of the
// plain L4 rows.
import { createConnection } from "node:net";
import { GREET_REQUEST as REQUEST, GREET_RESPONSE as RESPONSE } from "../harness/upstreams/dubbo_responder.js";
import { runCalls } from "./tcp_load.js";
import type { LoadResult } from "./wrk.js";

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
