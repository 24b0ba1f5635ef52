import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildFilters } from "../build.js";
import { findFilter } from "../filters.js";
import { projectRoot } from "../paths.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command, parseCommandArgs, progress } from "./command.js";

const SUITES = ["node", "e2e"] as const;

export const testCommand: Command = {
  name: "test",
  summary: "build a filter and run its emulator (node) and Envoy (e2e) suites",
  help: `usage: ${BIN} test [FILTER...] [--suite node|e2e]

Builds the named filters (default: all) and runs the bundled test files whose names carry the filter's name:
dist/tests/node (the host emulator, milliseconds) and dist/tests/e2e (a real Envoy through func-e, with real peers).
Runs in the repository after \`npm run bundle\`; the npm package does not ship the tests.

examples:
  ${BIN} test ratelimit
  ${BIN} test conformance --suite node`,
  async run(args) {
    const { values, positionals } = parseCommandArgs("test", args, { suite: { type: "string" } });
    if (values.help) return void console.log(this.help);
    const suites = values.suite ? [values.suite] : [...SUITES];
    for (const suite of suites) if (!(SUITES as readonly string[]).includes(suite)) throw new UsageError(`--suite ${suite}: choose node or e2e`);
    const targets = [...new Set(positionals.map((name) => findFilter(name).target))];
    const root = projectRoot();
    const files = suites.flatMap((suite) => {
      const dir = join(root, "dist", "tests", suite);
      if (!existsSync(dir)) throw new UsageError(`no ${join("dist", "tests", suite)}: run \`npm run bundle\` in the repository first`);
      return readdirSync(dir)
        // Test files spell a filter's name as an identifier: route-meta's are route_meta_*.test.ts.
        .filter((file) => file.endsWith(".test.mjs") && (targets.length === 0 || targets.some((target) => file.includes(target.replaceAll("-", "_")))))
        .map((file) => join(dir, file));
    });
    if (files.length === 0) throw new UsageError(`no ${suites.join("/")} test files name ${targets.join(" or ")}`);
    buildFilters(progress, targets.length ? targets : undefined);
    progress(`running ${files.length} test file(s)...`);
    const child = spawn(process.execPath, ["--test", "--test-concurrency=2", ...files], { cwd: root, stdio: "inherit" });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    if (code !== 0) process.exitCode = code ?? 1;
  },
};
