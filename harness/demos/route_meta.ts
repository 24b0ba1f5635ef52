// The route-meta filter in front of three upstreams v1, v2, v3: how many of N users the 20% sticky split sent where,
// and that asking again sends every one of them to the same place.
import type { Demo } from "../demo.js";
import { countByVersion, startRouteMetaScenario, upstreamsByUser } from "../scenarios/route_meta.js";

const USERS = 1000;

export const routeMetaDemo: Demo = {
  name: "route-meta (gray release: tags from rules and sticky, monotone splits, routed by Envoy's route table)",
  async start() {
    const scenario = await startRouteMetaScenario();
    const { envoy, httpUrl, cookieUrl } = scenario;
    const admin = envoy.admin.baseUrl;
    try {
      const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
      const first = await upstreamsByUser(httpUrl + "/", users);
      const again = await upstreamsByUser(httpUrl + "/", users);
      const counts = countByVersion(first.values());
      const kept = users.filter((u) => first.get(u) === again.get(u)).length;
      return {
        summary: [
          `envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`,
          `admin   ${admin}`,
          `http    ${httpUrl}  (x-tester: true or ?preview=on → v2; office networks, BetaApp, staff → v3; 20% of x-user-id → v2; rest v1)`,
          `cookie  ${cookieUrl}  (50% at random, kept by a route_tag cookie)`,
        ],
        shown: [
          `${USERS} users by x-user-id → v1 ${counts.v1}, v2 ${counts.v2} (${((100 * counts.v2) / USERS).toFixed(1)}%), v3 ${counts.v3}; asked again, ${kept} of ${USERS} went to the same version`,
        ],
        tries: [
          [`curl -s ${httpUrl}/ -H 'x-user-id: alice' -D - -o /dev/null | grep -i x-upstream`, "the same user always reaches the same version"],
          [`curl -s ${httpUrl}/ -H 'x-tester: true' -D - -o /dev/null | grep -i x-upstream`, "testers are pinned to v2"],
          [`curl -s ${httpUrl}/ -H 'x-route-tag: v3' -D - -o /dev/null | grep -i x-upstream`, "an incoming tag is kept (full-link gray)"],
          [`curl -s ${httpUrl}/ -H 'x-forwarded-for: 2001:db8:3::9' -D - -o /dev/null | grep -i x-upstream`, "an office network (IPv6 CIDR) goes to v3"],
          [`curl -si ${cookieUrl}/`, "a random split with set-cookie: route_tag=...; send it back to stay"],
          [`curl -s '${admin}/stats?filter=route_meta'`, "requests per tag, per rule, and what decided"],
        ],
        stop: () => scenario.stop(),
      };
    } catch (error) {
      await scenario.stop();
      throw error;
    }
  },
};
