// The route-meta filter in front of three echo upstreams v1, v2, v3 (envoy-configs/route-meta.yaml), the route
// table choosing one by the tag header, and the traffic helpers its tests and demo share.
import { Agent, fetch } from "undici";
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

export const VERSIONS = ["v1", "v2", "v3"] as const;

/**
 * Listener "http": testers pinned by header, an office network, beta clients and staff (the auth filter's identity)
 * on v3, a preview switch by query parameter or cookie, a 20% sticky split.
 */
export const ROUTE_META_HTTP_CONFIG = {
  default_tag: "v1",
  filter_state: "route_tag",
  response_header: "x-route-tag-served",
  rules: [
    { name: "testers", tag: "v2", conditions: [{ source: "header", name: "x-tester", op: "equal", value: "true" }] },
    { name: "office", tag: "v3", conditions: [{ source: "source_ip", op: "in", values: ["198.51.100.0/24", "2001:db8:3::/48"] }] },
    { name: "beta_app", tag: "v3", conditions: [{ source: "header", name: "user-agent", op: "regex", value: "BetaApp/[0-9]+\\.[0-9]+( .*)?" }] },
    { name: "staff", tag: "v3", conditions: [{ source: "identity", op: "in", values: ["alice", "bob"] }] },
    {
      name: "preview",
      tag: "v2",
      match: "any",
      conditions: [{ source: "query", name: "preview", op: "equal", value: "on" }, { source: "cookie", name: "preview", op: "equal", value: "on" }],
    },
    // Exponential for a backtracking engine on "aaaa…a!"; linear here.
    { name: "probe", tag: "v3", conditions: [{ source: "header", name: "x-probe", op: "regex", value: "(a+)+$" }] },
  ],
  sticky_split: { key: { source: "header", name: "x-user-id" }, versions: [{ tag: "v2", percent: 20 }] },
};

/** Listener "cookie": keyless traffic split at random, each browser kept on its first answer by a cookie. */
export const ROUTE_META_COOKIE_CONFIG = {
  default_tag: "v1",
  random_split: { versions: [{ tag: "v2", percent: 50 }] },
  cookie: { name: "route_tag", max_age_seconds: 3600 },
};

export interface RouteMetaScenario {
  envoy: Envoy;
  upstreams: HttpEcho[];
  httpUrl: string;
  cookieUrl: string;
  stop(): Promise<void>;
}

/** Three echo upstreams, each answering with its own name. */
export async function startVersionUpstreams(): Promise<HttpEcho[]> {
  const upstreams: HttpEcho[] = [];
  try {
    for (const name of VERSIONS) upstreams.push(await startHttpEcho(name));
  } catch (error) {
    await Promise.all(upstreams.map((u) => u.close()));
    throw error;
  }
  return upstreams;
}

export const versionPorts = (upstreams: HttpEcho[]) => ({ V1_PORT: upstreams[0].port, V2_PORT: upstreams[1].port, V3_PORT: upstreams[2].port });

export async function startRouteMetaScenario(httpConfig: object = ROUTE_META_HTTP_CONFIG, cookieConfig: object = ROUTE_META_COOKIE_CONFIG): Promise<RouteMetaScenario> {
  const upstreams = await startVersionUpstreams();
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "route-meta",
      template: "route-meta.yaml",
      vars: { WASM: wasmPath("route-meta"), HTTP_CONFIG: JSON.stringify(httpConfig), COOKIE_CONFIG: JSON.stringify(cookieConfig), ...versionPorts(upstreams) },
    });
  } catch (error) {
    await Promise.all(upstreams.map((u) => u.close()));
    throw error;
  }
  return {
    envoy,
    upstreams,
    httpUrl: await envoy.url("http"),
    cookieUrl: await envoy.url("cookie"),
    async stop() {
      await envoy.stop();
      await Promise.all(upstreams.map((u) => u.close()));
    },
  };
}

export interface Routed {
  status: number;
  /** The upstream that answered (v1, v2, v3), from the echo's x-upstream header. */
  upstream: string | null;
  /** The tag header as the upstream received it. */
  tag: string | null;
  headers: { get(name: string): string | null; getSetCookie(): string[] };
}

/** One request; reports which upstream answered and the tag it was sent with. */
export async function routed(url: string, headers: Record<string, string> = {}, dispatcher?: Agent): Promise<Routed> {
  const response = await fetch(url, { headers, dispatcher });
  const text = await response.text();
  let tag: string | null = null;
  try {
    const value = (JSON.parse(text) as { headers?: Record<string, string> }).headers?.["x-route-tag"];
    tag = value ?? null;
  } catch {
    tag = null;
  }
  return { status: response.status, upstream: response.headers.get("x-upstream"), tag, headers: response.headers };
}

/** Sends one request per user id (header x-user-id), `parallel` at a time, and returns the upstream of each. */
export async function upstreamsByUser(url: string, users: string[], { parallel = 16, dispatcher }: { parallel?: number; dispatcher?: Agent } = {}): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const user = users[next++];
      result.set(user, (await routed(url, { "x-user-id": user }, dispatcher)).upstream);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return result;
}

/** How many of the answers came from each version. */
export function countByVersion(upstreams: Iterable<string | null>): Record<string, number> {
  const counts: Record<string, number> = { v1: 0, v2: 0, v3: 0 };
  for (const u of upstreams) counts[u ?? "none"] = (counts[u ?? "none"] ?? 0) + 1;
  return counts;
}
