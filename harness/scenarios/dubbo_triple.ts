// Dubbo 3 Triple through the HTTP filters (envoy-configs/dubbo-triple.yaml): a real Java Triple consumer sends
// HTTP/2 to listener "triple", where auth, ratelimit and route-meta run before the router, which sends each call to
// the real Java Triple provider v1 or v2 by the tag route-meta wrote. Every Triple call is an HTTP/2 POST to
// /shop.TripleGreeterService/<method>, and every client attachment an HTTP/2 header, so the filters' ordinary path
// and header rules apply per call. Listener "triple_unavailable" runs the same limit alone, answering with
// grpc-status 14.
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { startTripleProvider, type TripleProvider } from "../peers/dubbo_triple.js";
import type { Log } from "../tools.js";

/** The service path every Triple call of the peers starts with. */
export const TRIPLE_SERVICE = "/shop.TripleGreeterService";

/** The API keys auth knows; the consumer sends one as attachment x-api-key (an HTTP/2 header on the wire). */
export const TRIPLE_KEYS = { frontend: "k-frontend-1", guest: "k-guest-1" } as const;

/** Every call needs an API key; the `order` method only the frontend's (guest: 403). */
export const TRIPLE_AUTH_CONFIG = {
  realm: "shop",
  providers: [
    {
      name: "keys",
      type: "api_key",
      sources: [{ header: "x-api-key" }],
      consumers: [
        { name: "frontend", keys: [TRIPLE_KEYS.frontend] },
        { name: "guest", keys: [TRIPLE_KEYS.guest] },
      ],
    },
  ],
  rules: [{ name: "orders", match: { path: `${TRIPLE_SERVICE}/order` }, any_of: ["keys"], allow: { consumers: ["frontend"] } }],
  default_rule: { any_of: ["keys"] },
};

/** The per-method limit: `order` takes 3 calls an hour across every worker; other methods are not limited. */
export const TRIPLE_ORDER_LIMIT = 3;
export const TRIPLE_RATELIMIT_CONFIG = {
  rules: [{ name: "order_method", match: { path_separated_prefixes: [`${TRIPLE_SERVICE}/order`] }, limit: { requests: TRIPLE_ORDER_LIMIT, per: "hour" } }],
};

/**
 * Listener "triple_unavailable": the same limit answering with `grpc_status` 14 UNAVAILABLE, as Envoy's own rate
 * limit filters do by default (the ratelimit filter's default is 8 RESOURCE_EXHAUSTED).
 */
export const TRIPLE_UNAVAILABLE_CONFIG = {
  rules: [{ ...TRIPLE_RATELIMIT_CONFIG.rules[0], name: "order_unavailable" }],
  response: { grpc_status: 14 },
};

/** The `preview` method always goes to v2; other calls by a sticky 50% split on attachment x-user; the rest to v1. */
export const TRIPLE_ROUTE_META_CONFIG = {
  recompute: true,
  default_tag: "v1",
  rules: [{ name: "preview_method", tag: "v2", conditions: [{ source: "path", op: "equal", value: `${TRIPLE_SERVICE}/preview` }] }],
  sticky_split: { key: { source: "header", name: "x-user" }, versions: [{ tag: "v2", percent: 50 }] },
};

export interface TripleScenario {
  envoy: Envoy;
  v1: TripleProvider;
  v2: TripleProvider;
  /** Listener "triple" on [::1]. */
  port: number;
  /** Listener "triple_unavailable" on [::1]. */
  unavailablePort: number;
  stop(): Promise<void>;
}

/** The three plugin configurations; each defaults to the one above. */
export interface TripleConfigs {
  auth?: object;
  ratelimit?: object;
  routeMeta?: object;
  unavailable?: object;
}

export async function startTripleScenario(configs: TripleConfigs = {}, log: Log = () => {}): Promise<TripleScenario> {
  const providers = await Promise.allSettled([startTripleProvider("v1", log), startTripleProvider("v2", log)]);
  const started = providers.flatMap((p) => (p.status === "fulfilled" ? [p.value] : []));
  const failed = providers.find((p): p is PromiseRejectedResult => p.status === "rejected");
  if (failed) {
    await Promise.all(started.map((p) => p.stop()));
    throw failed.reason;
  }
  const [v1, v2] = started;
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "dubbo-triple",
      template: "dubbo-triple.yaml",
      vars: {
        AUTH_WASM: wasmPath("auth"),
        RATELIMIT_WASM: wasmPath("ratelimit"),
        ROUTE_META_WASM: wasmPath("route-meta"),
        AUTH_CONFIG: JSON.stringify(configs.auth ?? TRIPLE_AUTH_CONFIG),
        RATELIMIT_CONFIG: JSON.stringify(configs.ratelimit ?? TRIPLE_RATELIMIT_CONFIG),
        ROUTE_META_CONFIG: JSON.stringify(configs.routeMeta ?? TRIPLE_ROUTE_META_CONFIG),
        UNAVAILABLE_CONFIG: JSON.stringify(configs.unavailable ?? TRIPLE_UNAVAILABLE_CONFIG),
        V1_PORT: v1.port,
        V2_PORT: v2.port,
      },
    });
  } catch (error) {
    await Promise.all([v1.stop(), v2.stop()]);
    throw error;
  }
  return {
    envoy,
    v1,
    v2,
    port: (await envoy.listener("triple")).port,
    unavailablePort: (await envoy.listener("triple_unavailable")).port,
    async stop() {
      await envoy.stop();
      await Promise.all([v1.stop(), v2.stop()]);
    },
  };
}
