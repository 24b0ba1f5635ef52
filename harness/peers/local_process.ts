// Helpers for peers that run as local processes (Redis, Envoy's rate limit service, the Dubbo and Thrift peers): a
// port to give them, since they cannot listen on port 0 and report the port they got, a start that waits for the
// peer to say it is ready, and a clean stop.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { tail } from "../tools.js";

/** A loopback port that was free a moment ago: the kernel picks it, we release it, the peer binds it. */
export async function freeLoopbackPort(host: "127.0.0.1" | "::1" = "127.0.0.1"): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** TERM, then KILL after 5 s; resolves when the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!stopped) {
    child.kill("SIGKILL");
    await exited;
  }
}

/** A peer talking line by line on stdin/stdout. */
export interface ReadyProcess {
  child: ChildProcess;
  /** Its stdout after the "ready" line. */
  lines: AsyncIterableIterator<string>;
  /** The last 20,000 characters it wrote on stderr. */
  stderr: () => string;
}

/** Starts `command` and waits until it prints "ready" on stdout; a peer that exits or takes longer is stopped and reported. */
export async function startReadyProcess(what: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<ReadyProcess> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  child.stdin!.on("error", () => {}); // a peer that died is reported by its exit, not by EPIPE
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = (async () => {
    for (;;) {
      const next = await lines.next();
      if (next.done) throw new Error(`${what} exited before it was ready:\n${tail(stderr)}`);
      if (next.value === "ready") return;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not ready in ${options.timeoutMs} ms:\n${tail(stderr)}`)), options.timeoutMs)));
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await stopProcess(child);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { child, lines, stderr: () => stderr };
}
