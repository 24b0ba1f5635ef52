// The thrift filter between Apache Thrift's own Python client and server: an allowed call, a denied one, their stats.
import type { Demo } from "../demo.js";
import { startThriftClient } from "../peers/thrift.js";
import { startThriftScenario } from "../scenarios/thrift.js";

export const thriftDemo: Demo = {
  name: "thrift (Apache Thrift's Python client and server, THeader + compact)",
  async start() {
    const scenario = await startThriftScenario({ language: "python", transport: "header", protocol: "compact" });
    const { envoy, port } = scenario;
    const client = await startThriftClient({ language: "python", port, transport: "header", protocol: "compact" });
    try {
      const allowed = await client.call({ method: "greet", args: ["ann"], headers: { "x-tenant": "t1" } });
      const denied = await client.call({ method: "greet", args: ["eve"], headers: { "x-tenant": "blocked" } });
      return {
        summary: [
          `envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`,
          `thrift  127.0.0.1:${port}  (the filter before tcp_proxy, to a Python Thrift server on 127.0.0.1:${scenario.server.port})`,
          `the Python client called greet("ann") with THeader x-tenant=t1: ${JSON.stringify(allowed.value)}`,
          `and greet("eve") with x-tenant=blocked: ${denied.exception}: ${denied.message}`,
        ],
        tries: [[`curl -s '${envoy.admin.baseUrl}/stats?filter=thrift'`, "per-method calls, replies, exceptions, denials and latency"]],
        stop: async () => {
          await client.stop();
          await scenario.stop();
        },
      };
    } catch (error) {
      await client.stop();
      await scenario.stop();
      throw error;
    }
  },
};
