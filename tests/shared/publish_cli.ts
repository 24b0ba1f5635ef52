// Runs the CLI as users do: the bundled dist/harness/cli.mjs (beside this test's bundle), in its own process.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI bundle: test bundles live in <outdir>/tests/<suite>/, the CLI in <outdir>/harness/cli.mjs. */
export function cliPath(): string {
  const path = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "harness", "cli.mjs");
  if (!existsSync(path)) throw new Error(`no CLI bundle at ${path}: bundle harness/cli.ts with the tests`);
  return path;
}

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Credentials come only from what a test passes.
    const base = { ...process.env };
    delete base.OCI_USERNAME;
    delete base.OCI_PASSWORD;
    const child = spawn(process.execPath, [cliPath(), ...args], { env: { ...base, DOCKER_CONFIG: "/nonexistent-docker-config", ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

export interface Pushed {
  digest: string;
  pinned: string;
  /** What push calls the WasmPlugin sha256: the manifest digest's hex. */
  wasmPluginSha256: string;
  moduleSha256: string;
}

/** What `push` printed, checked to be a success with every line present. */
export function parsePush(result: CliResult): Pushed {
  assert.equal(result.status, 0, result.stderr);
  const line = (pattern: RegExp) => {
    const value = pattern.exec(result.stdout)?.[1];
    assert.ok(value, `${pattern} in:\n${result.stdout}`);
    return value;
  };
  return {
    digest: line(/^digest: (sha256:[a-f0-9]{64})$/m),
    pinned: line(/^pinned: (oci:\/\/\S+@sha256:[a-f0-9]{64})$/m),
    wasmPluginSha256: line(/^WasmPlugin sha256: ([a-f0-9]{64}) \(the manifest digest/m),
    moduleSha256: line(/^module sha256: ([a-f0-9]{64}) \(plugin\.wasm itself/m),
  };
}
