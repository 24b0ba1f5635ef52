// Envoy's own rate limit service (github.com/envoyproxy/ratelimit, the reference implementation of
// envoy.service.ratelimit.v3.RateLimitService), built with `go install` into .cache/bin and run against Redis with a
// configuration file we write; and a deliberately slow stand-in for timeout tests.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Server, ServerCredentials, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import { cacheDir } from "../paths.js";
import { goInstall, tail, type GoTool, type Log } from "../tools.js";
import { freeLoopbackPort, stopProcess } from "./local_process.js";

/** The service has no release tags on the module proxy; this pseudo-version is its main branch of 2026-01-22. */
export const RATELIMIT_SERVICE: GoTool = {
  binary: "service_cmd",
  module: "github.com/envoyproxy/ratelimit/src/service_cmd",
  version: "v1.4.1-0.20260122083618-3fb702589d36",
  minGo: [1, 25, 6],
};

export const RLS_SERVICE_NAME = "envoy.service.ratelimit.v3.RateLimitService";

const START_TIMEOUT_MS = 30_000;

export interface RateLimitServiceOptions {
  /** Redis as host:port. */
  redis: string;
  /** The service's configuration (YAML: domain, descriptors with rate_limit). */
  config: string;
  /** Ask the service to send RateLimit-Limit/-Remaining/-Reset in response_headers_to_add. */
  responseHeaders?: boolean;
}

export interface RateLimitService {
  grpcPort: number;
  /** Stops the process; start() runs it again on the same ports with the same configuration. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Builds the service once (about a minute on a fresh machine), then starts it and waits until it is healthy. */
export async function startRateLimitService(options: RateLimitServiceOptions, log: Log = () => {}): Promise<RateLimitService> {
  const binary = await goInstall(RATELIMIT_SERVICE, log);
  const runtimeRoot = join(cacheDir(), "runs", `ratelimit-service-${randomBytes(4).toString("hex")}`);
  const configDir = join(runtimeRoot, "ratelimit", "config");
  await mkdir(configDir, { recursive: true });
  await writeFile(join(configDir, "config.yaml"), options.config);
  const [grpcPort, httpPort, debugPort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  const env = {
    ...process.env,
    USE_STATSD: "false",
    LOG_LEVEL: "warn",
    REDIS_SOCKET_TYPE: "tcp",
    REDIS_URL: options.redis,
    RUNTIME_ROOT: runtimeRoot,
    RUNTIME_SUBDIRECTORY: "ratelimit",
    RUNTIME_WATCH_ROOT: "false",
    HEALTHY_WITH_AT_LEAST_ONE_CONFIG_LOADED: "true",
    LIMIT_RESPONSE_HEADERS_ENABLED: options.responseHeaders ? "true" : "false",
    HOST: "127.0.0.1",
    PORT: String(httpPort),
    GRPC_HOST: "127.0.0.1",
    GRPC_PORT: String(grpcPort),
    DEBUG_HOST: "127.0.0.1",
    DEBUG_PORT: String(debugPort),
  };
  let child: ChildProcess | undefined;
  const start = async () => {
    const service = spawn(binary, [], { env, stdio: ["ignore", "pipe", "pipe"] });
    child = service;
    let output = "";
    service.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    service.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await healthy(httpPort))) {
      if (service.exitCode !== null || Date.now() > deadline) {
        await stopProcess(service);
        throw new Error(`the rate limit service did not become healthy on port ${httpPort}:\n${tail(output)}`);
      }
      await sleep(100);
    }
  };
  await start();
  return {
    grpcPort,
    start,
    stop: async () => {
      if (child) await stopProcess(child);
    },
  };
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthcheck`);
    await response.text();
    return response.status === 200;
  } catch {
    return false;
  }
}

export interface SlowRateLimitService {
  port: number;
  /** How many ShouldRateLimit calls arrived. */
  readonly calls: number;
  close(): Promise<void>;
}

/** A RateLimitService that answers OK, but only after `delayMs`: for proving the filter's timeout. */
export async function startSlowRateLimitService(delayMs: number): Promise<SlowRateLimitService> {
  const identity = (bytes: Buffer) => bytes;
  const definition: ServiceDefinition = {
    ShouldRateLimit: {
      path: `/${RLS_SERVICE_NAME}/ShouldRateLimit`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
  const timers = new Set<NodeJS.Timeout>();
  let calls = 0;
  const server = new Server();
  server.addService(definition, {
    ShouldRateLimit: (_call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      calls++;
      // RateLimitResponse{overall_code: OK}
      const timer = setTimeout(() => {
        timers.delete(timer);
        callback(null, Buffer.from([0x08, 0x01]));
      }, delayMs);
      timers.add(timer);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port,
    get calls() {
      return calls;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.forceShutdown();
    },
  };
}
