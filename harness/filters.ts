// The catalogue: the one list of filters. The CLI builds, validates, pushes and deploys what is here, `npm start`
// shows each entry's demo, the benchmark compiles each entry's module, and tests/node/catalogue.test.ts fails when a
// folder under filters/ has no entry or asconfig.json disagrees. filters/README.md has the checklist for a new one.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Demo } from "./demo.js";
import { authDemo } from "./demos/auth.js";
import { conformanceDemo } from "./demos/conformance.js";
import { ratelimitDemo } from "./demos/ratelimit.js";
import { routeMetaDemo } from "./demos/route_meta.js";
import { dubboDemo } from "./demos/dubbo.js";
import { starterDemo } from "./demos/starter.js";
import { thriftDemo } from "./demos/thrift.js";
import { projectRoot } from "./paths.js";
import { UsageError } from "./usage_error.js";

/** Where Istio inserts a WasmPlugin in the filter chain (WasmPlugin `phase`). */
export type IstioPhase = "AUTHN" | "AUTHZ" | "STATS" | "UNSPECIFIED_PHASE";

export interface FilterEntry {
  /** The name users type (`push ratelimit ...`); also the WasmPlugin and Envoy filter name. */
  name: string;
  /** An HTTP filter (envoy.filters.http.wasm) or a network filter in front of tcp_proxy (envoy.filters.network.wasm). */
  kind: "http" | "network";
  /** The built module, build/<target>.wasm; several entries can share one module (different root ids). */
  wasm: string;
  /** The asconfig.json target that builds `wasm`. */
  target: string;
  /** The module's entry, relative to the project root (its folder holds the filter). */
  entry: string;
  /** The filter's JSON Schema 2020-12, relative to the project root. */
  schema: string;
  /** The root context id the module registers (`root_id` in Envoy, `pluginName` in Istio). */
  rootId: string;
  /** Istio placement: `phase`, then `priority` within the phase (higher runs first). */
  istio: { phase: IstioPhase; priority: number };
  /** One line for `--help`. */
  summary: string;
  /** What `npm start` boots for it (one entry per module has one); a function, so demos load when asked. */
  demo?: () => Demo;
}

type Entry = Omit<FilterEntry, "wasm" | "entry"> & { folder: string };

/** A catalogue entry: the module and its entry follow from the target and the folder. */
function filter({ folder, ...entry }: Entry): FilterEntry {
  return { ...entry, wasm: `build/${entry.target}.wasm`, entry: `${folder}/index.ts` };
}

export const FILTERS: readonly FilterEntry[] = [
  filter({
    name: "auth",
    kind: "http",
    target: "auth",
    folder: "filters/auth",
    schema: "filters/auth/config.schema.json",
    rootId: "auth",
    // AUTHN: before Istio's own authentication and authorization filters, so a rejected request stops first and
    // everything after it (RBAC, ratelimit, route-meta) sees the identity header it writes.
    istio: { phase: "AUTHN", priority: 10 },
    summary: "API keys, Basic, JWT (local and remote JWKS) and external providers; rules and allow lists; identity headers",
    demo: () => authDemo,
  }),
  filter({
    name: "ratelimit",
    kind: "http",
    target: "ratelimit",
    folder: "filters/ratelimit",
    schema: "filters/ratelimit/config.schema.json",
    rootId: "ratelimit",
    // AUTHZ runs after AUTHN, so the consumer identity the auth filter writes is there to key limits on.
    istio: { phase: "AUTHZ", priority: 10 },
    summary: "token-bucket rate limits, local (exact across workers) or through a rate limit service",
    demo: () => ratelimitDemo,
  }),
  filter({
    name: "route-meta",
    kind: "http",
    target: "route-meta",
    folder: "filters/route-meta",
    schema: "filters/route-meta/config.schema.json",
    rootId: "route-meta",
    // No Istio phase: Istio inserts the plugin at the end of the chain, right before the router. It runs after auth
    // (the identity header it may key on is there) and rate limiting (rejected requests never pay for tagging),
    // and its tag header is the last request-header edit before the router picks the route.
    istio: { phase: "UNSPECIFIED_PHASE", priority: 10 },
    summary: "routing tag for canary and gray release (headers, cookies, sticky percentages), matched by the route table",
    demo: () => routeMetaDemo,
  }),
  filter({
    name: "dubbo",
    kind: "network",
    target: "dubbo",
    folder: "filters/dubbo",
    schema: "filters/dubbo/config.schema.json",
    rootId: "dubbo",
    // A network filter: Istio puts it before tcp_proxy on the listener of the port it is selected for.
    istio: { phase: "AUTHZ", priority: 10 },
    summary: "Dubbo 2 (hessian2) as a network filter: per-method stats and latency, deny rules answered with a Dubbo error",
    demo: () => dubboDemo,
  }),
  filter({
    name: "thrift",
    kind: "network",
    target: "thrift",
    folder: "filters/thrift",
    schema: "filters/thrift/config.schema.json",
    rootId: "thrift",
    // A network filter: Istio puts it before tcp_proxy on the listener of the port it is selected for.
    istio: { phase: "AUTHZ", priority: 10 },
    summary: "Thrift (framed, unframed, THeader; binary, compact) as a network filter: per-method stats and latency, rules answered with a TApplicationException",
    demo: () => thriftDemo,
  }),
  filter({
    name: "conformance",
    kind: "http",
    target: "conformance",
    folder: "tests/conformance",
    schema: "tests/conformance/config.schema.json",
    rootId: "conformance",
    istio: { phase: "UNSPECIFIED_PHASE", priority: 0 },
    summary: "the SDK conformance filter as an HTTP filter (tests and examples)",
    demo: () => conformanceDemo,
  }),
  filter({
    name: "conformance-tcp",
    kind: "network",
    target: "conformance",
    folder: "tests/conformance",
    schema: "tests/conformance/config.schema.json",
    rootId: "conformance",
    istio: { phase: "UNSPECIFIED_PHASE", priority: 0 },
    summary: "the SDK conformance filter as a network filter in front of tcp_proxy",
  }),
  filter({
    name: "starter",
    kind: "http",
    target: "starter",
    folder: "examples/starter",
    schema: "examples/starter/config.schema.json",
    rootId: "starter",
    istio: { phase: "UNSPECIFIED_PHASE", priority: 0 },
    summary: "the starter filter: one response header and a counter, the folder to copy when writing a filter",
    demo: () => starterDemo,
  }),
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
