// Envoy with the SDK conformance filter twice, as an HTTP filter (listener "http", plugin "conformance") and as a
// network filter in front of tcp_proxy (listener "tcp", plugin "conformance-tcp"), each with the failure policy and
// the code source a test chooses: tests/e2e/failure_policy makes the VM trap or the module fail to load and watches
// what Envoy does. The bootstrap is generated (as harness/deploy/envoy.ts does), because a test omits fields the
// templates of envoy-configs/ always write.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { dump } from "js-yaml";
import { wasmPath } from "../bootstrap.js";
import { WASM_TYPE } from "../deploy/istio.js";
import { Envoy } from "../envoy.js";
import { type ModuleServer, startModuleServer } from "../peers/module_server.js";
import { freeLoopbackPort } from "../peers/local_process.js";
import { cacheDir, projectRoot } from "../paths.js";
import { type HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";
import { type TcpEcho, startTcpEcho } from "../upstreams/tcp_echo.js";

/** Where a plugin's module comes from when it is not build/conformance.wasm on disk. */
export interface RemoteCode {
  /** The path on the module server (which serves the built module at MODULE_PATH and answers 404 elsewhere). */
  path: string;
  /** modules: the module server; refused: a loopback port nothing listens on; no_endpoints: a cluster without hosts. */
  cluster: "modules" | "refused" | "no_endpoints";
  /** What Envoy checks the fetched bytes against (Envoy's code cache is keyed by it: give each plugin its own). */
  sha256: string;
  /** retry_policy.num_retries (Envoy's default when absent: 1, so two fetches). */
  retries?: number;
  nackOnCodeCacheMiss?: boolean;
}

export interface PluginChoice {
  /** PluginConfig.failure_policy as Envoy spells it; absent: the field is left out, Envoy's default applies. */
  failurePolicy?: "FAIL_CLOSED" | "FAIL_OPEN" | "FAIL_RELOAD";
  /** The deprecated PluginConfig.fail_open. */
  failOpen?: boolean;
  /** reload_config.backoff.base_interval (Envoy's default: 1000 ms). */
  reloadBaseIntervalMs?: number;
  remote?: RemoteCode;
}

export interface FailurePolicyScenario {
  envoy: Envoy;
  echo: HttpEcho;
  tcpEcho: TcpEcho;
  modules: ModuleServer;
  /** The built module the module server serves at MODULE_PATH. */
  module: Buffer;
  httpPort: number;
  tcpPort: number;
  stop(): Promise<void>;
}

export const MODULE_PATH = "/conformance.wasm";

const socket = (address: string, port: number) => ({ socket_address: { address, port_value: port } });

function cluster(name: string, port?: number) {
  return {
    name,
    type: "STATIC",
    connect_timeout: "1s",
    load_assignment: { cluster_name: name, endpoints: port === undefined ? [] : [{ lb_endpoints: [{ endpoint: { address: socket("127.0.0.1", port) } }] }] },
  };
}

function code(choice: PluginChoice, modules: ModuleServer): object {
  const remote = choice.remote;
  if (!remote) return { local: { filename: wasmPath("conformance") } };
  return {
    remote: {
      http_uri: { uri: modules.url(remote.path), cluster: remote.cluster, timeout: "2s" },
      sha256: remote.sha256,
      ...(remote.retries === undefined ? {} : { retry_policy: { num_retries: remote.retries, retry_back_off: { base_interval: "0.1s", max_interval: "0.2s" } } }),
    },
  };
}

function pluginConfig(name: string, mode: "http" | "tcp", choice: PluginChoice, modules: ModuleServer): object {
  return {
    name,
    root_id: "conformance",
    vm_config: {
      vm_id: name,
      runtime: "envoy.wasm.runtime.v8",
      code: code(choice, modules),
      ...(choice.remote?.nackOnCodeCacheMiss ? { nack_on_code_cache_miss: true } : {}),
    },
    configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: JSON.stringify({ mode }) },
    ...(choice.failurePolicy ? { failure_policy: choice.failurePolicy } : {}),
    ...(choice.failOpen ? { fail_open: true } : {}),
    ...(choice.reloadBaseIntervalMs ? { reload_config: { backoff: { base_interval: `${choice.reloadBaseIntervalMs / 1000}s` } } } : {}),
  };
}

function bootstrap(http: PluginChoice, tcp: PluginChoice, ports: { echo: number; tcpEcho: number; modules: ModuleServer; refused: number }): object {
  const { modules } = ports;
  // Each new connection goes to the worker with the fewest, so two connections held open are on two workers.
  const balance = { exact_balance: {} };
  return {
    node: { id: "failure-policy", cluster: "failure-policy" },
    admin: { address: socket("127.0.0.1", 0) },
    static_resources: {
      listeners: [
        {
          name: "http",
          address: socket("127.0.0.1", 0),
          connection_balance_config: balance,
          filter_chains: [{
            filters: [{
              name: "envoy.filters.network.http_connection_manager",
              typed_config: {
                "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                stat_prefix: "http",
                // What Envoy decided for each request, in its log: `access <path> <status> <response code details>`.
                access_log: [{
                  name: "envoy.access_loggers.stdout",
                  typed_config: {
                    "@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
                    log_format: { text_format_source: { inline_string: "access %REQ(:PATH)% %RESPONSE_CODE% %RESPONSE_CODE_DETAILS%\n" } },
                  },
                }],
                route_config: { name: "all", virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: "echo" } }] }] },
                http_filters: [
                  { name: "conformance", typed_config: { "@type": WASM_TYPE.http, config: pluginConfig("conformance", "http", http, modules) } },
                  { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } },
                ],
              },
            }],
          }],
        },
        {
          name: "tcp",
          address: socket("127.0.0.1", 0),
          connection_balance_config: balance,
          filter_chains: [{
            filters: [
              { name: "conformance-tcp", typed_config: { "@type": WASM_TYPE.network, config: pluginConfig("conformance-tcp", "tcp", tcp, modules) } },
              { name: "envoy.filters.network.tcp_proxy", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", stat_prefix: "tcp", cluster: "tcp_echo" } },
            ],
          }],
        },
      ],
      clusters: [cluster("echo", ports.echo), cluster("tcp_echo", ports.tcpEcho), cluster("modules", modules.port), cluster("refused", ports.refused), cluster("no_endpoints")],
    },
  };
}

let runs = 0;

/** Starts the peers, then Envoy (--concurrency 2); Envoy refusing the configuration rejects with EnvoyStartError. */
export async function startFailurePolicyScenario(name: string, http: PluginChoice, tcp: PluginChoice): Promise<FailurePolicyScenario> {
  const module = readFileSync(wasmPath("conformance"));
  const [echo, tcpEcho, modules, refused] = await Promise.all([startHttpEcho("echo"), startTcpEcho(), startModuleServer({ [MODULE_PATH]: module }), freeLoopbackPort()]);
  const closePeers = () => Promise.all([echo.close(), tcpEcho.close(), modules.close()]).then(() => {});
  const dir = join(cacheDir(), "failure-policy");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `envoy-${process.pid}-${++runs}.yaml`);
  writeFileSync(file, dump(bootstrap(http, tcp, { echo: echo.port, tcpEcho: tcpEcho.port, modules, refused }), { lineWidth: -1, noRefs: true }));
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name,
      template: relative(join(projectRoot(), "envoy-configs"), file),
      vars: {},
      concurrency: 2,
      // The access log is written through Envoy's file flush, every 10 s by default: tests read it line by line.
      extraArgs: ["--file-flush-interval-msec", "50"],
    });
  } catch (error) {
    await closePeers();
    throw error;
  }
  return {
    envoy, echo, tcpEcho, modules, module,
    httpPort: (await envoy.listener("http")).port,
    tcpPort: (await envoy.listener("tcp")).port,
    async stop() {
      await envoy.stop();
      await closePeers();
    },
  };
}
