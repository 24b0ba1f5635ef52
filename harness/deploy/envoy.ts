// Plain Envoy: the filter entry to paste into a listener (HTTP filters go before envoy.filters.http.router, network
// filters before tcp_proxy), or with `bootstrap` a whole runnable Envoy config around it: one listener in front of
// one upstream, and the admin interface on loopback.
import { type FailStrategy, WASM_TYPE, pluginConfig } from "./istio.js";
import type { FilterEntry } from "../filters.js";

export interface EnvoySnippetOptions {
  /** The module on the Envoy host's disk. */
  wasmPath: string;
  config: unknown;
  name?: string;
  /** Default: the catalogue entry's for `config`; one the entry refuses (auth: FAIL_OPEN) is an error. */
  failStrategy?: FailStrategy;
}

export function envoyFilterEntry(entry: FilterEntry, options: EnvoySnippetOptions): object {
  const name = options.name ?? entry.name;
  const code = { local: { filename: options.wasmPath } };
  return { name, typed_config: { "@type": entry.kind === "network" ? WASM_TYPE.network : WASM_TYPE.http, config: pluginConfig(entry, name, code, options.config, options.failStrategy) } };
}

export interface BootstrapOptions extends EnvoySnippetOptions {
  /** The listener's address and port; port 0 lets the kernel pick. */
  address: string;
  port: number;
  adminPort: number;
  /** `host:port` of the service behind Envoy. */
  upstream: { host: string; port: number };
}

function socket(address: string, port: number) {
  return { socket_address: { address, port_value: port } };
}

export function envoyBootstrap(entry: FilterEntry, options: BootstrapOptions): object {
  const filter = envoyFilterEntry(entry, options);
  const filters =
    entry.kind === "network"
      ? [filter, { name: "envoy.filters.network.tcp_proxy", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", stat_prefix: "tcp", cluster: "upstream" } }]
      : [
          {
            name: "envoy.filters.network.http_connection_manager",
            typed_config: {
              "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
              stat_prefix: "http",
              route_config: { name: "all", virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: "upstream" } }] }] },
              http_filters: [filter, { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
            },
          },
        ];
  return {
    admin: { address: socket("127.0.0.1", options.adminPort) },
    static_resources: {
      listeners: [{ name: entry.kind === "network" ? "tcp" : "http", address: socket(options.address, options.port), filter_chains: [{ filters }] }],
      clusters: [
        {
          name: "upstream",
          type: "STRICT_DNS",
          load_assignment: { cluster_name: "upstream", endpoints: [{ lb_endpoints: [{ endpoint: { address: socket(options.upstream.host, options.upstream.port) } }] }] },
        },
      ],
    },
  };
}
