// The shared conformance table (tests/shared/conformance_cases.ts) on the host emulator, with the expectations
// tests/e2e/conformance_table.test.ts holds real Envoy to. The emulator stands in for the conformance scenario:
// two worker VMs, the scenario's plugin configuration and names, and stand-ins for its peers that answer as the
// real echo and gRPC upstreams do (harness/upstreams).
import { before, describe, it } from "node:test";
import { EmulatedHost, type ForwardedRequest, type HttpStream, type Plugin } from "../../harness/emulator/index.js";
import { wasmPath } from "../../harness/bootstrap.js";
import { DEFAULT_CONFORMANCE_CONFIGS } from "../../harness/scenarios/conformance.js";
import { echoCodec, sayReply } from "../../harness/upstreams/grpc_echo.js";
import { echoReply } from "../../harness/upstreams/http_echo.js";
import { CASE_HEADER, CONFORMANCE_CASES, CONFORMANCE_ENVIRONMENT, type Observed, assertObserved } from "../shared/conformance_cases.js";

/** The echo upstream's answer to what the filter forwarded (pseudo-headers become what Node's server shows). */
function echo(name: string, request: { headers: ForwardedRequest["headers"]; body: Uint8Array }) {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers.toObject())) {
    if (key === ":authority") headers.host = value;
    else if (!key.startsWith(":")) headers[key] = value;
  }
  const recorded = { method: request.headers.get(":method") ?? "", path: request.headers.get(":path") ?? "", headers, body: new TextDecoder().decode(request.body) };
  return echoReply(name, recorded);
}

function observe(stream: HttpStream): Observed {
  const regular = (map: { toObject(): Record<string, string> } | undefined) =>
    Object.fromEntries(Object.entries(map?.toObject() ?? {}).filter(([k]) => !k.startsWith(":")));
  return {
    reset: stream.reset,
    status: stream.status,
    headers: regular(stream.response?.headers),
    body: stream.response?.text ?? "",
    upstream: stream.upstream && { path: stream.upstream.path, headers: regular(stream.upstream.headers), body: stream.upstream.text },
  };
}

describe("conformance table on the host emulator", () => {
  let workers: Plugin[] = [];

  before(async () => {
    const grpc = echoCodec();
    const host = new EmulatedHost({
      clusters: {
        echo: { http: (call) => echo("echo", call) },
        grpc: { grpc: (call) => ({ message: grpc.encodeReply(sayReply(grpc.decodeRequest(call.message).message, call.metadata.toObject())) }) },
      },
      upstream: (request) => echo("echo", request),
      properties: { xds: { node: { id: CONFORMANCE_ENVIRONMENT.nodeId }, route_name: CONFORMANCE_ENVIRONMENT.routeName } },
    });
    workers = await host.loadWorkers(wasmPath("conformance"), 2, {
      name: CONFORMANCE_ENVIRONMENT.pluginName,
      rootId: CONFORMANCE_ENVIRONMENT.rootId,
      vmId: CONFORMANCE_ENVIRONMENT.vmId,
      configuration: DEFAULT_CONFORMANCE_CONFIGS.http,
    });
  });

  CONFORMANCE_CASES.forEach((testCase, i) => {
    it(testCase.name, () => {
      const { method, path, headers, body } = testCase.request;
      // Alternate the worker VMs, as Envoy's exact_balance spreads connections over its workers.
      const stream = workers[i % workers.length].request({ method, path, headers: { ...headers, [CASE_HEADER]: `case-${i}` }, body });
      assertObserved(testCase, observe(stream));
    });
  });
});
