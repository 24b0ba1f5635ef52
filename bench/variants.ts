// What the benchmark compares. A variant is one entry: a name, the filters in front of the router (HTTP) or
// tcp_proxy (L4), the .wasm it loads, what it is compared with, and a check that it does its job before it is timed.
import { API_KEY, BASIC_USER, JWT_ISSUER, basicHeader, htpasswdSha, jwtFixture } from "./auth_fixtures.js";
import { DUBBO_PROXY, httpBootstrap, rpcBootstrap, tcpBootstrap, thriftProxy, wasmHttpFilter, wasmNetworkFilter } from "./configs.js";
import { DUBBO_WORKLOAD } from "./dubbo_load.js";
import type { RpcWorkload } from "./tcp_load.js";
import { THRIFT_WORKLOAD } from "./thrift_load.js";

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
  /** HTTP requests through the router, 1 KiB calls through tcp_proxy, or an RPC protocol's calls (`workload`). */
  kind: "http" | "tcp" | "rpc";
  bootstrap: object;
  /** With kind "rpc": the calls it is loaded with, and the responder that answers them. */
  workload?: RpcWorkload;
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
  noopLean: string;
  sdk: string;
  higressIpAcl?: string;
  /** Each catalogue target's module (harness/filters.ts), compiled from its entry; a target that fails is absent. */
  filters: Record<string, string>;
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

type HttpEntry = Omit<Variant, "kind" | "baseline" | "bootstrap"> & { filters: object[]; routes?: object[] };
const http = (v: HttpEntry): Variant => ({ kind: "http", baseline: "none", bootstrap: httpBootstrap(v.filters, v.routes), ...v });

export function httpVariants(modules: Modules): Variant[] {
  const list: Variant[] = [
    http({ name: "none", description: "plain Envoy (router only)", filters: [], checks: [OK] }),
    http({ name: "wasm-floor", description: "hand-written do-nothing module (WAT): the cost of Wasm itself", wasm: modules.noop, filters: [wasmHttpFilter("noop", modules.noop, "")], checks: [OK] }),
    http({ name: "wasm-floor-lean", description: "hand-written module exporting only the two header callbacks", wasm: modules.noopLean, filters: [wasmHttpFilter("noop_lean", modules.noopLean, "")], checks: [OK] }),
    http({ name: "sdk-nothing", description: "SDK filter that does nothing", wasm: modules.sdk, filters: [sdk(modules, "nothing")], checks: [OK] }),
    http({ name: "sdk-read-request-header", description: "SDK: read one request header", wasm: modules.sdk, filters: [sdk(modules, "read-request-header")], checks: [OK] }),
    http({ name: "sdk-add-response-header", description: "SDK: add one response header", wasm: modules.sdk, native: "lua-add-response-header", filters: [sdk(modules, "add-response-header")], checks: [HEADER_ADDED] }),
    http({ name: "lua-add-response-header", description: "Lua: add one response header", filters: [LUA_ADD_HEADER], checks: [HEADER_ADDED] }),
    http({ name: "sdk-replace-response-header", description: "SDK: replace a response header", wasm: modules.sdk, filters: [sdk(modules, "replace-response-header")], checks: [{ status: 200, responseHeader: ["content-type", "text/plain"] }] }),
    http({ name: "sdk-remove-absent-request-header", description: "SDK: remove an absent request header (route re-selected)", wasm: modules.sdk, filters: [sdk(modules, "remove-absent-request-header")], checks: [OK] }),
  ];
  list.push(http({ name: "native-rbac-ip-acl", description: "native rbac: deny consumer alice from 127.0.0.0/8", filters: [RBAC_IP_ACL], checks: [OK, ALICE_DENIED] }));
  if (modules.higressIpAcl) {
    list.push(http({ name: "higress-go-ip-acl", description: "Higress Go ip-acl plugin (PyPI), same job", wasm: modules.higressIpAcl, native: "native-rbac-ip-acl", filters: [wasmHttpFilter("ip_acl", modules.higressIpAcl, IP_ACL_CONFIG)], checks: [OK, ALICE_DENIED] }));
  }
  for (const [target, variants] of Object.entries(FILTER_VARIANTS)) {
    const wasm = modules.filters[target];
    if (wasm) list.push(...variants(wasm));
  }
  const { auth: authWasm, "route-meta": routeMetaWasm, ratelimit: ratelimitWasm } = modules.filters;
  if (authWasm && routeMetaWasm && ratelimitWasm) {
    const headers = { "x-api-key": API_KEY, "x-user-id": "user-42" };
    list.push(http({
      name: "http-suite-chained", description: "auth (API key) + route-meta + ratelimit, chained",
      filters: [wasmHttpFilter("auth", authWasm, AUTH_API_KEY_CONFIG), wasmHttpFilter("route_meta", routeMetaWasm, ROUTE_META_CONFIG), wasmHttpFilter("ratelimit", ratelimitWasm, RATELIMIT_CONFIG)],
      loadHeaders: headers, checks: [{ status: 200, headers }, UNAUTHENTICATED],
    }));
  }
  return list;
}

/** The ratelimit filter beside native local_ratelimit, both under their limit. */
function ratelimitVariants(wasm: string): Variant[] {
  return [
    http({ name: "native-local-ratelimit", description: "native local_ratelimit, under its limit", filters: [LOCAL_RATELIMIT], checks: [OK] }),
    http({ name: "ratelimit", description: "our ratelimit, one local rule, under its limit", wasm, native: "native-local-ratelimit", filters: [wasmHttpFilter("ratelimit", wasm, RATELIMIT_CONFIG)], checks: [OK] }),
  ];
}

const UNAUTHENTICATED: Check = { status: 401 };
const authConfig = (providers: object[]) => JSON.stringify({ providers, default_rule: { any_of: [(providers[0] as { name: string }).name] } });
const auth = (wasm: string, providers: object[]) => wasmHttpFilter("auth", wasm, authConfig(providers));
export const AUTH_API_KEY_CONFIG = authConfig([{ name: "keys", type: "api_key", consumers: [{ name: BASIC_USER, keys: [API_KEY] }] }]);
export const AUTH_BASIC_CONFIG = authConfig([{ name: "basic", type: "basic", consumers: [{ name: BASIC_USER, user: BASIC_USER, password_hash: htpasswdSha() }] }]);
const typed = (name: string, type: string, config: object) => ({ name, typed_config: { "@type": `type.googleapis.com/${type}`, ...config } });

/** The auth filter beside Envoy's filter for the same credential, every request carrying a valid one. */
function authVariants(wasm: string): Variant[] {
  const list: Variant[] = [];
  const apiKey = { "x-api-key": API_KEY };
  const authFilter = (config: string) => wasmHttpFilter("auth", wasm, config);
  list.push(
    http({ name: "native-api-key-auth", description: "native api_key_auth, valid key", filters: [typed("envoy.filters.http.api_key_auth", "envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth", { credentials: [{ key: API_KEY, client: BASIC_USER }], key_sources: [{ header: "x-api-key" }] })], loadHeaders: apiKey, checks: [{ status: 200, headers: apiKey }, UNAUTHENTICATED] }),
    http({ name: "auth-api-key", description: "auth: API key from a header, valid key", wasm, native: "native-api-key-auth", filters: [authFilter(AUTH_API_KEY_CONFIG)], loadHeaders: apiKey, checks: [{ status: 200, headers: apiKey }, UNAUTHENTICATED] }),
  );
  const basic = { authorization: basicHeader() };
  list.push(
    http({ name: "native-basic-auth", description: "native basic_auth, valid user", filters: [typed("envoy.filters.http.basic_auth", "envoy.extensions.filters.http.basic_auth.v3.BasicAuth", { users: { inline_string: `${BASIC_USER}:${htpasswdSha()}` } })], loadHeaders: basic, checks: [{ status: 200, headers: basic }, UNAUTHENTICATED] }),
    http({ name: "auth-basic", description: "auth: Basic ({SHA} hash), valid user", wasm, native: "native-basic-auth", filters: [authFilter(AUTH_BASIC_CONFIG)], loadHeaders: basic, checks: [{ status: 200, headers: basic }, UNAUTHENTICATED] }),
  );
  for (const alg of ["RS256", "ES256"] as const) {
    const fixture = jwtFixture(alg);
    const bearer = { authorization: `Bearer ${fixture.token}` };
    const a = alg.toLowerCase();
    for (const cached of [true, false]) {
      const suffix = `${a}-${cached ? "cache" : "nocache"}`;
      const native = `native-jwt-authn-${suffix}`;
      list.push(
        http({
          name: native, description: `native jwt_authn ${alg}${cached ? " with jwt_cache_config" : ", no cache"}`,
          filters: [typed("envoy.filters.http.jwt_authn", "envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication", {
            providers: { bench: { issuer: JWT_ISSUER, local_jwks: { inline_string: fixture.jwks }, forward: true, ...(cached ? { jwt_cache_config: { jwt_cache_size: 1024 } } : {}) } },
            rules: [{ match: { prefix: "/" }, requires: { provider_name: "bench" } }],
          })],
          loadHeaders: bearer, checks: [{ status: 200, headers: bearer }, UNAUTHENTICATED],
        }),
        http({
          name: `auth-jwt-${suffix}`, description: `auth: JWT ${alg}${cached ? " with its token cache" : ", token cache off"}`, wasm, native,
          filters: [auth(wasm, [{ name: "jwt", type: "jwt", issuer: JWT_ISSUER, jwks: fixture.jwks, token_cache_size: cached ? 1024 : 0 }])],
          loadHeaders: bearer, checks: [{ status: 200, headers: bearer }, UNAUTHENTICATED],
        }),
      );
    }
  }
  return list;
}

const BETA_APP = "BetaApp/[0-9]+\\.[0-9]+( .*)?";

/** route-meta with a regex rule and a sticky split, beside a native route header match on the same regex. */
export const ROUTE_META_CONFIG = JSON.stringify({
  tag_header: "x-route-tag",
  default_tag: "v1",
  rules: [{ name: "beta_app", tag: "v2", conditions: [{ source: "header", name: "user-agent", op: "regex", value: BETA_APP }] }],
  sticky_split: { key: { source: "header", name: "x-user-id" }, versions: [{ tag: "v2", percent: 20 }] },
});

function routeMetaVariants(wasm: string): Variant[] {
  const user = { "x-user-id": "user-42" };
  return [
    http({
      name: "native-route-header-match", description: "native route match on a header regex",
      filters: [], loadHeaders: user, checks: [OK],
      routes: [
        { match: { prefix: "/", headers: [{ name: "user-agent", string_match: { safe_regex: { regex: BETA_APP } } }] }, route: { cluster: "upstream" } },
        { match: { prefix: "/" }, route: { cluster: "upstream" } },
      ],
    }),
    http({ name: "route-meta", description: "route-meta: regex rule + 20% sticky split, tag header written", wasm, native: "native-route-header-match", filters: [wasmHttpFilter("route_meta", wasm, ROUTE_META_CONFIG)], loadHeaders: user, checks: [OK] }),
  ];
}

/** An experiment on a header the load never sends: the fault filter's cost on a request it does not target. */
const FAULT_UNTARGETED_CONFIG = JSON.stringify({ experiments: [{ name: "canary_errors", conditions: [{ source: "header", name: "x-fault-me", op: "present" }], abort: { status: 503 } }] });

/** The fault filter beside Envoy's fault filter, neither touching the request (their floor on every request). */
function faultVariants(wasm: string): Variant[] {
  return [
    http({
      name: "native-fault", description: "native fault filter, abort only for a header the load does not send",
      filters: [typed("envoy.filters.http.fault", "envoy.extensions.filters.http.fault.v3.HTTPFault", { abort: { http_status: 503, percentage: { numerator: 100 } }, headers: [{ name: "x-fault-me", present_match: true }] })],
      checks: [OK],
    }),
    http({ name: "fault-untargeted", description: "fault: one experiment on a header the load does not send", wasm, native: "native-fault", filters: [wasmHttpFilter("fault", wasm, FAULT_UNTARGETED_CONFIG)], checks: [OK] }),
  ];
}

export function tcpVariants(modules: Modules): Variant[] {
  const list: Variant[] = [
    { name: "tcp-proxy", description: "plain tcp_proxy, 1 KiB calls", kind: "tcp", baseline: "tcp-proxy", bootstrap: tcpBootstrap([]), checks: [] },
  ];
  const conformance = modules.filters.conformance;
  if (conformance) {
    list.push({
      name: "conformance-tcp", description: "SDK conformance network filter (reads and edits each 1 KiB) before tcp_proxy", kind: "tcp", baseline: "tcp-proxy",
      wasm: conformance, bootstrap: tcpBootstrap([wasmNetworkFilter("conformance_tcp", conformance, JSON.stringify({ mode: "tcp" }))]), checks: [],
    });
  }
  list.push(...rpcVariants({
    protocol: "dubbo", title: "Dubbo", workload: DUBBO_WORKLOAD, nativeProxy: DUBBO_PROXY, wasm: modules.filters.dubbo,
    // Rules that every call is checked against and none matches, so each call is read, matched and passed.
    rules: [{ name: "no-admin", match: { service: "shop.AdminService" } }, { name: "no-beta", match: { method: "greet", group: "beta" } }],
    rulesRead: "the group attachment",
  }));
  list.push(...rpcVariants({
    protocol: "thrift", title: "Thrift", workload: THRIFT_WORKLOAD, nativeProxy: thriftProxy(), wasm: modules.filters.thrift,
    transport: { transport: "framed", protocol: "binary" },
    // As for dubbo: checked on every call, matched by none. A framed call has no THeader info headers to read.
    rules: [{ name: "no-crash", match: { method: "crash" }, action: "deny" }, { name: "blocked-tenant", match: { method: "greet", headers: [{ name: "x-tenant", value: "blocked" }] }, action: "deny" }],
    rulesRead: "an info header",
  }));
  // thrift_proxy at its cheapest: each message's head decoded, the arguments and the result passed as they are, as the
  // filter passes them (not selected by `--only thrift`: name it).
  list.push({
    name: "native-thrift-proxy-passthrough", description: "Envoy's thrift_proxy with payload_passthrough, Thrift greet calls", kind: "rpc", baseline: "thrift-tcp-proxy",
    workload: THRIFT_WORKLOAD, bootstrap: rpcBootstrap([], thriftProxy({ passthrough: true })), checks: [],
  });
  return list;
}

interface RpcRows {
  /** Names the rows (`<protocol>-tcp-proxy`, `native-<protocol>-proxy`, `<protocol>`) and the filter's root id. */
  protocol: string;
  title: string;
  workload: RpcWorkload;
  /** Envoy's own filter for the protocol, in tcp_proxy's place. */
  nativeProxy: object;
  /** The filter's module; without it, only the two Envoy rows. */
  wasm?: string;
  /** Configuration fields besides the rules. */
  transport?: object;
  rules: object[];
  /** What of a call the rules read besides its names, for the description. */
  rulesRead: string;
}

/** An RPC protocol's rows: tcp_proxy alone (the baseline), Envoy's proxy for the protocol, our filter before tcp_proxy. */
function rpcVariants(rows: RpcRows): Variant[] {
  const { protocol, title, workload } = rows;
  const rpc = (v: Omit<Variant, "kind" | "baseline" | "workload" | "checks">): Variant => ({ kind: "rpc", baseline: `${protocol}-tcp-proxy`, workload, checks: [], ...v });
  const list = [
    rpc({ name: `${protocol}-tcp-proxy`, description: `plain tcp_proxy, ${title} greet calls`, bootstrap: rpcBootstrap([]) }),
    rpc({ name: `native-${protocol}-proxy`, description: `Envoy's ${protocol}_proxy, ${title} greet calls`, bootstrap: rpcBootstrap([], rows.nativeProxy) }),
  ];
  if (rows.wasm) {
    const config = JSON.stringify({ ...rows.transport, rules: rows.rules });
    list.push(rpc({
      name: protocol, description: `${protocol} filter (two rules, one reading ${rows.rulesRead}; per-method stats and latency) before tcp_proxy`,
      native: `native-${protocol}-proxy`, wasm: rows.wasm, bootstrap: rpcBootstrap([wasmNetworkFilter(protocol, rows.wasm, config)]),
    }));
  }
  return list;
}

/**
 * Each shipped filter's HTTP variants, by catalogue target (harness/filters.ts): the filter beside Envoy's own for
 * the same job. tests/node/catalogue.test.ts checks every shipped HTTP filter has some.
 */
export const FILTER_VARIANTS: Record<string, (wasm: string) => Variant[]> = {
  ratelimit: ratelimitVariants,
  auth: authVariants,
  "route-meta": routeMetaVariants,
  fault: faultVariants,
};
