import { ENVOY_VERSION, provision } from "../provision.js";
import { BIN, type Command, parseCommandArgs, progress } from "./command.js";

export const provisionCommand: Command = {
  name: "provision",
  summary: `install Envoy ${ENVOY_VERSION} and func-e into .cache/ (idempotent; ENVOY_BIN overrides Envoy)`,
  help: `usage: ${BIN} provision

Installs func-e and Envoy ${ENVOY_VERSION} into .cache/ once; later runs find them there. ENVOY_BIN=/path/to/envoy uses
that binary instead.`,
  async run(args) {
    const { values } = parseCommandArgs("provision", args, {});
    if (values.help) return void console.log(this.help);
    const toolchain = await provision(progress);
    console.log(`envoy:  ${toolchain.envoyPath} (${toolchain.envoyVersion})\nfunc-e: ${toolchain.funcEPath}`);
  },
};
