// The route-meta filter on a listener Envoy reads from a file (envoy-configs/route-meta-lds.yaml,
// harness/listener_file.ts) with the three version upstreams: a new split pushed in one running process, as a control
// plane pushing a WasmPlugin change would.
import { ListenerFileEnvoy, startListenerFileEnvoy } from "../listener_file.js";
import { HttpEcho } from "../upstreams/http_echo.js";
import { startVersionUpstreams, versionPorts } from "./route_meta.js";

export interface RouteMetaLdsScenario extends ListenerFileEnvoy {
  upstreams: HttpEcho[];
}

export async function startRouteMetaLdsScenario(initial: object | string): Promise<RouteMetaLdsScenario> {
  const upstreams = await startVersionUpstreams();
  const closeUpstreams = () => Promise.all(upstreams.map((u) => u.close()));
  try {
    const lds = await startListenerFileEnvoy({
      name: "route-meta-lds", template: "route-meta-lds.yaml", listenerTemplate: "route-meta-lds-listener.yaml", filter: "route-meta", vars: versionPorts(upstreams), initial,
    });
    return { ...lds, upstreams, stop: async () => { await lds.stop(); await closeUpstreams(); } };
  } catch (error) {
    await closeUpstreams();
    throw error;
  }
}
