import { Envoy } from "../envoy.js";
import { wasmPath } from "../bootstrap.js";
import { GrpcEcho, startGrpcEcho } from "../upstreams/grpc_echo.js";
import { HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";
import { TcpEcho, startTcpEcho } from "../upstreams/tcp_echo.js";

/** The conformance filter's plugin configurations (objects, or raw text); tests pass bad ones to see them rejected. */
export interface ConformanceConfigs {
  http: object | string;
  tcp: object | string;
}

const configText = (config: object | string) => (typeof config === "string" ? config : JSON.stringify(config));

export const DEFAULT_CONFORMANCE_CONFIGS: ConformanceConfigs = {
  http: { mode: "http", tick_period_ms: 100, callout_cluster: "echo", grpc_cluster: "grpc" },
  tcp: { mode: "tcp" },
};

/** Envoy with the conformance filter (envoy-configs/conformance.yaml) and every upstream it talks to. */
export interface ConformanceScenario {
  envoy: Envoy;
  echo: HttpEcho;
  echoAlt: HttpEcho;
  grpc: GrpcEcho;
  tcpEcho: TcpEcho;
  httpUrl: string;
  tcpPort: number;
  stop(): Promise<void>;
}

export async function startConformanceScenario(configs: ConformanceConfigs = DEFAULT_CONFORMANCE_CONFIGS): Promise<ConformanceScenario> {
  const [echo, echoAlt, grpc, tcpEcho] = await Promise.all([startHttpEcho("echo"), startHttpEcho("echo_alt"), startGrpcEcho(), startTcpEcho()]);
  const closeUpstreams = () => Promise.all([echo.close(), echoAlt.close(), grpc.close(), tcpEcho.close()]).then(() => {});
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "conformance",
      template: "conformance.yaml",
      vars: {
        WASM: wasmPath("conformance"),
        HTTP_CONFIG: configText(configs.http),
        TCP_CONFIG: configText(configs.tcp),
        ECHO_PORT: echo.port,
        ECHO_ALT_PORT: echoAlt.port,
        GRPC_PORT: grpc.port,
        TCP_ECHO_PORT: tcpEcho.port,
      },
    });
  } catch (error) {
    await closeUpstreams();
    throw error;
  }
  return {
    envoy, echo, echoAlt, grpc, tcpEcho,
    httpUrl: await envoy.url("http"),
    tcpPort: (await envoy.listener("tcp")).port,
    async stop() {
      await envoy.stop();
      await closeUpstreams();
    },
  };
}
