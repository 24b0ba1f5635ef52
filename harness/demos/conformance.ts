// The SDK conformance filter in front of HTTP, gRPC and TCP echo servers.
import type { Demo } from "../demo.js";
import { startConformanceScenario } from "../scenarios/conformance.js";

export const conformanceDemo: Demo = {
  name: "conformance (the SDK's host calls, one behaviour each)",
  async start() {
    const scenario = await startConformanceScenario();
    const { envoy, httpUrl, tcpPort } = scenario;
    const admin = envoy.admin.baseUrl;
    return {
      summary: [
        `envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`,
        `admin  ${admin}`,
        `http   ${httpUrl}  (conformance filter in front of an echo server)`,
        `tcp    127.0.0.1:${tcpPort}  (conformance network filter in front of a TCP echo server)`,
      ],
      tries: [
        [`curl -si ${httpUrl}/hello -H 'x-conf-remove: gone'`, "headers added, replaced and removed both ways"],
        [`curl -si ${httpUrl}/local`, "418 answered by the filter itself"],
        [`curl -si ${httpUrl}/callout`, "request paused for an http_call, then resumed"],
        [`curl -si ${httpUrl}/grpc`, "request paused for a gRPC call, then resumed"],
        [`curl -si ${httpUrl}/shared/incr`, "CAS counter in shared data across workers"],
        [`curl -s -d 'make me loud' ${httpUrl}/body`, "request body rewritten, response body prefixed"],
        [`echo hello world | nc -q1 127.0.0.1 ${tcpPort}`, "L4: first word upper-cased, reply tagged"],
        [`curl -s '${admin}/stats?filter=conformance'`, "the filter's stats"],
      ],
      stop: () => scenario.stop(),
    };
  },
};
