// The ratelimit filter with local rules in front of an echo server: a burst from one client, limited.
import type { Demo } from "../demo.js";
import { burst, countStatuses, startRateLimitScenario } from "../scenarios/ratelimit.js";

export const ratelimitDemo: Demo = {
  name: "ratelimit (token buckets shared by every Envoy worker)",
  async start() {
    const scenario = await startRateLimitScenario();
    const { envoy, httpUrl, customUrl } = scenario;
    const admin = envoy.admin.baseUrl;
    try {
      // /api/ is limited to 10 per minute per client address (rule demo_per_client).
      const answers = await burst(httpUrl + "/api/orders", 20);
      const counts = countStatuses(answers);
      const limited = answers.find((a) => a.status === 429);
      return {
        summary: [
          `envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`,
          `admin   ${admin}`,
          `http    ${httpUrl}  (/api/: 10 per minute per client; /consumer: 3 per hour per x-auth-consumer, alice 6)`,
          `custom  ${customUrl}  (2 per hour in all; 503 "slow down"; limit headers on allowed responses)`,
        ],
        shown: [
          `burst of 20 to /api/orders → ${counts[200] ?? 0} allowed, ${counts[429] ?? 0} got 429 with retry-after ${limited?.headers.get("retry-after") ?? "-"}`,
        ],
        tries: [
          [`curl -si ${httpUrl}/api/orders`, "429 with x-ratelimit-* and retry-after until a token is back"],
          [`curl -si ${httpUrl}/api/orders -H 'x-forwarded-for: 198.51.100.7'`, "another client address: its own bucket"],
          [`curl -si ${httpUrl}/consumer -H 'x-auth-consumer: bob'`, "per consumer: bob's 4th request within the hour gets 429"],
          [`curl -si ${customUrl}/`, "limit headers on an allowed response"],
          [`curl -s '${admin}/stats?filter=ratelimit'`, "allowed, limited, shadow_limited, table_full per rule"],
        ],
        stop: () => scenario.stop(),
      };
    } catch (error) {
      await scenario.stop();
      throw error;
    }
  },
};
