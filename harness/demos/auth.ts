// The auth filter in front of an echo server, with its JWKS and external auth peers: one request allowed (an API
// key, its consumer passed upstream), one denied (no credentials: 401 with challenges).
import type { Demo } from "../demo.js";
import { mint, send, startAuthScenario } from "../scenarios/auth.js";

export const authDemo: Demo = {
  name: "auth (JWT, API keys, Basic, external auth; identity passed upstream as headers)",
  async start() {
    const scenario = await startAuthScenario();
    const { envoy, httpUrl, keys } = scenario;
    const admin = envoy.admin.baseUrl;
    try {
      const allowed = await send(httpUrl + "/key/orders", { headers: { "x-api-key": "alice-key-1", "x-auth-consumer": "root" } });
      const denied = await send(httpUrl + "/key/orders");
      const token = await mint(keys.byAlg.ES256, { sub: "ann", scope: "orders:write", groups: ["admins"], org: { id: "org-1", tier: "gold" } });
      return {
        summary: [
          `envoy run ${envoy.runId}, logs in ${envoy.runDir}/output.log`,
          `admin   ${admin}`,
          `http    ${httpUrl}  (/key/: API key; /basic/: Basic; /jwt/: JWT; /ext/: external auth; /public/: open; see harness/scenarios/auth.ts)`,
        ],
        shown: [
          `allowed: GET /key/orders with x-api-key alice-key-1 and a spoofed x-auth-consumer: root → ${allowed.status}, upstream saw x-auth-consumer: ${allowed.upstream?.["x-auth-consumer"]}`,
          `denied:  GET /key/orders without a key → ${denied.status} ${denied.headers.get("www-authenticate")} ${denied.body}`,
        ],
        tries: [
          [`curl -si ${httpUrl}/key/orders -H 'x-api-key: bob-key'`, "200; the echo shows x-auth-consumer: bob"],
          [`curl -si ${httpUrl}/basic/ -u carol:carol-password`, "Basic: 200 as carol; a wrong password is 401 with Basic realm"],
          [`curl -si ${httpUrl}/scoped/x -H 'authorization: Bearer ${token}'`, "an ES256 JWT with scope, groups and org claims (10 minutes)"],
          [`curl -si ${httpUrl}/admin -H 'x-api-key: bob-key'`, "403: bob is authenticated but not allowed on /admin"],
          [`curl -si ${httpUrl}/ext/x -H 'authorization: Ext allow:erin'`, "the external service allows erin; 'Ext nope' gets its 403"],
          [`curl -s '${admin}/stats?filter=wasmcustom.auth'`, "allowed, denied by reason, per provider, JWKS and token cache"],
        ],
        stop: () => scenario.stop(),
      };
    } catch (error) {
      await scenario.stop();
      throw error;
    }
  },
};
