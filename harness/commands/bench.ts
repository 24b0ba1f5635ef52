import { parseArgs as parseBenchArgs, runBench } from "../../bench/run.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command } from "./command.js";

export const benchCommand: Command = {
  name: "bench",
  summary: "measure each filter's cost inside Envoy against a no-op module",
  help: `usage: ${BIN} bench [--quick] [--rounds N] [--seconds N] [--warmup N] [--connections N] [--only a,b] [--no-l4]

Runs the benchmark suite (bench/run.ts): each filter in a real Envoy, measured in paired rounds against a no-op
module. --quick is a short smoke run whose results go to .cache/bench/results instead of bench/results.`,
  async run(args) {
    if (args.includes("--help") || args.includes("-h")) return void console.log(this.help);
    try {
      // Checked first, so a mistyped option is a usage error and not a failure halfway through a run.
      parseBenchArgs(args);
    } catch (error) {
      throw new UsageError(`${(error as Error).message.replace(/^bench: /, "")} (see \`${BIN} bench --help\`)`);
    }
    await runBench(args);
  },
};
