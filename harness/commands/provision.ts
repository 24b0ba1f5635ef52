import { ENVOY_RELEASES, provision } from "../provision.js";
import { BIN, type Command, parseCommandArgs, progress } from "./command.js";

export const provisionCommand: Command = {
  name: "provision",
  summary: `install Envoy ${ENVOY_RELEASES[0]} and func-e into .cache/ (idempotent; ENVOY_RELEASE or ENVOY_BIN picks another Envoy)`,
  help: `usage: ${BIN} provision

Installs func-e and Envoy ${ENVOY_RELEASES[0]} into .cache/ once; later runs find them there. ENVOY_RELEASE picks
another release the filters are proven on (${ENVOY_RELEASES.slice(1).join(", ")}), installed the same way;
ENVOY_BIN=/path/to/envoy uses that binary instead.`,
  async run(args) {
    const { values } = parseCommandArgs("provision", args, {});
    if (values.help) return void console.log(this.help);
    const toolchain = await provision(progress);
    console.log(`envoy:  ${toolchain.envoyPath} (${toolchain.envoyVersion})\nfunc-e: ${toolchain.funcEPath}`);
  },
};
