// The command line: `provision`, `build`, `run`. npm scripts call it from the bundle dist/harness.mjs.
import { buildFilters } from "./build.js";
import { runDemos } from "./demo.js";
import { ENVOY_VERSION, ProvisionError, provision } from "./provision.js";

const USAGE = `usage: harness <command>
  provision   install Envoy ${ENVOY_VERSION} and func-e into .cache/ (idempotent; ENVOY_BIN overrides Envoy)
  build       compile every filter in asconfig.json to build/<name>.wasm
  run         build, boot Envoy through func-e with the filters and demo upstreams, print how to send traffic`;

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case "provision": {
      const toolchain = await provision(console.log);
      console.log(`envoy:  ${toolchain.envoyPath} (${toolchain.envoyVersion})\nfunc-e: ${toolchain.funcEPath}`);
      return;
    }
    case "build":
      buildFilters(console.log);
      return;
    case "run":
      return runDemos();
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ProvisionError ? `error: ${error.message}` : error);
  process.exitCode = 1;
});
