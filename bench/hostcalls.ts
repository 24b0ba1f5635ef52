// Where a filter's per-request cost goes, outside Envoy. Host calls per request are counted on the host emulator
// (harness/emulator) by wrapping the module's imports and exports; guest time per request is timed by driving the
// module's callbacks directly in Node's V8 (the engine Envoy runs) with host functions that do nothing, so what is
// left is the module's own code: context bookkeeping, allocation and garbage collection.
import { readFileSync } from "node:fs";
import { EmulatedHost } from "../harness/emulator/index.js";
import { API_KEY, basicHeader } from "./auth_fixtures.js";
import { AUTH_API_KEY_CONFIG, AUTH_BASIC_CONFIG, ROUTE_META_CONFIG, type Modules } from "./variants.js";

export interface HostCallCounts {
  module: string;
  requests: number;
  /** Per request: callbacks Envoy makes into the module, by name. */
  callbacksPerRequest: Record<string, number>;
  /** Per request: host functions the module calls, by name. */
  hostCallsPerRequest: Record<string, number>;
  /** Per request: blocks the host asked the module to allocate (malloc / proxy_on_memory_allocate). */
  allocationsPerRequest: number;
  /** Guest-side nanoseconds per request (all callbacks of one request, host functions stubbed), median of 5 runs. */
  guestNanosPerRequest?: number;
}

type Counts = Map<string, number>;
const bump = (counts: Counts, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** Runs `body` with every WebAssembly.Instance created in it counting its import and export calls. */
async function withCountingInstances<T>(body: () => Promise<T>, imports: Counts, exports: Counts): Promise<T> {
  const RealInstance = WebAssembly.Instance;
  function CountingInstance(module: WebAssembly.Module, importObject: WebAssembly.Imports = {}) {
    const wrapped: WebAssembly.Imports = {};
    for (const [mod, fields] of Object.entries(importObject)) {
      wrapped[mod] = {};
      for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
        (wrapped[mod] as Record<string, unknown>)[field] = typeof value === "function"
          ? (...args: unknown[]) => { bump(imports, field); return (value as (...a: unknown[]) => unknown)(...args); }
          : value;
      }
    }
    const instance = new RealInstance(module, wrapped);
    const counted: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(instance.exports)) {
      counted[name] = typeof value === "function" ? (...args: unknown[]) => { bump(exports, name); return (value as (...a: unknown[]) => unknown)(...args); } : value;
    }
    return { exports: counted };
  }
  (WebAssembly as { Instance: unknown }).Instance = CountingInstance;
  try {
    return await body();
  } finally {
    (WebAssembly as { Instance: unknown }).Instance = RealInstance;
  }
}

const REQUESTS = 100;
const perRequest = (counts: Counts) => Object.fromEntries([...counts].map(([k, v]) => [k, v / REQUESTS]).sort());

async function countOne(label: string, wasm: string, configuration: string, headers: Record<string, string> = {}): Promise<HostCallCounts> {
  const imports: Counts = new Map();
  const exports: Counts = new Map();
  const host = new EmulatedHost();
  const plugin = await withCountingInstances(() => host.loadPlugin(wasm, { name: "bench", configuration }), imports, exports);
  if (!plugin.configured) throw new Error(`${label}: configuration rejected: ${plugin.logs.map((l) => l.message).join("; ")}`);
  imports.clear();
  exports.clear();
  for (let i = 0; i < REQUESTS; i++) {
    const stream = plugin.request({ path: "/", headers: { "user-agent": "bench", ...headers } }, { upstream: () => ({ status: 200, headers: { "content-type": "text/plain" }, body: "ok\n" }) });
    if (stream.status !== 200) throw new Error(`${label}: request answered ${stream.status}`);
  }
  const allocations = (exports.get("malloc") ?? 0) + (exports.get("proxy_on_memory_allocate") ?? 0);
  exports.delete("malloc");
  exports.delete("proxy_on_memory_allocate");
  return { module: label, requests: REQUESTS, callbacksPerRequest: perRequest(exports), hostCallsPerRequest: perRequest(imports), allocationsPerRequest: allocations / REQUESTS };
}

/**
 * Nanoseconds of guest code per request: the callbacks Envoy makes for a GET answered by the upstream, against a
 * host whose functions all answer Ok at once. Only meaningful for modules that make no host calls per request.
 */
export function guestNanosPerRequest(wasm: string, iterations = 200_000): number {
  const module = new WebAssembly.Module(readFileSync(wasm));
  const stubs: WebAssembly.Imports = {};
  for (const { module: mod, name } of WebAssembly.Module.imports(module)) {
    stubs[mod] ??= {};
    (stubs[mod] as Record<string, unknown>)[name] = () => 0;
  }
  const e = new WebAssembly.Instance(module, stubs).exports as Record<string, (...args: number[]) => number>;
  e._initialize?.();
  e.proxy_on_context_create(1, 0);
  e.proxy_on_vm_start(1, 0);
  e.proxy_on_configure(1, 0);
  let id = 2;
  const run = (n: number) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++, id++) {
      e.proxy_on_context_create(id, 1);
      e.proxy_on_request_headers(id, 5, 1);
      e.proxy_on_response_headers(id, 3, 0);
      e.proxy_on_response_body(id, 3, 1);
      e.proxy_on_done(id);
      e.proxy_on_log(id);
      e.proxy_on_delete(id);
    }
    return Number(process.hrtime.bigint() - start) / n;
  };
  run(iterations);
  const runs = Array.from({ length: 5 }, () => run(iterations));
  return runs.sort((a, b) => a - b)[2];
}

export async function countHostCalls(modules: Modules): Promise<HostCallCounts[]> {
  const rows: [string, string, string, Record<string, string>?][] = [
    ["hand-written do-nothing (WAT)", modules.noop, ""],
    ["SDK nothing", modules.sdk, "nothing"],
    ["SDK read request header", modules.sdk, "read-request-header"],
    ["SDK add response header", modules.sdk, "add-response-header"],
    ["SDK replace response header", modules.sdk, "replace-response-header"],
    ["SDK remove absent request header", modules.sdk, "remove-absent-request-header"],
  ];
  const { ratelimit, auth, "route-meta": routeMeta } = modules.filters;
  if (ratelimit) rows.push(["ratelimit (one local rule)", ratelimit, JSON.stringify({ rules: [{ name: "all", limit: { requests: 1000000, per: "second" } }] })]);
  if (auth) {
    rows.push(["auth API key", auth, AUTH_API_KEY_CONFIG, { "x-api-key": API_KEY }]);
    rows.push(["auth Basic", auth, AUTH_BASIC_CONFIG, { authorization: basicHeader() }]);
  }
  if (routeMeta) rows.push(["route-meta (regex rule + sticky split)", routeMeta, ROUTE_META_CONFIG, { "x-user-id": "user-42" }]);
  const out: HostCallCounts[] = [];
  for (const [label, wasm, configuration, headers] of rows) out.push(await countOne(label, wasm, configuration, headers));
  out[0].guestNanosPerRequest = guestNanosPerRequest(modules.noop);
  out[1].guestNanosPerRequest = guestNanosPerRequest(modules.sdk);
  return out;
}
