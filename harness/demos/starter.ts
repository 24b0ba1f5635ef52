// The starter filter (examples/starter): the page to copy when writing a filter, running.
import type { Demo } from "../demo.js";
import { startStarterScenario } from "../scenarios/starter.js";

export const starterDemo: Demo = {
  name: "starter (examples/starter: copy it to begin a filter)",
  async start() {
    const scenario = await startStarterScenario();
    const { envoy, httpUrl } = scenario;
    return {
      summary: [`envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`, `http    ${httpUrl}  (adds x-starter: hello to every response)`],
      tries: [
        [`curl -si ${httpUrl}/`, "the response carries x-starter: hello"],
        [`curl -s '${envoy.admin.baseUrl}/stats?filter=starter'`, "wasmcustom.starter.requests"],
      ],
      stop: () => scenario.stop(),
    };
  },
};
