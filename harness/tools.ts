// Installing and running the external tools the harness needs (Envoy's helpers, test peers, load generators), with
// no network beyond the package registries: Go tools with `go install` into .cache/bin, Debian packages with apt when
// running as root (otherwise one line naming the package), all idempotent and safe across parallel processes.
import { spawn } from "node:child_process";
import { constants as fsConstants } from "node:fs";
import { createHash } from "node:crypto";
import { access, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { cacheDir, projectRoot } from "./paths.js";

const LOCK_STALE_MS = 10 * 60 * 1000;
const LOCK_POLL_MS = 250;

/** A tool is missing or an install step failed; the message says what to do about it. */
export class ProvisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProvisionError";
  }
}

export type Log = (line: string) => void;

/** Where `go install` puts the project's Go tools. */
export function toolBinDir(): string {
  return join(cacheDir(), "bin");
}

// ---------------------------------------------------------------------------------------------------------------
// Go tools

export interface GoTool {
  /** The binary's name, as `go install` names it (the last element of the package path). */
  binary: string;
  /** The package path to install, e.g. `github.com/tetratelabs/func-e/cmd/func-e`. */
  module: string;
  /** A pinned version (tag or pseudo-version); never `latest`, so every machine builds the same tool. */
  version: string;
  /** The oldest Go that builds it. */
  minGo?: readonly [number, number, number];
  ldflags?: string;
}

/**
 * Builds a Go tool into .cache/bin once (a stamp beside the binary records module@version) and returns its path.
 * Parallel callers wait for the first one's build.
 */
export async function goInstall(tool: GoTool, log: Log = () => {}): Promise<string> {
  const binDir = toolBinDir();
  const path = join(binDir, tool.binary);
  const wanted = `${tool.module}@${tool.version}`;
  const stamp = `${path}.installed`;
  const installed = async () => (await isExecutable(path)) && (await readFile(stamp, "utf8").catch(() => "")) === wanted;
  if (!(await installed())) {
    await withLock(`go-${tool.binary}`, log, async () => {
      if (await installed()) return;
      await requireGo(tool.minGo ?? [1, 21, 0], `${tool.binary} ${tool.version}`);
      log(`${tool.binary} ${tool.version}: building with go install...`);
      const args = ["install", ...(tool.ldflags ? ["-ldflags", tool.ldflags] : []), wanted];
      // The local Go was checked to be new enough; never let go fetch a different toolchain behind our back.
      const result = await runCommand("go", args, { env: { GOBIN: binDir, GOTOOLCHAIN: "local" } });
      if (result.exitCode !== 0) throw commandFailed(`go install ${wanted}`, result);
      await writeFile(stamp, wanted);
    });
  }
  return path;
}

/** A Go program of our own (a folder with go.mod, go.sum and its sources, versions pinned there). */
export interface GoProgram {
  binary: string;
  /** The folder holding go.mod, relative to the project root. */
  dir: string;
  minGo: readonly [number, number, number];
}

/**
 * Builds one of our Go programs into .cache/bin once per version of its sources (a stamp beside the binary records
 * their hash) and returns its path. `-mod=readonly`: go.sum pins every module it fetches.
 */
export async function goBuild(program: GoProgram, log: Log = () => {}): Promise<string> {
  const source = join(projectRoot(), program.dir);
  const files = (await readdir(source)).filter((name) => name === "go.mod" || name === "go.sum" || name.endsWith(".go")).sort();
  const hash = createHash("sha256");
  for (const name of files) hash.update(name).update(await readFile(join(source, name)));
  const wanted = `${program.dir}@${hash.digest("hex")}`;
  const path = join(toolBinDir(), program.binary);
  const stamp = `${path}.installed`;
  const built = async () => (await isExecutable(path)) && (await readFile(stamp, "utf8").catch(() => "")) === wanted;
  if (!(await built())) {
    await withLock(`go-${program.binary}`, log, async () => {
      if (await built()) return;
      await requireGo(program.minGo, program.binary);
      log(`${program.binary}: building ${program.dir} with go build (the first build fetches its modules)...`);
      const result = await runCommand("go", ["build", "-o", path, "."], { cwd: source, env: { GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" } });
      if (result.exitCode !== 0) throw commandFailed(`go build ${program.dir}`, result);
      await writeFile(stamp, wanted);
    });
  }
  return path;
}

export async function requireGo(min: readonly [number, number, number], forWhat: string): Promise<void> {
  const result = await runCommand("go", ["version"]);
  const match = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(result.exitCode === 0 ? result.output : "");
  const found = match ? `found ${match[0]}` : "no go on PATH";
  const version = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : [0, 0, 0];
  const order = version.map((part, i) => part - min[i]).find((diff) => diff !== 0) ?? 0;
  if (order < 0) {
    throw new ProvisionError(`Go ${min.join(".")} or newer is needed to install ${forWhat} (${found}): install Go, see https://go.dev/doc/install`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Debian packages

/**
 * Returns the path of `binary`, installing Debian package `pkg` with apt when it is missing and we run as root (CI
 * does). Otherwise fails with one line naming the package, so a developer's machine is never changed behind their back.
 */
export async function aptInstall(pkg: string, binary: string, log: Log = () => {}): Promise<string> {
  const found = await which(binary);
  if (found) return found;
  if (process.getuid?.() !== 0) throw new ProvisionError(`${binary} is needed: install it with \`sudo apt-get install -y ${pkg}\``);
  await withLock("apt", log, async () => {
    if (await which(binary)) return;
    log(`${pkg}: installing with apt-get...`);
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    let result = await runCommand("apt-get", ["install", "-y", "--no-install-recommends", pkg], { env });
    if (result.exitCode !== 0) {
      // A fresh machine has no package lists yet.
      const update = await runCommand("apt-get", ["update"], { env });
      if (update.exitCode !== 0) throw commandFailed("apt-get update", update);
      result = await runCommand("apt-get", ["install", "-y", "--no-install-recommends", pkg], { env });
    }
    if (result.exitCode !== 0) throw commandFailed(`apt-get install ${pkg}`, result);
  });
  const installed = await which(binary);
  if (!installed) throw new ProvisionError(`apt-get installed ${pkg} but ${binary} is not on PATH`);
  return installed;
}

/** The full path of a command on PATH, or undefined. */
export async function which(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && (await isExecutable(join(dir, command)))) return join(dir, command);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-process lock: test processes start in parallel and must not install the same tool twice at once.

export async function withLock(name: string, log: Log, body: () => Promise<void>): Promise<void> {
  const lockDir = join(cacheDir(), "locks");
  await mkdir(lockDir, { recursive: true });
  const lockPath = join(lockDir, `${name}.lock`);
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStaleLock(lockPath)) {
      await unlink(lockPath).catch(() => {});
      continue;
    }
    if (!announced) {
      log(`${name}: waiting for another process that is installing it (${lockPath})`);
      announced = true;
    }
    await sleep(LOCK_POLL_MS);
  }
  try {
    await body();
  } finally {
    await unlink(lockPath).catch(() => {});
  }
}

/** A lock is stale when its holder has died (Ctrl+C during an install) or it is older than any install takes. */
async function isStaleLock(lockPath: string): Promise<boolean> {
  try {
    const [info, holder] = await Promise.all([stat(lockPath), readFile(lockPath, "utf8")]);
    if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(holder);
    return Number.isInteger(pid) && pid > 0 && !isAlive(pid);
  } catch {
    // Gone already, or being written right now; the next attempt sorts it out.
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Writes a file so no reader ever sees it half written. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const partial = `${path}.${process.pid}`;
  await writeFile(partial, data);
  await rename(partial, path);
}

// ---------------------------------------------------------------------------------------------------------------
// Running commands

export interface CommandResult {
  /** null when the process did not exit normally (killed, timed out, or not started). */
  exitCode: number | null;
  /** stdout and stderr interleaved, as a terminal would show them. */
  output: string;
  notFound: boolean;
}

const MAX_OUTPUT = 64 * 1024;

export interface CommandOptions {
  /** Kill the command after this long; 0 waits for ever (installs take as long as the download does). */
  timeoutMs?: number;
  env?: Record<string, string>;
  cwd?: string;
}

export function runCommand(command: string, args: string[], { timeoutMs = 0, env = {}, cwd }: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((settle) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = timeoutMs > 0 ? setTimeout(() => child.kill("SIGKILL"), timeoutMs) : undefined;
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      settle({ exitCode: null, output: String(error.message), notFound: error.code === "ENOENT" });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      settle({ exitCode: code, output: signal ? `${output}\n(killed by ${signal})` : output, notFound: false });
    });
  });
}

export function commandFailed(what: string, result: CommandResult): ProvisionError {
  const status = result.notFound ? "command not found" : `exit ${result.exitCode ?? "abnormal"}`;
  return new ProvisionError(`${what} failed (${status}):\n${tail(result.output)}`);
}

/** The last lines of a command's output; Envoy echoes its whole config in one line, so long lines are cut. */
export function tail(output: string, lines = 15, width = 400): string {
  const last = output.trimEnd().split("\n").slice(-lines);
  return last.map((line) => (line.length > width ? `${line.slice(0, width)}...` : line)).join("\n");
}

export async function isExecutable(path: string): Promise<boolean> {
  return access(path, fsConstants.X_OK).then(
    () => true,
    () => false,
  );
}
