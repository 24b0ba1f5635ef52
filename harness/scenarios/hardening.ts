// The hardening scenario (tests/e2e/hardening.test.ts): each HTTP filter configured as its README shows, behind two
// listeners each: `default` (an HTTP connection manager as most users write it, every normalization off, as Envoy's
// defaults are) and `hardened` (the listener settings the READMEs recommend for defence in depth). Echo upstreams
// tell which route a request took. The bootstrap is built here as an object, one listener pair per filter.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { dump } from "js-yaml";
import { wasmPath } from "../bootstrap.js";
import { envoyFilterEntry } from "../deploy/envoy.js";
import { findFilter } from "../filters.js";
import { Envoy } from "../envoy.js";
import { cacheDir, projectRoot } from "../paths.js";
import { type HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

/** The listener settings the filters' READMEs recommend with them. */
export const HARDENED_SETTINGS = {
  normalize_path: true,
  merge_slashes: true,
  path_with_escaped_slashes_action: "REJECT_REQUEST",
  strip_trailing_host_dot: true,
  strip_any_host_port: true,
  common_http_protocol_options: { headers_with_underscores_action: "REJECT_REQUEST" },
};

export const CAROL_PASSWORD = "carol-password";

export const HARDENING_AUTH_CONFIG = {
  realm: "shop",
  providers: [
    { name: "keys", type: "api_key", sources: [{ header: "x-api-key" }, { query: "api_key" }], consumers: [{ name: "alice", keys: ["alice-key"] }, { name: "bob", keys: ["bob-key"] }] },
    { name: "ops", type: "basic", consumers: [{ name: "carol", user: "carol", password_hash: createHash("sha256").update(CAROL_PASSWORD).digest("hex") }] },
  ],
  rules: [
    { name: "status", match: { hosts: ["status.example.com"] }, public: true },
    { name: "public", match: { path_prefix: "/public/" }, public: true },
    { name: "admin", match: { path_separated_prefix: "/admin" }, any_of: ["keys", "ops"], allow: { consumers: ["alice", "carol"] } },
    { name: "partner", match: { hosts: ["partner.example.com", "partner.example.com:*"] }, any_of: ["keys"], allow: { consumers: ["alice"] } },
  ],
  default_rule: { any_of: ["keys", "ops"] },
};

export const HARDENING_RATELIMIT_CONFIG = {
  rules: [
    { name: "per_user", match: { path_prefixes: ["/user/"] }, by: [{ source: "header", name: "x-user" }], limit: { requests: 1, per: "hour" } },
    { name: "admin", match: { path_prefixes: ["/admin/"] }, limit: { requests: 1, per: "hour" } },
  ],
};

const TESTERS = { name: "testers", tag: "v2", conditions: [{ source: "header", name: "x-tester", op: "equal", value: "true" }] };
export const HARDENING_EDGE_CONFIG = { recompute: true, default_tag: "v1", rules: [TESTERS] };
export const HARDENING_EDGE_NO_DEFAULT_CONFIG = { recompute: true, rules: [TESTERS] };

export type ListenerKind = "default" | "hardened";
export type FilterName = "auth" | "ratelimit" | "edge" | "edge_no_default";

export interface HardeningScenario {
  envoy: Envoy;
  upstreams: Record<string, HttpEcho>;
  /** `http://127.0.0.1:port` of the listener for `filter` behind `kind`. */
  url(filter: FilterName, kind: ListenerKind): string;
  port(filter: FilterName, kind: ListenerKind): number;
  stop(): Promise<void>;
}

const ANY = { socket_address: { address: "127.0.0.1", port_value: 0 } };

function cluster(name: string, port: number): object {
  return { name, type: "STATIC", load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: port } } } }] }] } };
}

/** The catalogue filter `target` as the `envoy` command writes its entry, named `name`. */
function wasmFilter(name: string, target: string, config: object): object {
  return envoyFilterEntry(findFilter(target), { wasmPath: wasmPath(target), config, name });
}

const toApp = [{ match: { prefix: "/" }, route: { cluster: "app" } }];
const VIRTUAL_HOSTS: Record<FilterName, object[]> = {
  auth: [
    { name: "status", domains: ["status.example.com"], routes: [{ match: { prefix: "/" }, route: { cluster: "status" } }] },
    { name: "partner", domains: ["partner.example.com", "partner.example.com:*"], routes: [{ match: { prefix: "/" }, route: { cluster: "partner" } }] },
    { name: "all", domains: ["*"], routes: toApp },
  ],
  ratelimit: [{ name: "all", domains: ["*"], routes: toApp }],
  edge: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/", headers: [{ name: "x-route-tag", string_match: { exact: "v2" } }] }, route: { cluster: "v2" } }, { match: { prefix: "/" }, route: { cluster: "v1" } }] }],
  edge_no_default: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/", headers: [{ name: "x-route-tag", string_match: { exact: "v2" } }] }, route: { cluster: "v2" } }, { match: { prefix: "/" }, route: { cluster: "v1" } }] }],
};
const FILTERS: Record<FilterName, object> = {
  auth: wasmFilter("auth", "auth", HARDENING_AUTH_CONFIG),
  ratelimit: wasmFilter("ratelimit", "ratelimit", HARDENING_RATELIMIT_CONFIG),
  edge: wasmFilter("route_meta_edge", "route-meta", HARDENING_EDGE_CONFIG),
  edge_no_default: wasmFilter("route_meta_no_default", "route-meta", HARDENING_EDGE_NO_DEFAULT_CONFIG),
};

function listener(filter: FilterName, kind: ListenerKind): object {
  return {
    name: `${filter}_${kind}`,
    address: ANY,
    connection_balance_config: { exact_balance: {} },
    filter_chains: [{
      filters: [{
        name: "envoy.filters.network.http_connection_manager",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
          stat_prefix: `${filter}_${kind}`,
          ...(kind === "hardened" ? HARDENED_SETTINGS : {}),
          route_config: { name: filter, virtual_hosts: VIRTUAL_HOSTS[filter] },
          http_filters: [FILTERS[filter], { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
        },
      }],
    }],
  };
}

const NAMES: FilterName[] = ["auth", "ratelimit", "edge", "edge_no_default"];
const KINDS: ListenerKind[] = ["default", "hardened"];

export async function startHardeningScenario(): Promise<HardeningScenario> {
  const names = ["app", "status", "partner", "v1", "v2"];
  const echoes = await Promise.all(names.map((name) => startHttpEcho(name)));
  const upstreams = Object.fromEntries(names.map((name, i) => [name, echoes[i]]));
  const closeUpstreams = () => Promise.all(echoes.map((echo) => echo.close())).then(() => {});
  const bootstrap = {
    node: { id: "hardening", cluster: "hardening" },
    admin: { address: ANY },
    static_resources: {
      listeners: NAMES.flatMap((filter) => KINDS.map((kind) => listener(filter, kind))),
      clusters: echoes.map((echo) => cluster(echo.name, echo.port)),
    },
  };
  const dir = join(cacheDir(), "hardening");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `envoy-${process.pid}.yaml`);
  writeFileSync(file, dump(bootstrap, { lineWidth: -1, noRefs: true }));
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({ name: "hardening", template: relative(join(projectRoot(), "envoy-configs"), file), vars: {} });
  } catch (error) {
    await closeUpstreams();
    throw error;
  }
  const ports = new Map<string, number>();
  for (const filter of NAMES) for (const kind of KINDS) ports.set(`${filter}_${kind}`, (await envoy.listener(`${filter}_${kind}`)).port);
  const port = (filter: FilterName, kind: ListenerKind) => ports.get(`${filter}_${kind}`)!;
  return {
    envoy,
    upstreams,
    port,
    url: (filter, kind) => `http://127.0.0.1:${port(filter, kind)}`,
    async stop() {
      await envoy.stop();
      await closeUpstreams();
    },
  };
}
