// The catalogue of filters the CLI can build, validate, push and deploy: one entry per filter. A new filter is one
// entry here (its folder in filters/, its asconfig.json target, its config.schema.json), plus an example
// configuration in tests/node/publish_manifests.test.ts, which checks its Istio manifests.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./paths.js";
import { UsageError } from "./usage_error.js";

/** Where Istio inserts a WasmPlugin in the filter chain (WasmPlugin `phase`). */
export type IstioPhase = "AUTHN" | "AUTHZ" | "STATS" | "UNSPECIFIED_PHASE";

export interface FilterEntry {
  /** The name users type (`push ratelimit ...`); also the WasmPlugin and Envoy filter name. */
  name: string;
  /** An HTTP filter (envoy.filters.http.wasm) or a network filter in front of tcp_proxy (envoy.filters.network.wasm). */
  kind: "http" | "network";
  /** The built module, relative to the project root; several entries can share one module (different root ids). */
  wasm: string;
  /** The asconfig.json target that builds `wasm`. */
  target: string;
  /** The filter's JSON Schema 2020-12, relative to the project root. */
  schema: string;
  /** The root context id the module registers (`root_id` in Envoy, `pluginName` in Istio). */
  rootId: string;
  /** Istio placement: `phase`, then `priority` within the phase (higher runs first). */
  istio: { phase: IstioPhase; priority: number };
  /** One line for `--help`. */
  summary: string;
}

export const FILTERS: readonly FilterEntry[] = [
  {
    name: "auth",
    kind: "http",
    wasm: "build/auth.wasm",
    target: "auth",
    schema: "filters/auth/config.schema.json",
    rootId: "auth",
    // AUTHN: before Istio's own authentication and authorization filters, so a rejected request stops first and
    // everything after it (RBAC, ratelimit, route-meta) sees the identity header it writes.
    istio: { phase: "AUTHN", priority: 10 },
    summary: "API keys, Basic, JWT (local and remote JWKS) and external providers; rules and allow lists; identity headers",
  },
  {
    name: "ratelimit",
    kind: "http",
    wasm: "build/ratelimit.wasm",
    target: "ratelimit",
    schema: "filters/ratelimit/config.schema.json",
    rootId: "ratelimit",
    // AUTHZ runs after AUTHN, so the consumer identity the auth filter writes is there to key limits on.
    istio: { phase: "AUTHZ", priority: 10 },
    summary: "token-bucket rate limits, local (exact across workers) or through a rate limit service",
  },
  {
    name: "route-meta",
    kind: "http",
    wasm: "build/route-meta.wasm",
    target: "route-meta",
    schema: "filters/route-meta/config.schema.json",
    rootId: "route-meta",
    // No Istio phase: Istio inserts the plugin at the end of the chain, right before the router. It runs after auth
    // (the identity header it may key on is there) and rate limiting (rejected requests never pay for tagging),
    // and its tag header is the last request-header edit before the router picks the route.
    istio: { phase: "UNSPECIFIED_PHASE", priority: 10 },
    summary: "routing tag for canary and gray release (headers, cookies, sticky percentages), matched by the route table",
  },
  {
    name: "conformance",
    kind: "http",
    wasm: "build/conformance.wasm",
    target: "conformance",
    schema: "tests/conformance/config.schema.json",
    rootId: "conformance",
    istio: { phase: "UNSPECIFIED_PHASE", priority: 0 },
    summary: "the SDK conformance filter as an HTTP filter (tests and examples)",
  },
  {
    name: "conformance-tcp",
    kind: "network",
    wasm: "build/conformance.wasm",
    target: "conformance",
    schema: "tests/conformance/config.schema.json",
    rootId: "conformance",
    istio: { phase: "UNSPECIFIED_PHASE", priority: 0 },
    summary: "the SDK conformance filter as a network filter in front of tcp_proxy",
  },
];

/** The entry named `name`; the error lists the names there are. */
export function findFilter(name: string | undefined): FilterEntry {
  const entry = FILTERS.find((filter) => filter.name === name);
  if (entry) return entry;
  const known = FILTERS.map((filter) => filter.name).join(", ");
  throw new UsageError(name ? `unknown filter "${name}": choose one of ${known}` : `name a filter: one of ${known}`);
}

/** The absolute path of a catalogue path (wasm, schema). */
export function fromRoot(path: string): string {
  return join(projectRoot(), path);
}

/** The built module of `entry`; the error says how to build it. */
export function builtWasm(entry: FilterEntry): string {
  const path = fromRoot(entry.wasm);
  if (!existsSync(path)) throw new UsageError(`${entry.wasm} is not built: run \`envoy-wasm-as build ${entry.target}\` first`);
  return path;
}
