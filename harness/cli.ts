// The command line, `envoy-wasm-as <verb>` (package.json "bin"; npm scripts call it from the bundle
// dist/harness/cli.mjs). One file per verb in harness/commands/.
import { BIN } from "./commands/command.js";
import { COMMANDS } from "./commands/index.js";
import { RegistryError } from "./oci/registry_client.js";
import { ProvisionError } from "./tools.js";
import { UsageError } from "./usage_error.js";

const USAGE = `usage: ${BIN} <command> [--help]

${COMMANDS.map((command) => `  ${command.name.padEnd(10)}  ${command.summary}`).join("\n")}

\`${BIN} <command> --help\` tells more about each.`;

async function main([verb, ...args]: string[]): Promise<void> {
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    console.log(USAGE);
    if (verb === undefined) process.exitCode = 2;
    return;
  }
  const command = COMMANDS.find((candidate) => candidate.name === verb);
  if (!command) throw new UsageError(`unknown command "${verb}": choose one of ${COMMANDS.map((candidate) => candidate.name).join(", ")} (\`${BIN} --help\`)`);
  await command.run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  } else if (error instanceof ProvisionError || error instanceof RegistryError) {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
});
