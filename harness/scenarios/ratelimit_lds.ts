// The ratelimit filter on a listener Envoy reads from a file (envoy-configs/ratelimit_lds.yaml, harness/listener_file.ts),
// updated in one running process, with an echo upstream.
import { ListenerFileEnvoy, startListenerFileEnvoy } from "../listener_file.js";
import { HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

export interface LdsScenario extends ListenerFileEnvoy {
  echo: HttpEcho;
}

export async function startLdsScenario(initial: object | string): Promise<LdsScenario> {
  const echo = await startHttpEcho("echo");
  try {
    const lds = await startListenerFileEnvoy({
      name: "ratelimit-lds", template: "ratelimit_lds.yaml", listenerTemplate: "ratelimit_lds_listener.yaml", filter: "ratelimit", vars: { ECHO_PORT: echo.port }, initial,
    });
    return { ...lds, echo, stop: async () => { await lds.stop(); await echo.close(); } };
  } catch (error) {
    await echo.close();
    throw error;
  }
}
