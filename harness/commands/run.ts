import { runDemos } from "../demo.js";
import { BIN, type Command, parseCommandArgs } from "./command.js";

export const runCommand: Command = {
  name: "run",
  summary: "build, boot each filter's demo in its own Envoy, print what to try",
  help: `usage: ${BIN} run

Provisions Envoy, builds every filter and starts each filter's demo scenario (its own Envoy through func-e, with the
upstreams it needs), then prints commands to send traffic through it. Ctrl+C stops everything.`,
  async run(args) {
    const { values } = parseCommandArgs("run", args, {});
    if (values.help) return void console.log(this.help);
    await runDemos();
  },
};
