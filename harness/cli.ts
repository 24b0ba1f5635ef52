// The command line: `provision`, `build`, `run`. npm scripts call it from the bundle dist/harness.mjs.
import { buildFilters } from "./build.js";
import { ENVOY_VERSION, ProvisionError, provision } from "./provision.js";
import { startConformanceScenario } from "./scenarios/conformance.js";

const USAGE = `usage: harness <command>
  provision   install Envoy ${ENVOY_VERSION} and func-e into .cache/ (idempotent; ENVOY_BIN overrides Envoy)
  build       compile every filter in asconfig.json to build/<name>.wasm
  run         build, boot Envoy through func-e with the filters and demo upstreams, print how to send traffic`;

async function runDemo(): Promise<void> {
  const toolchain = await provision(console.log);
  buildFilters(console.log);
  console.log(`starting envoy (${toolchain.envoyVersion}) through func-e...`);
  const scenario = await startConformanceScenario();
  const { envoy, httpUrl, tcpPort } = scenario;
  const admin = envoy.admin.baseUrl;
  const tcp = `127.0.0.1:${tcpPort}`;
  const tries: [string, string][] = [
    [`curl -si ${httpUrl}/hello -H 'x-conf-remove: gone'`, "headers added, replaced and removed both ways"],
    [`curl -si ${httpUrl}/local`, "418 answered by the filter itself"],
    [`curl -si ${httpUrl}/callout`, "request paused for an http_call, then resumed"],
    [`curl -si ${httpUrl}/grpc`, "request paused for a gRPC call, then resumed"],
    [`curl -si ${httpUrl}/shared/incr`, "CAS counter in shared data across workers"],
    [`curl -s -d 'make me loud' ${httpUrl}/body`, "request body rewritten, response body prefixed"],
    [`echo hello world | nc -q1 127.0.0.1 ${tcpPort}`, "L4: first word upper-cased, reply tagged"],
    [`curl -s '${admin}/stats?filter=conformance'`, "the filter's stats"],
  ];
  const width = Math.max(...tries.map(([command]) => command.length)) + 2;
  console.log(`
envoy is up: run ${envoy.runId}, logs in ${envoy.runDir}/output.log
  admin  ${admin}
  http   ${httpUrl}  (conformance filter in front of an echo server)
  tcp    ${tcp}  (conformance network filter in front of a TCP echo server)

try:
${tries.map(([command, what]) => `  ${command.padEnd(width)}# ${what}`).join("\n")}

Ctrl-C stops Envoy and the upstreams.`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await scenario.stop();
}

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
      return runDemo();
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ProvisionError ? `error: ${error.message}` : error);
  process.exitCode = 1;
});
