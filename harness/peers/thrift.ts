// Real Apache Thrift on both sides of the thrift filter. harness/peers/thrift/shop.thrift is compiled by Debian's
// thrift-compiler (0.17, installed with apt when running as root) into .cache/thrift-gen/<hash of the IDL>/ for Node
// (`js:node,es6`) and Python (`py`); the runtimes are npm's `thrift` (a devDependency) and PyPI's `thrift`, pip-installed
// into .cache/pythrift at the same version. The peers are small programs beside the IDL (server.py, client.py,
// server.mjs, client.mjs): servers listen on a loopback port and print "ready"; clients take calls as JSON lines on
// stdin and print each answer as the library gave it (a value, a declared exception, TApplicationException...).
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { cacheDir, projectRoot } from "../paths.js";
import { aptInstall, commandFailed, ProvisionError, runCommand, tail, withLock, type Log } from "../tools.js";
import { freeLoopbackPort, startReadyProcess, stopProcess, type ReadyProcess } from "./local_process.js";

const PEER_DIR = "harness/peers/thrift";
const IDL = "shop.thrift";
/** PyPI's thrift, pinned to the npm `thrift` in package.json so both sides run the same library release. */
export const PYTHON_THRIFT_VERSION = "0.24.0";
const PYTHON_THRIFT = `thrift==${PYTHON_THRIFT_VERSION}`;
const GENERATORS = [
  ["js", "js:node,es6"],
  ["py", "py"],
] as const;
const START_TIMEOUT_MS = 30_000;

export type ThriftLanguage = "node" | "python";
/** framed: 4-byte length before each message; buffered: the bare message (unframed); header: THeader frames. */
export type ThriftTransport = "framed" | "buffered" | "header";
export type ThriftProtocol = "binary" | "compact";
export const THRIFT_LANGUAGES: readonly ThriftLanguage[] = ["node", "python"];
export const THRIFT_TRANSPORTS: readonly ThriftTransport[] = ["framed", "buffered", "header"];
export const THRIFT_PROTOCOLS: readonly ThriftProtocol[] = ["binary", "compact"];

// ---------------------------------------------------------------------------------------------------------------
// Provisioning: generated code and the Python runtime, each built once into .cache

export interface ThriftCode {
  /** What `thrift --gen js:node,es6` wrote: Greeter.js, Inventory.js, shop_types.js. */
  js: string;
  /** What `thrift --gen py` wrote: the `shop` package. */
  py: string;
  /** The compiler that wrote them, as `thrift --version` says ("Thrift version 0.17.0"). */
  compiler: string;
}

/** The code generated from shop.thrift, generating it first when the IDL changed. */
export async function thriftCode(log: Log = () => {}): Promise<ThriftCode> {
  const idl = join(projectRoot(), PEER_DIR, IDL);
  const hash = createHash("sha256").update(await readFile(idl));
  for (const [, generator] of GENERATORS) hash.update(generator);
  const out = join(cacheDir(), "thrift-gen", hash.digest("hex").slice(0, 16));
  const stamp = join(out, "generated");
  const generated = async () => (await readFile(stamp, "utf8").catch(() => "")) !== "";
  if (!(await generated())) {
    await withLock("thrift-gen", log, async () => {
      if (await generated()) return;
      const thrift = await aptInstall("thrift-compiler", "thrift", log);
      const version = await runCommand(thrift, ["--version"]);
      if (version.exitCode !== 0) throw commandFailed("thrift --version", version);
      log(`thrift peers: generating Node and Python code from ${IDL} (${version.output.trim()})...`);
      const staging = `${out}.staging-${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      for (const [dir, generator] of GENERATORS) {
        await mkdir(join(staging, dir), { recursive: true });
        const result = await runCommand(thrift, ["--gen", generator, "-out", join(staging, dir), idl]);
        if (result.exitCode !== 0) throw commandFailed(`thrift --gen ${generator} ${IDL}`, result);
      }
      // The generated Node code is CommonJS; the project's package.json says "type": "module".
      await writeFile(join(staging, "js", "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
      await writeFile(join(staging, "generated"), `${version.output.trim()}\n`);
      await rm(out, { recursive: true, force: true });
      await rename(staging, out);
    });
  }
  return { js: join(out, "js"), py: join(out, "py"), compiler: (await readFile(stamp, "utf8")).trim() };
}

/** The folder holding PyPI's thrift (pip-installed once per Python version), for PYTHONPATH. */
export async function pythonThrift(log: Log = () => {}): Promise<string> {
  const python = await aptInstall("python3", "python3", log);
  const target = join(cacheDir(), "pythrift");
  const stamp = join(target, "installed");
  const pythonVersion = await runCommand(python, ["--version"]);
  if (pythonVersion.exitCode !== 0) throw commandFailed("python3 --version", pythonVersion);
  const wanted = `${PYTHON_THRIFT} for ${pythonVersion.output.trim()}`;
  const installed = async () => (await readFile(stamp, "utf8").catch(() => "")) === wanted;
  if (!(await installed())) {
    await withLock("pythrift", log, async () => {
      if (await installed()) return;
      if ((await runCommand(python, ["-m", "pip", "--version"])).exitCode !== 0) {
        await aptInstall("python3-pip", "pip3", log);
        if ((await runCommand(python, ["-m", "pip", "--version"])).exitCode !== 0) {
          throw new ProvisionError(`${python} has no pip, needed to install ${PYTHON_THRIFT}: install python3-pip`);
        }
      }
      log(`thrift peers: installing ${PYTHON_THRIFT} with pip...`);
      const staging = `${target}.staging-${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      const args = ["-m", "pip", "install", "--disable-pip-version-check", "--no-deps", "--no-warn-script-location", "--target", staging, PYTHON_THRIFT];
      const result = await runCommand(python, args, { timeoutMs: 600_000 });
      if (result.exitCode !== 0) {
        await rm(staging, { recursive: true, force: true });
        throw commandFailed(`pip install ${PYTHON_THRIFT}`, result);
      }
      await writeFile(join(staging, "installed"), wanted);
      await rm(target, { recursive: true, force: true });
      await rename(staging, target);
    });
  }
  return target;
}

/** Everything the peers need, installed now (the provision step can call this so tests start fast). */
export async function provisionThriftPeers(log: Log = () => {}): Promise<void> {
  await thriftCode(log);
  await pythonThrift(log);
}

interface PeerCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

async function peerCommand(language: ThriftLanguage, program: "server" | "client", args: string[], log: Log): Promise<PeerCommand> {
  const code = await thriftCode(log);
  const dir = join(projectRoot(), PEER_DIR);
  if (language === "node") return { command: process.execPath, args: [join(dir, `${program}.mjs`), ...args, code.js], env: {} };
  const python = await aptInstall("python3", "python3", log);
  const runtime = await pythonThrift(log);
  return {
    command: python,
    args: [join(dir, `${program}.py`), ...args],
    // A fixed hash seed: a set<string> goes on the wire in the same order every run.
    env: { PYTHONPATH: `${runtime}:${code.py}`, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1", PYTHONHASHSEED: "0" },
  };
}

/** Starts a peer and waits for its "ready" line. */
function startPeer(what: string, peer: PeerCommand): Promise<ReadyProcess> {
  return startReadyProcess(what, peer.command, peer.args, { env: { ...process.env, ...peer.env }, timeoutMs: START_TIMEOUT_MS });
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

export interface ThriftServerOptions {
  language: ThriftLanguage;
  transport: ThriftTransport;
  /** For a header server, only the subprotocol it expects first: it answers each call in the one the call's header names. */
  protocol: ThriftProtocol;
  /** Greeter and Inventory behind TMultiplexedProcessor (method names on the wire become "Greeter:greet"). */
  multiplexed?: boolean;
  /** The one service a plain (not multiplexed) server offers; Greeter by default. */
  service?: "Greeter" | "Inventory";
  host?: "127.0.0.1" | "::1";
}

export interface ThriftServer {
  host: string;
  port: number;
  /** What the server wrote on stderr (the Python library logs a handler's undeclared exception there). */
  output(): string;
  stop(): Promise<void>;
}

/** A Greeter (and Inventory) server on a free loopback port: one thread (Python) or event loop (Node) per connection. */
export async function startThriftServer(options: ThriftServerOptions, log: Log = () => {}): Promise<ThriftServer> {
  const host = options.host ?? "127.0.0.1";
  const port = await freeLoopbackPort(host);
  const service = options.multiplexed ? "multiplexed" : (options.service ?? "Greeter");
  const peer = await peerCommand(options.language, "server", [host, String(port), options.transport, options.protocol, service], log);
  const what = `thrift ${options.language} server (${options.transport}/${options.protocol}/${service})`;
  const server = await startPeer(what, peer);
  return { host, port, output: server.stderr, stop: () => stopProcess(server.child) };
}

// ---------------------------------------------------------------------------------------------------------------
// Clients

export enum ThriftColor {
  RED = 1,
  GREEN = 2,
  BLUE = 3,
}

export interface ThriftItem {
  name: string;
  quantity: number;
  price: number;
  tags?: string[];
  color?: ThriftColor;
}

export interface ThriftOrder {
  /** An i64; keep it within Number.MAX_SAFE_INTEGER. */
  id: number;
  lines: Record<string, ThriftItem>[];
  labels: string[];
  gift?: ThriftItem;
  express?: boolean;
}

/** What Greeter.order returns for an order: items by their key in the lines, count, total, each line's quantities. */
export interface ThriftReceipt {
  orderId: number;
  byName: Record<string, ThriftItem[]>;
  count: number;
  total: number;
  /** A set per line, sorted. */
  quantities: number[][];
}

type GreeterCall =
  | { method: "greet"; args: [name: string] }
  | { method: "ping"; args?: [] }
  | { method: "notify"; args: [event: string] }
  | { method: "notified"; args?: [] }
  | { method: "fail"; args: [reason: string] }
  | { method: "crash"; args: [reason: string] }
  | { method: "order"; args: [order: ThriftOrder] }
  | { method: "slow"; args: [millis: number] }
  | { method: "headers"; args?: [] };
type InventoryCall = { method: "stock"; args: [item: string] } | { method: "greet"; args: [name: string] };

/**
 * One call as the generated client makes it. `service` picks the client (the multiplexed name, or with a plain
 * server just which generated client sends: Inventory's stock to a Greeter server gets UNKNOWN_METHOD back).
 * `headers` are THeader info headers sent with this call (header transport only).
 */
export type ThriftCall = (({ service?: "Greeter" } & GreeterCall) | ({ service: "Inventory" } & InventoryCall)) & {
  headers?: Record<string, string>;
};

/** What the client's library made of the reply. */
export interface ThriftAnswer {
  ok: boolean;
  /** The result as JSON (void and oneway: null; i64 as a number; sets as sorted arrays; unset fields left out). */
  value?: unknown;
  /** The class the library raised: "GreetingError", "TApplicationException", "TTransportException", "ConnectionClosed"... */
  exception?: string;
  /** TApplicationException / TTransportException / TProtocolException type. */
  type?: number;
  message?: string;
  /** A Node socket error's code (ECONNRESET...). */
  code?: string;
  /** THeader info headers read with the reply (header transport only); the peers' servers echo each as "echo-<name>". */
  headers?: Record<string, string>;
}

export interface ThriftClientOptions {
  language: ThriftLanguage;
  port: number;
  host?: string;
  transport: ThriftTransport;
  protocol: ThriftProtocol;
  multiplexed?: boolean;
  /** How long a call waits for its reply before it fails (Python: TTransportException TIMED_OUT); 10 s by default. */
  timeoutMs?: number;
}

export interface ThriftClient {
  /**
   * One call. Node: calls made without awaiting share the connection in flight (seqids 1, 2, ...). Python: one
   * request at a time, in order (the generated client numbers every call 0).
   */
  call(call: ThriftCall): Promise<ThriftAnswer>;
  /** Writes every call on the one connection before reading the first reply; answers in the calls' order. */
  pipeline(calls: ThriftCall[]): Promise<ThriftAnswer[]>;
  stop(): Promise<void>;
}

/** A client process with one connection to host:port, made on its first call and made again after it broke. */
export async function startThriftClient(options: ThriftClientOptions, log: Log = () => {}): Promise<ThriftClient> {
  const host = options.host ?? "127.0.0.1";
  const args = [host, String(options.port), options.transport, options.protocol, options.multiplexed ? "1" : "0", String(options.timeoutMs ?? 10_000)];
  const peer = await peerCommand(options.language, "client", args, log);
  const what = `thrift ${options.language} client (${options.transport}/${options.protocol}${options.multiplexed ? "/multiplexed" : ""})`;
  const client = await startPeer(what, peer);
  const waiting = new Map<number, { resolve: (answers: ThriftAnswer[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;
  void (async () => {
    for await (const line of { [Symbol.asyncIterator]: () => client.lines }) {
      let reply: { id: number; answers: ThriftAnswer[] };
      try {
        reply = JSON.parse(line);
      } catch {
        continue; // not ours: a library printing to stdout
      }
      waiting.get(reply.id)?.resolve(reply.answers);
      waiting.delete(reply.id);
    }
  })();
  client.child.once("exit", (code, signal) => {
    exited = new Error(`${what} exited (${signal ?? code}):\n${tail(client.stderr())}`);
    for (const { reject } of waiting.values()) reject(exited);
    waiting.clear();
  });
  const send = (calls: ThriftCall[]): Promise<ThriftAnswer[]> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    const answers = new Promise<ThriftAnswer[]>((resolve, reject) => waiting.set(id, { resolve, reject }));
    client.child.stdin!.write(JSON.stringify({ id, calls }) + "\n");
    return answers;
  };
  return {
    call: async (call) => (await send([call]))[0]!,
    pipeline: (calls) => send(calls),
    async stop() {
      client.child.stdin!.end();
      const gone = new Promise<void>((resolve) => (client.child.exitCode !== null || client.child.signalCode !== null ? resolve() : client.child.once("exit", () => resolve())));
      await Promise.race([gone, sleep(2_000)]);
      await stopProcess(client.child);
    },
  };
}
