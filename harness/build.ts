import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FILTERS } from "./filters.js";
import { projectRoot } from "./paths.js";

/** Where a target's entry lives: the catalogue's entry for a filter; tests/<target>/index.ts for a probe module. */
export function entryOf(root: string, target: string): string {
  const filter = FILTERS.find((entry) => entry.target === target);
  if (filter) return filter.entry;
  const probe = join("tests", target, "index.ts");
  if (existsSync(join(root, probe))) return probe;
  throw new Error(`asconfig.json target ${target} is no catalogue entry's (harness/filters.ts) and has no ${probe}`);
}

/**
 * The proxy_on_* callbacks a built module exports. asconfig.json's transform (assembly/abi/callback_exports.mjs)
 * keeps only those its filter overrides or the SDK needs; tests/node/callback_exports.test.ts checks every module.
 */
export function exportedCallbacks(wasmPath: string): string[] {
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  return WebAssembly.Module.exports(module).filter((entry) => entry.kind === "function" && entry.name.startsWith("proxy_on_")).map((entry) => entry.name);
}

/** Compiles the asconfig.json targets `only` (default: every target) to their outFile; returns the names built. */
export function buildFilters(log: (line: string) => void = () => {}, only?: string[]): string[] {
  const root = projectRoot();
  const asconfig = JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8")) as { targets: Record<string, { outFile: string }> };
  const asc = join(root, "node_modules", ".bin", "asc");
  const targets = only ?? Object.keys(asconfig.targets);
  for (const target of targets) {
    const entry = entryOf(root, target);
    const result = spawnSync(asc, [entry, "--target", target], { cwd: root, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`asc ${entry} failed:\n${result.stdout}${result.stderr}`);
    const outFile = asconfig.targets[target]?.outFile ?? target;
    const callbacks = exportedCallbacks(join(root, outFile));
    const kept = callbacks.length ? `, ${callbacks.length} callbacks: ${callbacks.map((name) => name.slice("proxy_on_".length)).join(" ")}` : "";
    log(`built ${outFile} from ${entry}${kept}`);
  }
  return targets;
}
