import { readConfigFile, validateConfig } from "../config_validation.js";
import { FILTERS, findFilter } from "../filters.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command, parseCommandArgs } from "./command.js";

export const validateCommand: Command = {
  name: "validate",
  summary: "check plugin configuration files against a filter's config.schema.json",
  help: `usage: ${BIN} validate FILTER FILE...

Checks each configuration file (JSON, or YAML when named .yaml/.yml) against the filter's JSON Schema 2020-12 and
prints every error with the JSON path of the value at fault. Exit status 1 when any file is invalid.
The filter applies the same rules when Envoy configures it, and rejects what the schema rejects.

filters: ${FILTERS.map((filter) => filter.name).join(", ")}

example:
  ${BIN} validate ratelimit ratelimit.json
  ratelimit.json: $.rules[0].limit.requests: must be >= 1`,
  async run(args) {
    const { values, positionals } = parseCommandArgs("validate", args, {});
    if (values.help) return void console.log(this.help);
    const [name, ...files] = positionals;
    const entry = findFilter(name);
    if (files.length === 0) throw new UsageError(`name the configuration file(s) to check: ${BIN} validate ${entry.name} FILE...`);
    for (const file of files) {
      const errors = validateConfig(entry, readConfigFile(file));
      if (errors.length === 0) {
        console.log(`${file}: valid ${entry.name} configuration`);
        continue;
      }
      for (const error of errors) console.log(`${file}: ${error}`);
      process.exitCode = 1;
    }
  },
};
