import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AdminClient, ListenerAddress } from "./admin.js";
import { BootstrapVars, writeBootstrap } from "./bootstrap.js";
import { cacheDir } from "./paths.js";
import { Toolchain, provision } from "./provision.js";

export interface EnvoyOptions {
  /** Names the run (`<name>-<random>`), its folder under .cache/runs and its func-e run id. */
  name: string;
  /** A bootstrap template in envoy-configs/. */
  template: string;
  vars: BootstrapVars;
  /** Worker threads; 2 by default so shared state is always exercised across workers. */
  concurrency?: number;
  logLevel?: string;
  /** Milliseconds to wait for /ready. */
  startTimeoutMs?: number;
  /** More Envoy options, after the harness's own (e.g. `--file-flush-interval-msec 100` for access logs a test reads). */
  extraArgs?: string[];
  toolchain?: Toolchain;
}

/** Envoy exited or never became ready; the message carries the end of its log. */
export class EnvoyStartError extends Error {
  constructor(message: string, readonly log: string) {
    super(message);
    this.name = "EnvoyStartError";
  }
}

const LOG_TAIL_LINES = 60;
/** Run folders (configs and logs) are kept for a day to read after a failure, then removed on the next start. */
const RUN_RETENTION_MS = 24 * 60 * 60 * 1000;

async function pruneOldRuns(runsDir: string): Promise<void> {
  const entries = await readdir(runsDir).catch(() => [] as string[]);
  for (const entry of entries) {
    const path = join(runsDir, entry);
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > RUN_RETENTION_MS) await rm(path, { recursive: true, force: true });
  }
}

/**
 * One Envoy process, started through func-e with the provisioned binary (ENVOY_PATH), in its own run folder with its
 * own func-e state, run id and ephemeral ports, so any number can run side by side.
 */
export class Envoy {
  private output = "";
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private adminClient: AdminClient | undefined;

  private constructor(
    readonly runId: string,
    readonly runDir: string,
    private readonly child: ChildProcess,
    readonly toolchain: Toolchain,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve((this.exitCode = code))));
  }

  static async start(options: EnvoyOptions): Promise<Envoy> {
    const toolchain = options.toolchain ?? (await provision());
    const runId = `${options.name}-${randomBytes(4).toString("hex")}`;
    const runsDir = join(cacheDir(), "runs");
    await pruneOldRuns(runsDir);
    const runDir = join(runsDir, runId);
    await mkdir(runDir, { recursive: true });
    const configPath = join(runDir, "envoy.yaml");
    await writeBootstrap(configPath, options.template, options.vars);
    const adminAddressPath = join(runDir, "admin-address.txt");
    const args = [
      "run",
      "-c", configPath,
      "--admin-address-path", adminAddressPath,
      "--concurrency", String(options.concurrency ?? 2),
      "--log-level", options.logLevel ?? "info",
      // Several Envoys run at once (parallel test files); hot restart would make them share memory segments.
      "--disable-hot-restart",
      ...(options.extraArgs ?? []),
    ];
    const funcEHome = join(runDir, "func-e");
    const child = spawn(toolchain.funcEPath, args, {
      cwd: runDir,
      // Its own process group, so stop() reaches func-e and Envoy together.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ENVOY_PATH: toolchain.envoyPath,
        FUNC_E_RUN_ID: runId,
        FUNC_E_CONFIG_HOME: join(funcEHome, "config"),
        FUNC_E_DATA_HOME: join(funcEHome, "data"),
        FUNC_E_STATE_HOME: join(funcEHome, "state"),
        FUNC_E_RUNTIME_DIR: join(funcEHome, "runtime"),
      },
    });
    const envoy = new Envoy(runId, runDir, child, toolchain);
    const logFile = join(runDir, "output.log");
    const capture = (chunk: Buffer) => {
      envoy.output += chunk.toString();
      appendFileSync(logFile, chunk);
    };
    child.stdout!.on("data", capture);
    child.stderr!.on("data", capture);
    try {
      envoy.adminClient = await envoy.waitForAdmin(adminAddressPath, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      await envoy.stop();
      throw new EnvoyStartError(`${(error as Error).message}\n--- envoy log (${logFile}) ---\n${envoy.logTail()}`, envoy.output);
    }
    return envoy;
  }

  /** The admin API; available once start() has returned. */
  get admin(): AdminClient {
    if (!this.adminClient) throw new Error(`envoy (run ${this.runId}) has no admin address yet`);
    return this.adminClient;
  }

  private async waitForAdmin(adminAddressPath: string, timeoutMs: number): Promise<AdminClient> {
    const deadline = Date.now() + timeoutMs;
    let admin: AdminClient | undefined;
    while (Date.now() < deadline) {
      if (this.exitCode !== undefined) throw new Error(`envoy (run ${this.runId}) exited with code ${this.exitCode} before it was ready`);
      if (!admin && existsSync(adminAddressPath)) {
        const address = readFileSync(adminAddressPath, "utf8").trim();
        if (address) admin = new AdminClient(`http://${address}`);
      }
      if (admin && (await admin.ready())) return admin;
      await sleep(50);
    }
    throw new Error(`envoy (run ${this.runId}) was not ready after ${timeoutMs} ms`);
  }

  /** The func-e process; Envoy is its child. */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Everything func-e and Envoy printed so far. */
  log(): string {
    return this.output;
  }

  logTail(lines = LOG_TAIL_LINES): string {
    return this.output.split("\n").slice(-lines).join("\n");
  }

  /** The address of a listener by name, e.g. `http://127.0.0.1:41234` for `url("http")`. */
  async listener(name: string): Promise<ListenerAddress> {
    const found = (await this.admin.listeners()).find((l) => l.name === name);
    if (!found) throw new Error(`envoy has no listener named ${name}`);
    return found;
  }

  async url(listenerName: string): Promise<string> {
    const { host, port } = await this.listener(listenerName);
    return `http://${host}:${port}`;
  }

  /** Ends func-e and Envoy (the whole process group): TERM first, KILL if they linger. */
  async stop(): Promise<void> {
    if (this.exitCode !== undefined || this.child.pid === undefined) return;
    const group = -this.child.pid;
    try {
      process.kill(group, "SIGTERM");
    } catch {
      return;
    }
    const stopped = await Promise.race([this.exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!stopped) {
      try {
        process.kill(group, "SIGKILL");
      } catch {
        // Already gone.
      }
      await this.exited;
    }
  }
}
