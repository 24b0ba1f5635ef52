import { dump } from "js-yaml";
import { resolve } from "node:path";
import { envoyBootstrap, envoyFilterEntry } from "../deploy/envoy.js";
import { FAIL_STRATEGIES, FILTERS, builtWasm, describeFailStrategies, failStrategyFor, findFilter } from "../filters.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command, integer, oneOf, parseCommandArgs, required } from "./command.js";
import { checkedConfig } from "./istio.js";

function hostPort(text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(":");
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--upstream ${text}: expected HOST:PORT, e.g. --upstream 127.0.0.1:8080`);
  return { host: text.slice(0, colon), port };
}

export const envoyCommand: Command = {
  name: "envoy",
  summary: "print the Envoy filter entry (or --bootstrap a runnable Envoy config) that loads a filter from a file",
  help: `usage: ${BIN} envoy FILTER --config FILE [--wasm FILE] [--bootstrap --upstream HOST:PORT [--port N] [--admin-port N]]

Prints the filter's entry for plain Envoy (module from a local file), its configuration checked against the filter's
schema first. HTTP filters go in http_filters before envoy.filters.http.router; network filters in the listener's
filters before tcp_proxy.

  --wasm FILE            the module's path on the Envoy host (default: this package's build/<target>.wasm)
  --fail-strategy S      ${FAIL_STRATEGIES.join(", ")}, written as Envoy's failure_policy (FAIL_CLOSE is
                         FAIL_CLOSED): what Envoy does when the filter's VM traps or its module cannot be
                         fetched (default per filter, below; auth refuses FAIL_OPEN)
  --bootstrap            print a whole Envoy config instead: a listener with the filter in front of --upstream
  --upstream HOST:PORT   the service behind Envoy (with --bootstrap)
  --port N               the listener's port (default 10000; 0 lets the kernel pick)
  --address A            the listener's address (default 0.0.0.0)
  --admin-port N         the admin interface's port on 127.0.0.1 (default 9901)

filters: ${FILTERS.map((filter) => `${filter.name} (${filter.kind})`).join(", ")}
default fail strategy per filter (each README's "When the filter fails" says why): ${describeFailStrategies()}

example:
  ${BIN} envoy ratelimit --config ratelimit.json --bootstrap --upstream 127.0.0.1:8080 > envoy.yaml
  envoy -c envoy.yaml`,
  async run(args) {
    const { values, positionals } = parseCommandArgs("envoy", args, {
      config: { type: "string" },
      wasm: { type: "string" },
      "fail-strategy": { type: "string" },
      bootstrap: { type: "boolean" },
      upstream: { type: "string" },
      port: { type: "string" },
      address: { type: "string" },
      "admin-port": { type: "string" },
    });
    if (values.help) return void console.log(this.help);
    const entry = findFilter(positionals[0]);
    const config = checkedConfig("envoy", entry, required("envoy", "config", values.config));
    const options = {
      wasmPath: values.wasm ? resolve(values.wasm) : builtWasm(entry),
      config,
      failStrategy: failStrategyFor(entry, config, oneOf("fail-strategy", values["fail-strategy"], FAIL_STRATEGIES)),
    };
    const output = values.bootstrap
      ? envoyBootstrap(entry, {
          ...options,
          upstream: hostPort(required("envoy --bootstrap", "upstream", values.upstream)),
          port: integer("port", values.port, 0, 65535) ?? 10000,
          address: values.address ?? "0.0.0.0",
          adminPort: integer("admin-port", values["admin-port"], 0, 65535) ?? 9901,
        })
      : [envoyFilterEntry(entry, options)];
    process.stdout.write(dump(output, { lineWidth: -1, noRefs: true }));
  },
};
