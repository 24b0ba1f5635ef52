// The ratelimit filter with local rules in front of an echo server (envoy-configs/ratelimit.yaml), and the traffic
// helpers its tests and demo share.
import { Agent, fetch } from "undici";
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

/** The plugin configuration of listener "http": one rule per behaviour the tests prove, and the demo's rule. */
export const LOCAL_HTTP_CONFIG = {
  rules: [
    { name: "demo_per_client", match: { path_prefixes: ["/api/"] }, by: [{ source: "client_ip" }], limit: { requests: 10, per: "minute" } },
    { name: "exact", match: { path_prefixes: ["/exact"] }, limit: { requests: 50, per: "hour" } },
    {
      name: "per_consumer",
      match: { path_prefixes: ["/consumer"] },
      by: [{ source: "header", name: "x-auth-consumer" }],
      limit: { requests: 3, per: "hour" },
      overrides: [{ values: ["alice"], limit: { requests: 6, per: "hour" } }],
    },
    { name: "refill", match: { path_prefixes: ["/refill"] }, limit: { requests: 1, per: "second", burst: 3 } },
    {
      name: "per_network",
      match: { path_prefixes: ["/network"] },
      by: [{ source: "client_ip", ipv4_prefix: 24, ipv6_prefix: 64 }],
      limit: { requests: 2, per: "hour" },
    },
    {
      name: "consumer_method",
      match: { path_prefixes: ["/combo"], methods: ["GET", "POST"] },
      by: [{ source: "header", name: "x-auth-consumer" }, { source: "method" }],
      limit: { requests: 1, per: "hour" },
    },
    { name: "small_table", match: { path_prefixes: ["/table"] }, by: [{ source: "header", name: "x-client" }], limit: { requests: 1, per: "hour" }, max_values: 4 },
    { name: "shadowed", match: { path_prefixes: ["/shadow"] }, limit: { requests: 2, per: "hour" }, shadow: true },
  ],
};

/** Listener "custom": its own response and limit headers on allowed responses. */
export const LOCAL_CUSTOM_CONFIG = {
  rules: [{ name: "custom_all", limit: { requests: 2, per: "hour" } }],
  response: {
    status: 503,
    body: "slow down\n",
    headers: [{ name: "Retry-After", value: "120" }, { name: "x-limited-by", value: "ratelimit" }],
    headers_on_allowed: true,
  },
};

export interface RateLimitScenario {
  envoy: Envoy;
  echo: HttpEcho;
  httpUrl: string;
  customUrl: string;
  stop(): Promise<void>;
}

export async function startRateLimitScenario(): Promise<RateLimitScenario> {
  const echo = await startHttpEcho("echo");
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "ratelimit",
      template: "ratelimit.yaml",
      vars: {
        WASM: wasmPath("ratelimit"),
        HTTP_CONFIG: JSON.stringify(LOCAL_HTTP_CONFIG),
        CUSTOM_CONFIG: JSON.stringify(LOCAL_CUSTOM_CONFIG),
        ECHO_PORT: echo.port,
      },
    });
  } catch (error) {
    await echo.close();
    throw error;
  }
  return {
    envoy,
    echo,
    httpUrl: await envoy.url("http"),
    customUrl: await envoy.url("custom"),
    async stop() {
      await envoy.stop();
      await echo.close();
    },
  };
}

export interface Answer {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

export interface BurstOptions {
  /** Connections opened for the burst; Envoy's exact_balance spreads them over its workers. */
  connections?: number;
  method?: string;
  headers?: Record<string, string>;
}

/** Sends `count` requests at once over `connections` new connections and returns every answer. */
export async function burst(url: string, count: number, { connections = 32, method = "GET", headers = {} }: BurstOptions = {}): Promise<Answer[]> {
  const dispatcher = new Agent({ connections, pipelining: 1 });
  try {
    return await Promise.all(
      Array.from({ length: count }, async () => {
        const response = await fetch(url, { method, headers, dispatcher });
        return { status: response.status, headers: response.headers, body: await response.text() };
      }),
    );
  } finally {
    await dispatcher.close();
  }
}

/** One request at a time, each on the shared keep-alive pool. */
export async function sequentially(url: string, count: number, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(url, init);
    answers.push({ status: response.status, headers: response.headers, body: await response.text() });
  }
  return answers;
}

export function countStatuses(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}

