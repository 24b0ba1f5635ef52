// The ratelimit filter with global rules (envoy-configs/ratelimit_global.yaml): two Envoys sharing Envoy's rate limit
// service and one Redis, plus a slow stand-in service for the timeout.
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { RateLimitService, SlowRateLimitService, startRateLimitService, startSlowRateLimitService } from "../peers/ratelimit_service.js";
import { Redis, startRedis } from "../peers/redis.js";
import type { Log } from "../tools.js";
import { HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

/** The rate limit service's configuration: per consumer, and one weighted descriptor for hits_addend. */
export const SERVICE_CONFIG = `domain: edge
descriptors:
  - key: consumer
    rate_limit: { unit: day, requests_per_unit: 20 }
  - key: generic_key
    value: weighted
    rate_limit: { unit: day, requests_per_unit: 20 }
`;

/** Listener "http": per consumer, failure mode deny (the default), limit headers on allowed responses too. */
export const GLOBAL_HTTP_CONFIG = {
  rules: [{ name: "global_consumer", mode: "global", by: [{ source: "header", name: "x-auth-consumer", key: "consumer" }] }],
  response: { headers_on_allowed: true },
  global: { cluster: "ratelimit_service", domain: "edge", timeout_ms: 2000 },
};

/** Listener "allow": failure mode allow, each request counting 5 hits. */
export const GLOBAL_ALLOW_CONFIG = {
  rules: [{ name: "global_weighted", mode: "global", by: [{ source: "literal", value: "weighted" }] }],
  global: { cluster: "ratelimit_service", domain: "edge", timeout_ms: 2000, failure_mode: "allow", hits_addend: 5 },
};

/** Listener "slow": a service slower than the timeout. */
export const GLOBAL_SLOW_CONFIG = {
  rules: [{ name: "global_slow", mode: "global" }],
  global: { cluster: "slow_ratelimit_service", domain: "edge", timeout_ms: 200 },
};

/** How long the slow service takes to answer. */
export const SLOW_SERVICE_DELAY_MS = 3000;

export interface GlobalEnvoy {
  envoy: Envoy;
  httpUrl: string;
  allowUrl: string;
  slowUrl: string;
}

export interface GlobalScenario {
  redis: Redis;
  service: RateLimitService;
  slow: SlowRateLimitService;
  echo: HttpEcho;
  envoys: GlobalEnvoy[];
  stop(): Promise<void>;
}

/** Redis, the service (built on first use), the slow service, an echo upstream and `count` Envoys in front of it. */
export async function startGlobalScenario(count = 2, log: Log = () => {}): Promise<GlobalScenario> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const redis = await startRedis(log);
    stops.push(redis.stop);
    const service = await startRateLimitService({ redis: redis.address, config: SERVICE_CONFIG, responseHeaders: true }, log);
    stops.push(service.stop);
    const slow = await startSlowRateLimitService(SLOW_SERVICE_DELAY_MS);
    stops.push(slow.close);
    const echo = await startHttpEcho("echo");
    stops.push(echo.close);
    const envoys: GlobalEnvoy[] = [];
    for (let i = 0; i < count; i++) {
      const envoy = await Envoy.start({
        name: `ratelimit-global-${i}`,
        template: "ratelimit_global.yaml",
        vars: {
          WASM: wasmPath("ratelimit"),
          HTTP_CONFIG: JSON.stringify(GLOBAL_HTTP_CONFIG),
          ALLOW_CONFIG: JSON.stringify(GLOBAL_ALLOW_CONFIG),
          SLOW_CONFIG: JSON.stringify(GLOBAL_SLOW_CONFIG),
          ECHO_PORT: echo.port,
          RLS_PORT: service.grpcPort,
          SLOW_RLS_PORT: slow.port,
        },
      });
      stops.push(() => envoy.stop());
      envoys.push({ envoy, httpUrl: await envoy.url("http"), allowUrl: await envoy.url("allow"), slowUrl: await envoy.url("slow") });
    }
    return { redis, service, slow, echo, envoys, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
