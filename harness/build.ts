import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./paths.js";

/** Where a target's entry lives: a shipped filter in filters/<name>/, a test filter in tests/<name>/. */
function entryOf(root: string, target: string): string {
  for (const folder of ["filters", "tests"]) {
    const entry = join(folder, target, "index.ts");
    if (existsSync(join(root, entry))) return entry;
  }
  throw new Error(`asconfig.json target ${target} has no filters/${target}/index.ts or tests/${target}/index.ts`);
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
    log(`built ${asconfig.targets[target]?.outFile ?? target} from ${entry}`);
  }
  return targets;
}
