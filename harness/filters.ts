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
import { faultDemo } from "./demos/fault.js";
import { starterDemo } from "./demos/starter.js";
import { thriftDemo } from "./demos/thrift.js";
import { projectRoot } from "./paths.js";
import { UsageError } from "./usage_error.js";

/** Where Istio inserts a WasmPlugin in the filter chain (WasmPlugin `phase`). */
export type IstioPhase = "AUTHN" | "AUTHZ" | "STATS" | "UNSPECIFIED_PHASE";

/**
 * What Envoy does when the filter's VM traps or its module cannot be fetched: Istio's WasmPlugin `failStrategy`,
 * written as Envoy's PluginConfig `failure_policy` (FAIL_CLOSE is FAIL_CLOSED there). tests/e2e/failure_policy shows
 * each in Envoy: FAIL_CLOSE answers 503 (closes the connection) until Envoy restarts or the configuration changes;
 * FAIL_OPEN runs the traffic without the filter; FAIL_RELOAD fails closed, then gives the worker a fresh VM after a
 * trap (never after a module that did not load).
 */
export type FailStrategy = "FAIL_CLOSE" | "FAIL_OPEN" | "FAIL_RELOAD";
export const FAIL_STRATEGIES: readonly FailStrategy[] = ["FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD"];

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
  /** The failure strategy the CLI writes when `--fail-strategy` is not given (the README's "When the filter fails"). */
  failStrategy: FailStrategy;
  /** A kind of configuration whose default is another strategy: `when` names it (in --help), `matches` tells it. */
  failStrategyWhen?: { strategy: FailStrategy; when: string; matches: (config: unknown) => boolean };
  /** Strategies the CLI refuses for this filter, each with the reason it prints. */
  refusedFailStrategies?: Partial<Record<FailStrategy, string>>;
  /** One line for `--help`. */
  summary: string;
  /** What `npm start` boots for it (one entry per module has one); a function, so demos load when asked. */
  demo?: () => Demo;
}

type Entry = Omit<FilterEntry, "wasm" | "entry"> & { folder: string };

/** A configuration's top-level field, if it is an object. */
function field(config: unknown, name: string): unknown {
  return typeof config === "object" && config !== null ? (config as Record<string, unknown>)[name] : undefined;
}

/** dubbo and thrift with nothing to enforce: no rule, and calls no rule matches allowed. */
const STATS_ONLY_RPC: FilterEntry["failStrategyWhen"] = {
  strategy: "FAIL_OPEN",
  when: "stats only: no rules, default_action allow",
  matches: (config) => {
    const rules = field(config, "rules");
    return (rules === undefined || (Array.isArray(rules) && rules.length === 0)) && field(config, "default_action") !== "deny";
  },
};

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
    // A failed VM must never let a request through unauthenticated, and one request that traps must not deny every
    // request of that worker until Envoy restarts: fail closed, then reload (the reloaded VM re-reads its
    // configuration and fetches its JWKS again before it admits anyone).
    failStrategy: "FAIL_RELOAD",
    refusedFailStrategies: {
      FAIL_OPEN: "auth never fails open: with its VM failed, every request would reach the upstream unauthenticated, carrying whatever identity headers the client sent (use FAIL_RELOAD or FAIL_CLOSE)",
    },
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
    // A limit that silently stops holding is the failure this filter exists to prevent (its global service's
    // failure_mode is deny by default too), and a limiter that denies everything for good is an outage: fail closed,
    // then reload. The buckets live in shared data, which outlives the VM, so the reloaded VM goes on counting.
    failStrategy: "FAIL_RELOAD",
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
    // A request without a tag takes the route table's default route, which is always a valid answer: a broken
    // tagger should move its traffic to the stable version, never answer 503 (an incoming tag still routes). Not at
    // the edge: with `recompute` the filter owns the tag header, and open, any client would pick its version.
    failStrategy: "FAIL_OPEN",
    failStrategyWhen: { strategy: "FAIL_RELOAD", when: "with recompute", matches: (config) => field(config, "recompute") === true },
    summary: "routing tag for canary and gray release (headers, cookies, sticky percentages), matched by the route table",
    demo: () => routeMetaDemo,
  }),
  filter({
    name: "fault",
    kind: "http",
    target: "fault",
    folder: "filters/fault",
    schema: "filters/fault/config.schema.json",
    rootId: "fault",
    // After AUTHZ: a request auth or the rate limit refuses is never delayed for an experiment, and the identity
    // header an experiment targets is verified by then. Before route-meta (at the end of the chain) it cannot see
    // a tag route-meta decides on this hop: chain route-meta first (EnvoyFilter or a priority) to target "only v2".
    istio: { phase: "AUTHZ", priority: 0 },
    // An experiment that fails must stop hurting anyone: open, the traffic runs without faults.
    failStrategy: "FAIL_OPEN",
    summary: "targeted fault injection for HTTP and gRPC: delays, aborts, slow and replaced responses by experiment, sticky shares, time boxes and budgets",
    demo: () => faultDemo,
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
    // Rules that deny, limit, abort or delay calls: open, a failed VM would pass the calls they stop; closed for
    // good, one trap would close every new connection of that worker until Envoy restarts. So: fail closed, then
    // reload. Stats only (no rule, default_action allow), losing the stats beats losing calls: FAIL_OPEN.
    failStrategy: "FAIL_RELOAD",
    failStrategyWhen: STATS_ONLY_RPC,
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
    // As dubbo: rules that deny, limit, abort or delay calls want fail closed, then reload; stats only: FAIL_OPEN.
    failStrategy: "FAIL_RELOAD",
    failStrategyWhen: STATS_ONLY_RPC,
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
    // Envoy's and Istio's own default, which the SDK's tests see when they set none.
    failStrategy: "FAIL_CLOSE",
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
    failStrategy: "FAIL_CLOSE",
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
    // Envoy's and Istio's own default; a filter copied from here decides its own (filters/*/README.md "When the
    // filter fails" say how the shipped ones did).
    failStrategy: "FAIL_CLOSE",
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

/** The strategy the CLI writes for `entry` with `config` when none is asked for. */
export function defaultFailStrategy(entry: FilterEntry, config: unknown): FailStrategy {
  return entry.failStrategyWhen?.matches(config) ? entry.failStrategyWhen.strategy : entry.failStrategy;
}

/** `auth FAIL_RELOAD, ..., dubbo FAIL_RELOAD (FAIL_OPEN stats only: ...)`, for --help. */
export function describeFailStrategies(): string {
  return FILTERS.map((entry) => {
    const when = entry.failStrategyWhen;
    return `${entry.name} ${entry.failStrategy}${when ? ` (${when.strategy} ${when.when})` : ""}`;
  }).join(", ");
}

/**
 * The strategy to write for `entry` with `config`: `requested`, else the default for that configuration; a strategy
 * the entry refuses is an error.
 */
export function failStrategyFor(entry: FilterEntry, config: unknown, requested?: FailStrategy): FailStrategy {
  const strategy = requested ?? defaultFailStrategy(entry, config);
  const reason = entry.refusedFailStrategies?.[strategy];
  if (reason) throw new UsageError(`--fail-strategy ${strategy} is refused for ${entry.name}: ${reason}`);
  return strategy;
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
