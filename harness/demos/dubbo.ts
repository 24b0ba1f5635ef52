// The dubbo filter between a real Java Dubbo consumer and provider: an allowed call, a denied one, their stats.
import type { Demo } from "../demo.js";
import { startDubboConsumer } from "../peers/dubbo.js";
import { startDubboScenario } from "../scenarios/dubbo.js";

export const dubboDemo: Demo = {
  name: "dubbo (a real Apache Dubbo 3.3.6 consumer and provider, hessian2)",
  async start() {
    const scenario = await startDubboScenario();
    const { envoy, port } = scenario;
    const consumer = await startDubboConsumer(port);
    try {
      const allowed = await consumer.call({ method: "greet", arg: "ann", attachments: { "x-tenant": "t1" } });
      const denied = await consumer.call({ method: "greet", arg: "eve", attachments: { "x-tenant": "blocked" } });
      return {
        summary: [
          `envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`,
          `dubbo   [::1]:${port}  (the filter before tcp_proxy, to a Java provider on [::1]:${scenario.provider.port})`,
          `the Java consumer called greet("ann") with x-tenant=t1: ${allowed.text}`,
          `and greet("eve") with x-tenant=blocked: ${denied.text}`,
        ],
        tries: [[`curl -s '${envoy.admin.baseUrl}/stats?filter=dubbo'`, "per-method requests, responses, denials and latency"]],
        stop: async () => {
          await consumer.stop();
          await scenario.stop();
        },
      };
    } catch (error) {
      await consumer.stop();
      await scenario.stop();
      throw error;
    }
  },
};
