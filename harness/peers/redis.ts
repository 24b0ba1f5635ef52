// Redis for the rate limit service: Debian's redis-server (installed with apt when running as root, otherwise a
// ProvisionError naming the package), started on a free loopback port with persistence off.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { aptInstall, tail, type Log } from "../tools.js";
import { freeLoopbackPort, stopProcess } from "./local_process.js";

export interface Redis {
  port: number;
  /** host:port, as clients take it. */
  address: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

export async function startRedis(log: Log = () => {}): Promise<Redis> {
  const binary = await aptInstall("redis-server", "redis-server", log);
  const port = await freeLoopbackPort();
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = () => stopProcess(child);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on port ${port} did not start:\n${tail(output)}`);
    }
    await sleep(50);
  }
  return { port, address: `127.0.0.1:${port}`, stop };
}

/** True when Redis answers PING with PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}
