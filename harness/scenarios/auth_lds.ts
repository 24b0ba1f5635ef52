// The auth filter on a listener Envoy reads from a file (envoy-configs/auth_lds.yaml, harness/listener_file.ts),
// updated in one running process, with an echo upstream and a port nothing listens on.
import { ListenerFileEnvoy, startListenerFileEnvoy } from "../listener_file.js";
import { freeLoopbackPort } from "../peers/local_process.js";
import { startHttpEcho } from "../upstreams/http_echo.js";

export type AuthLdsScenario = ListenerFileEnvoy;

export async function startAuthLdsScenario(initial: object | string): Promise<AuthLdsScenario> {
  const echo = await startHttpEcho("echo");
  try {
    const lds = await startListenerFileEnvoy({
      name: "auth-lds", template: "auth_lds.yaml", listenerTemplate: "auth_lds_listener.yaml", filter: "auth", vars: { ECHO_PORT: echo.port, DEAD_PORT: await freeLoopbackPort() }, initial,
    });
    return { ...lds, stop: async () => { await lds.stop(); await echo.close(); } };
  } catch (error) {
    await echo.close();
    throw error;
  }
}
