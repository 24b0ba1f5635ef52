// Envoy bootstraps for the benchmark, built as objects: one per variant (its filters in front of the router or
// tcp_proxy) and one for the upstream Envoy that answers every request itself. Written under .cache/bench/configs
// and started through harness/envoy.ts, whose templates are paths relative to envoy-configs/.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { dump } from "js-yaml";
import { projectRoot } from "../harness/paths.js";
import { benchCacheDir } from "./wasm.js";

const ANY = { socket_address: { address: "127.0.0.1", port_value: 0 } };
const ADMIN = { address: ANY };

function staticCluster(name: string, port: number | string): object {
  return {
    name,
    type: "STATIC",
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: port } } } }] }] },
    // The benchmark's fixed connections must never queue behind Envoy's default circuit breakers.
    circuit_breakers: { thresholds: [{ max_connections: 100000, max_pending_requests: 100000, max_requests: 100000 }] },
  };
}

/** A Wasm HTTP filter entry for http_filters. */
export function wasmHttpFilter(name: string, wasm: string, configuration: string): object {
  return {
    name,
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
      config: {
        name,
        root_id: name,
        vm_config: { vm_id: name, runtime: "envoy.wasm.runtime.v8", code: { local: { filename: wasm } } },
        configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: configuration },
      },
    },
  };
}

/** A Wasm network filter entry for a filter chain. */
export function wasmNetworkFilter(name: string, wasm: string, configuration: string): object {
  const http = wasmHttpFilter(name, wasm, configuration) as { typed_config: Record<string, unknown> };
  return { name, typed_config: { ...http.typed_config, "@type": "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm" } };
}

/** A bootstrap with one listener (ephemeral port) and the given clusters. */
function singleListenerBootstrap(nodeId: string, listenerName: string, filters: object[], clusters: object[]): object {
  return {
    node: { id: nodeId, cluster: nodeId },
    admin: ADMIN,
    static_resources: {
      listeners: [{ name: listenerName, address: ANY, filter_chains: [{ filters }] }],
      ...(clusters.length > 0 ? { clusters } : {}),
    },
  };
}

/** The HTTP connection manager, without request ids (Envoy's benchmarking advice), ending in the router. */
function httpConnectionManager(settings: Record<string, unknown>, httpFilters: object[], router: object): object {
  return {
    name: "envoy.filters.network.http_connection_manager",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      ...settings,
      generate_request_id: false,
      http_filters: [...httpFilters, { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router", ...router } }],
    },
  };
}

/** The Envoy under test for an HTTP variant: listener "http", its filters, then the router to the upstream Envoy. */
export function httpBootstrap(httpFilters: object[], routes: object[] = [{ match: { prefix: "/" }, route: { cluster: "upstream" } }]): object {
  const manager = httpConnectionManager(
    { stat_prefix: "bench", codec_type: "AUTO", route_config: { name: "bench", virtual_hosts: [{ name: "all", domains: ["*"], routes }] } },
    httpFilters,
    { dynamic_stats: false }, // no per-route dynamic stats, as Envoy's benchmarking advice says
  );
  return singleListenerBootstrap("bench", "http", [manager], [staticCluster("upstream", "{{UPSTREAM_PORT}}")]);
}

const TCP_PROXY = { name: "envoy.filters.network.tcp_proxy", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", stat_prefix: "bench", cluster: "upstream" } };

/** The Envoy under test for an L4 variant: listener "tcp", its network filters, then tcp_proxy to the echo peer. */
export function tcpBootstrap(networkFilters: object[]): object {
  return singleListenerBootstrap("bench", "tcp", [...networkFilters, TCP_PROXY], [staticCluster("upstream", "{{UPSTREAM_PORT}}")]);
}

/**
 * The Envoy under test for an RPC variant (Dubbo, Thrift): listener "rpc", its network filters then tcp_proxy, or
 * the protocol's own Envoy proxy in tcp_proxy's place (`proxy`), to the protocol's responder.
 */
export function rpcBootstrap(networkFilters: object[], proxy: object = TCP_PROXY): object {
  return singleListenerBootstrap("bench", "rpc", [...networkFilters, proxy], [staticCluster("upstream", "{{UPSTREAM_PORT}}")]);
}

/** Envoy's dubbo_proxy, every method of the greeter service to the upstream. */
export const DUBBO_PROXY = {
  name: "envoy.filters.network.dubbo_proxy",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy",
    stat_prefix: "bench", protocol_type: "Dubbo", serialization_type: "Hessian2",
    route_config: [{ name: "greeter", interface: "shop.GreeterService", routes: [{ match: { method: { name: { safe_regex: { regex: ".*" } } } }, route: { cluster: "upstream" } }] }],
  },
};

/**
 * Envoy's thrift_proxy told the transport and protocol (framed, binary), every method to the upstream. With
 * `passthrough`, it decodes only each message's head and passes the arguments and the reply's body as they are.
 */
export function thriftProxy({ passthrough = false } = {}): object {
  return {
    name: "envoy.filters.network.thrift_proxy",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.thrift_proxy.v3.ThriftProxy",
      stat_prefix: "bench", transport: "FRAMED", protocol: "BINARY",
      ...(passthrough ? { payload_passthrough: true } : {}),
      route_config: { name: "all", routes: [{ match: { method_name: "" }, route: { cluster: "upstream" } }] },
    },
  };
}

/** The fast upstream: an Envoy answering 200 with a short body from the listener itself (direct_response). */
export function upstreamBootstrap(): object {
  const routes = [{ match: { prefix: "/" }, direct_response: { status: 200, body: { inline_string: "ok\n" } } }];
  const manager = httpConnectionManager({ stat_prefix: "upstream", route_config: { name: "direct", virtual_hosts: [{ name: "all", domains: ["*"], routes }] } }, [], {});
  return singleListenerBootstrap("bench-upstream", "http", [manager], []);
}

/**
 * Writes a bootstrap as a template for harness/envoy.ts and returns its name relative to envoy-configs/. The one
 * placeholder, {{UPSTREAM_PORT}}, is left unquoted by js-yaml and filled by the harness as a number.
 */
export function writeTemplate(name: string, bootstrap: object): string {
  const dir = join(benchCacheDir(), "configs");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, dump(bootstrap, { lineWidth: -1, noRefs: true }).replace(/'\{\{UPSTREAM_PORT\}\}'/g, "{{UPSTREAM_PORT}}"));
  return relative(join(projectRoot(), "envoy-configs"), path);
}
