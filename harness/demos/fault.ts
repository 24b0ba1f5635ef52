// The fault filter behind auth and route-meta: the v2 canary failing for half its users (the same half every time),
// a slow consumer, a gRPC service made unavailable, and Envoy's fault headers honoured only from the allow list.
import { fetch } from "undici";
import type { Demo } from "../demo.js";
import { KEYS, startFaultScenario } from "../scenarios/fault.js";

const USERS = 200;

export const faultDemo: Demo = {
  name: "fault (targeted fault injection: a failing canary for a sticky half of its users, a slow consumer, gRPC aborts)",
  async start() {
    const scenario = await startFaultScenario({ timeBoxInMs: 60_000, timeBoxForMs: 60_000 });
    const { envoy, url } = scenario;
    const admin = envoy.admin.baseUrl;
    try {
      const statusOf = async (user: string) => (await fetch(`${url}/`, { headers: { "x-api-key": KEYS.alice, "x-canary": "on", "x-user-id": user } })).status;
      const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
      const first = await Promise.all(users.map(statusOf));
      const again = await Promise.all(users.map(statusOf));
      const failed = first.filter((status) => status === 503).length;
      const same = users.filter((_, i) => first[i] === again[i]).length;
      return {
        summary: [
          `envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`,
          `admin   ${admin}`,
          `http    ${url}  (auth by x-api-key → route-meta: x-canary: on → v2 → fault; keys: ${Object.entries(KEYS).map(([name, key]) => `${name} ${key}`).join(", ")})`,
        ],
        shown: [`${USERS} canary users: ${failed} got 503 from experiment v2_errors (50% sticky by x-user-id); asked again, ${same} of ${USERS} got the same answer`],
        tries: [
          [`curl -s ${url}/ -H 'x-api-key: ${KEYS.alice}' -H 'x-canary: on' -H 'x-user-id: user-1' -o /dev/null -w '%{http_code}\\n'`, "the same canary user gets the same answer every time"],
          [`curl -s ${url}/ -H 'x-api-key: ${KEYS.bob}' -o /dev/null -w '%{time_total}s\\n'`, "bob's requests are 300 ms slower (experiment slow_bob, by identity)"],
          [`curl -s ${url}/ -H 'x-api-key: ${KEYS.carol}' -H 'x-envoy-fault-abort-request: 418' -o /dev/null -w '%{http_code}\\n'`, "carol may ask for a fault with Envoy's headers"],
          [`curl -s ${url}/ -H 'x-api-key: ${KEYS.alice}' -H 'x-envoy-fault-abort-request: 418' -o /dev/null -w '%{http_code}\\n'`, "alice may not: her fault headers are removed"],
          [`curl -s '${admin}/stats?filter=wasmcustom.fault'`, "faults injected per experiment and kind, passed by budget or time box, active"],
        ],
        stop: () => scenario.stop(),
      };
    } catch (error) {
      await scenario.stop();
      throw error;
    }
  },
};
