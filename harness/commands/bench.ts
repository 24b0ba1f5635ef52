import { BIN, type Command, parseCommandArgs } from "./command.js";
import { UsageError } from "../usage_error.js";

export const benchCommand: Command = {
  name: "bench",
  summary: "measure each filter's cost inside Envoy (not in this build yet)",
  help: `usage: ${BIN} bench [ARGS...]

Runs the benchmark suite of bench/run.ts. It has not landed in this build yet.`,
  async run(args) {
    const { values } = parseCommandArgs("bench", args, {});
    if (values.help) return void console.log(this.help);
    throw new UsageError("the benchmark suite (bench/run.ts) is not part of this build yet");
  },
};
