// What the benchmark compares. A variant is one entry: a name, the filters in front of the router (HTTP) or
// tcp_proxy (L4), the .wasm it loads, what it is compared with, and a check that it does its job before it is timed.
import { httpBootstrap, tcpBootstrap, wasmHttpFilter, wasmNetworkFilter } from "./configs.js";

export interface Check {
  headers?: Record<string, string>;
  status: number;
  /** A response header that must be present (name) with this value. */
  responseHeader?: [string, string];
}

export interface Variant {
  name: string;
  /** What it shows, one line for the table. */
  description: string;
  kind: "http" | "tcp";
  bootstrap: object;
  /** The module it loads, for its size. */
  wasm?: string;
  /** The variant it adds to (plain Envoy for HTTP, plain tcp_proxy for L4). */
  baseline: string;
  /** Envoy's own filter for the same job, when there is one. */
  native?: string;
  /** Request headers sent under load. */
  loadHeaders?: Record<string, string>;
  checks: Check[];
}

export interface Modules {
  noop: string;
  sdk: string;
  ratelimit?: string;
  higressIpAcl?: string;
  conformance?: string;
}

const OK: Check = { status: 200 };
const HEADER_ADDED: Check = { status: 200, responseHeader: ["x-bench", "1"] };

const sdk = (modules: Modules, mode: string) => wasmHttpFilter("probe_bench", modules.sdk, mode);

const LUA_ADD_HEADER = {
  name: "envoy.filters.http.lua",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
    default_source_code: { inline_string: "function envoy_on_response(handle) handle:headers():add('x-bench', '1') end" },
  },
};

const PERCENT_100 = { numerator: 100, denominator: "HUNDRED" };
// One bucket far above the offered load: the filter decides on every request and never limits.
const LOCAL_RATELIMIT = {
  name: "envoy.filters.http.local_ratelimit",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
    stat_prefix: "bench_local_ratelimit",
    token_bucket: { max_tokens: 1000000, tokens_per_fill: 1000000, fill_interval: "1s" },
    filter_enabled: { runtime_key: "bench_rl_enabled", default_value: PERCENT_100 },
    filter_enforced: { runtime_key: "bench_rl_enforced", default_value: PERCENT_100 },
  },
};
const RATELIMIT_CONFIG = JSON.stringify({ rules: [{ name: "all", limit: { requests: 1000000, per: "second" } }] });

// The Higress ip-acl job: consumer alice may not come from 127.0.0.0/8; everyone else passes.
export const IP_ACL_CONFIG = JSON.stringify({ consumers: { alice: { deniedCidrs: ["127.0.0.0/8"] } } });
const RBAC_IP_ACL = {
  name: "envoy.filters.http.rbac",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC",
    rules: {
      action: "DENY",
      policies: {
        alice_from_loopback: {
          permissions: [{ any: true }],
          principals: [{ and_ids: { ids: [
            { header: { name: "x-mse-consumer", string_match: { exact: "alice" } } },
            { direct_remote_ip: { address_prefix: "127.0.0.0", prefix_len: 8 } },
          ] } }],
        },
      },
    },
  },
};
const ALICE_DENIED: Check = { status: 403, headers: { "x-mse-consumer": "alice" } };

export function httpVariants(modules: Modules): Variant[] {
  const http = (v: Omit<Variant, "kind" | "baseline" | "bootstrap"> & { filters: object[] }): Variant => ({
    kind: "http", baseline: "none", bootstrap: httpBootstrap(v.filters), ...v,
  });
  const list: Variant[] = [
    http({ name: "none", description: "plain Envoy (router only)", filters: [], checks: [OK] }),
    http({ name: "wasm-floor", description: "hand-written do-nothing module (WAT): the cost of Wasm itself", wasm: modules.noop, filters: [wasmHttpFilter("noop", modules.noop, "")], checks: [OK] }),
    http({ name: "sdk-nothing", description: "SDK filter that does nothing", wasm: modules.sdk, filters: [sdk(modules, "nothing")], checks: [OK] }),
    http({ name: "sdk-read-request-header", description: "SDK: read one request header", wasm: modules.sdk, filters: [sdk(modules, "read-request-header")], checks: [OK] }),
    http({ name: "sdk-add-response-header", description: "SDK: add one response header", wasm: modules.sdk, native: "lua-add-response-header", filters: [sdk(modules, "add-response-header")], checks: [HEADER_ADDED] }),
    http({ name: "lua-add-response-header", description: "Lua: add one response header", filters: [LUA_ADD_HEADER], checks: [HEADER_ADDED] }),
    http({ name: "sdk-replace-response-header", description: "SDK: replace a response header", wasm: modules.sdk, filters: [sdk(modules, "replace-response-header")], checks: [{ status: 200, responseHeader: ["content-type", "text/plain"] }] }),
    http({ name: "sdk-remove-absent-request-header", description: "SDK: remove an absent request header (route re-selected)", wasm: modules.sdk, filters: [sdk(modules, "remove-absent-request-header")], checks: [OK] }),
    http({ name: "native-local-ratelimit", description: "native local_ratelimit, under its limit", filters: [LOCAL_RATELIMIT], checks: [OK] }),
  ];
  if (modules.ratelimit) {
    list.push(http({ name: "ratelimit", description: "our ratelimit, one local rule, under its limit", wasm: modules.ratelimit, native: "native-local-ratelimit", filters: [wasmHttpFilter("ratelimit", modules.ratelimit, RATELIMIT_CONFIG)], checks: [OK] }));
  }
  list.push(http({ name: "native-rbac-ip-acl", description: "native rbac: deny consumer alice from 127.0.0.0/8", filters: [RBAC_IP_ACL], checks: [OK, ALICE_DENIED] }));
  if (modules.higressIpAcl) {
    list.push(http({ name: "higress-go-ip-acl", description: "Higress Go ip-acl plugin (PyPI), same job", wasm: modules.higressIpAcl, native: "native-rbac-ip-acl", filters: [wasmHttpFilter("ip_acl", modules.higressIpAcl, IP_ACL_CONFIG)], checks: [OK, ALICE_DENIED] }));
  }
  return list;
}

export function tcpVariants(modules: Modules): Variant[] {
  const list: Variant[] = [
    { name: "tcp-proxy", description: "plain tcp_proxy, 1 KiB calls", kind: "tcp", baseline: "tcp-proxy", bootstrap: tcpBootstrap([]), checks: [] },
  ];
  if (modules.conformance) {
    list.push({
      name: "conformance-tcp", description: "SDK conformance network filter (reads and edits each 1 KiB) before tcp_proxy", kind: "tcp", baseline: "tcp-proxy",
      wasm: modules.conformance, bootstrap: tcpBootstrap([wasmNetworkFilter("conformance_tcp", modules.conformance, JSON.stringify({ mode: "tcp" }))]), checks: [],
    });
  }
  return list;
}
