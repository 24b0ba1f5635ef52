// The starter filter (examples/starter) in front of an HTTP echo server, from the example's own envoy.yaml.
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { type HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

export interface StarterScenario {
  envoy: Envoy;
  echo: HttpEcho;
  httpUrl: string;
  stop(): Promise<void>;
}

/** `config` as the plugin configuration: an object, or raw text (tests pass bad ones). */
export async function startStarterScenario(config: object | string = { header: "x-starter", value: "hello" }): Promise<StarterScenario> {
  const echo = await startHttpEcho("upstream");
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "starter",
      template: "../examples/starter/envoy.yaml",
      vars: { WASM: wasmPath("starter"), CONFIG: typeof config === "string" ? config : JSON.stringify(config), UPSTREAM_PORT: echo.port },
    });
  } catch (error) {
    await echo.close();
    throw error;
  }
  return {
    envoy,
    echo,
    httpUrl: await envoy.url("http"),
    async stop() {
      await envoy.stop();
      await echo.close();
    },
  };
}
