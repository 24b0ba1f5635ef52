// L4 load: clients making request/response calls on fixed connections (each connection sends the next call when the
// previous answer has arrived), off Envoy's CPU: 1 KiB calls against the harness's TCP echo, or an RPC protocol's
// calls (an RpcWorkload: bench/dubbo_load.ts, bench/thrift_load.ts) against that protocol's responder, both run in
// this process.
import { createConnection } from "node:net";
import { quantile } from "./stats.js";
import type { LoadResult } from "./wrk.js";

export const CALL_BYTES = 1024;

/** What one call sends, and how many bytes back answer it. */
export interface CallShape {
  next(): Buffer;
  answerBytes: number;
}

/** A stand-in server on loopback. */
export interface Responder {
  port: number;
  close(): Promise<void>;
}

/**
 * An RPC protocol's calls as load: request bytes captured from its real clients, answered by a responder that
 * replies to every request it reads with the captured response.
 */
export interface RpcWorkload {
  /** Names the protocol in logs and errors: "dubbo", "thrift". */
  protocol: string;
  /** Bytes of one answer: Envoy's count of the upstream's bytes, divided by this, is the calls it served. */
  responseBytes: number;
  /** A fresh run of calls (request ids, where the protocol has them, start again at 1). */
  calls(): CallShape;
  startResponder(): Promise<Responder>;
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

/** `count` calls one after another on one connection; rejects when an answer is not `shape.answerBytes` long. */
export async function callsInSequence(port: number, count: number, shape: CallShape, protocol: string): Promise<void> {
  const socket = createConnection({ port, host: "127.0.0.1" });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  try {
    let received = 0;
    let answered: (() => void) | undefined;
    socket.on("data", (chunk) => {
      received += chunk.length;
      if (received >= shape.answerBytes) answered?.();
    });
    for (let call = 1; call <= count; call++) {
      const request = shape.next();
      received = 0;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${protocol} call ${call} not answered in 30 s`)), 30_000);
        answered = () => (clearTimeout(timer), resolve());
        socket.write(request);
      });
      if (received !== shape.answerBytes) throw new Error(`${protocol} call ${call}: ${received} bytes back, expected ${shape.answerBytes}`);
    }
  } finally {
    socket.destroy();
  }
}
