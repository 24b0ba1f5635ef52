import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildFilters } from "../build.js";
import { findFilter } from "../filters.js";
import { projectRoot } from "../paths.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command, parseCommandArgs, progress } from "./command.js";

export const buildCommand: Command = {
  name: "build",
  summary: "compile filters to build/<name>.wasm (all, or the ones named)",
  help: `usage: ${BIN} build [FILTER...]

Compiles each named filter (default: every asconfig.json target) with AssemblyScript to build/<target>.wasm.
Needs the repository checkout with its dev dependencies (npm install); the npm package ships the modules built.

examples:
  ${BIN} build
  ${BIN} build ratelimit`,
  async run(args) {
    const { values, positionals } = parseCommandArgs("build", args, {});
    if (values.help) return void console.log(this.help);
    if (!existsSync(join(projectRoot(), "node_modules", ".bin", "asc"))) {
      throw new UsageError("build needs AssemblyScript: run it in the repository after `npm install` (the npm package ships build/*.wasm already)");
    }
    const targets = positionals.length ? [...new Set(positionals.map((name) => findFilter(name).target))] : undefined;
    progress(`compiling ${targets ? targets.join(", ") : "every target in asconfig.json"} (asc, optimize level 3)...`);
    buildFilters(progress, targets);
  },
};
