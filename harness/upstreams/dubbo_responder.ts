// A Dubbo provider stand-in for load: it answers every request frame with the greet response captured from the real
// Java provider (tests/fixtures/dubbo/frames.json), the request id copied. The bench's Dubbo rows and the fuzz through
// Envoy use it; everything that checks behaviour talks to the real Java peers (harness/peers/dubbo.ts).
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import { projectRoot } from "../paths.js";

function captured(direction: "request" | "response"): Buffer {
  const frames = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/dubbo/frames.json"), "utf8")).frames as { call: string; direction: string; hex: string }[];
  return Buffer.from(frames.find((f) => f.call === "greet" && f.direction === direction)!.hex, "hex");
}

/** The greet call and its answer, as the real Java peers wrote them. */
export const GREET_REQUEST = captured("request");
export const GREET_RESPONSE = captured("response");
/** Bytes of one answer: a served call is this many bytes from the upstream. */
export const DUBBO_RESPONSE_BYTES = GREET_RESPONSE.length;

export interface DubboResponder {
  port: number;
  close(): Promise<void>;
}

/**
 * Answers each whole request frame on a connection with the captured response, its request id copied, on loopback
 * (`host`). Bytes that are not frames are read past as the length fields say, never answered.
 */
export async function startDubboResponder(host: "127.0.0.1" | "::1" = "127.0.0.1"): Promise<DubboResponder> {
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
        const answer = Buffer.from(GREET_RESPONSE);
        pending.copy(answer, 4, at + 4, at + 12);
        answers.push(answer);
        at += size;
      }
      pending = pending.subarray(at);
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

