import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ENVOY_RELEASES, provision } from "../provision.js";
import { projectRoot } from "../paths.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command, parseCommandArgs, progress } from "./command.js";

/**
 * The compatibility pass `npm test` runs on each older release: the SDK's conformance table and lifecycle, and one
 * suite per filter, so every filter is proven on every release within the test budget.
 */
export const COMPAT_SUITES = ["conformance_table", "sdk_lifecycle", "auth_providers", "ratelimit_local", "route_meta_routing", "fault", "dubbo", "thrift", "starter"];

export const compatCommand: Command = {
  name: "compat",
  summary: `run the e2e suites on the older Envoy releases the filters are proven on (${ENVOY_RELEASES.slice(1).join(", ")})`,
  help: `usage: ${BIN} compat [--all] [--release R]...

Installs each older release the filters are proven on (${ENVOY_RELEASES.slice(1).join(", ")}; ${ENVOY_RELEASES[0]} is
the default every other command uses) into .cache/ like \`provision\`, and runs bundled e2e suites on it with
ENVOY_RELEASE set: by default the compatibility pass (${COMPAT_SUITES.join(", ")}), with --all every suite.
Releases run one after the other. Runs in the repository after \`npm run build\`.

examples:
  ${BIN} compat
  ${BIN} compat --all --release 1.36.4`,
  async run(args) {
    const { values } = parseCommandArgs("compat", args, { all: { type: "boolean" }, release: { type: "string", multiple: true } });
    if (values.help) return void console.log(this.help);
    if (process.env.ENVOY_BIN) throw new UsageError("compat picks each release itself: unset ENVOY_BIN");
    const releases = values.release ?? ENVOY_RELEASES.slice(1);
    for (const release of releases) {
      if (!(ENVOY_RELEASES as readonly string[]).includes(release)) throw new UsageError(`--release ${release}: choose one of ${ENVOY_RELEASES.join(", ")}`);
    }
    const dir = join(projectRoot(), "dist", "tests", "e2e");
    if (!existsSync(dir)) throw new UsageError(`no ${join("dist", "tests", "e2e")}: run \`npm run build\` in the repository first`);
    const files = values.all ? [dir] : COMPAT_SUITES.map((suite) => join(dir, `${suite}.test.mjs`));
    const failed: string[] = [];
    for (const release of releases) {
      const env = { ...process.env, ENVOY_RELEASE: release };
      process.env.ENVOY_RELEASE = release;
      const toolchain = await provision(progress);
      progress(`compat: Envoy ${toolchain.envoyVersion}, ${values.all ? "every e2e suite" : `${files.length} suites`}...`);
      const child = spawn(process.execPath, ["--test", "--test-concurrency=2", ...files], { cwd: projectRoot(), stdio: "inherit", env });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      if (code !== 0) failed.push(release);
    }
    delete process.env.ENVOY_RELEASE;
    if (failed.length > 0) {
      progress(`compat: failed on ${failed.join(", ")}`);
      process.exitCode = 1;
    } else {
      progress(`compat: passed on ${releases.join(", ")}`);
    }
  },
};
