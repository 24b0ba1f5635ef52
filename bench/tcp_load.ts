// L4 load: a client making 1 KiB request/response calls on fixed connections (each connection sends the next call
// when the previous answer has arrived), against the harness's TCP echo run in this process, off Envoy's CPU.
import { createConnection } from "node:net";
import { quantile } from "./stats.js";
import type { LoadResult } from "./wrk.js";

export const CALL_BYTES = 1024;

/** What one call sends, and how many bytes back answer it. */
export interface CallShape {
  next(): Buffer;
  answerBytes: number;
}

/**
 * Runs `connections` connections for `seconds`, each making 1 KiB calls back to back. A call is answered when at
 * least 1 KiB came back (a filter may add bytes to the answer).
 */
export function runTcpCalls(port: number, connections: number, seconds: number): Promise<LoadResult> {
  const payload = Buffer.alloc(CALL_BYTES, "x");
  return runCalls(port, connections, seconds, { next: () => payload, answerBytes: CALL_BYTES });
}

/** Runs `connections` connections for `seconds`, each sending `shape`'s next call when the last was answered. */
export async function runCalls(port: number, connections: number, seconds: number, shape: CallShape): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let stopping = false;
  const started = process.hrtime.bigint();
  const connection = () => new Promise<void>((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.setNoDelay(true);
    let received = 0;
    let sentAt = 0n;
    const send = () => {
      received = 0;
      sentAt = process.hrtime.bigint();
      socket.write(shape.next());
    };
    socket.on("connect", send);
    socket.on("data", (chunk) => {
      received += chunk.length;
      if (received < shape.answerBytes) return;
      latencies.push(Number(process.hrtime.bigint() - sentAt) / 1000);
      if (stopping) socket.end();
      else send();
    });
    socket.on("error", () => errors++);
    socket.on("close", () => resolve());
  });
  const running = Array.from({ length: connections }, connection);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  stopping = true;
  await Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, 5000))]);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    requests: latencies.length,
    seconds: elapsed,
    requestsPerSecond: latencies.length / elapsed,
    p50Micros: quantile(latencies, 0.5),
    p99Micros: quantile(latencies, 0.99),
    errors,
  };
}
