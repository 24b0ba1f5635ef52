// The route-meta filter in real Envoy at --concurrency 2, three real upstreams v1, v2, v3 and a route table matching
// the tag header: testers pinned by header, a 20% sticky split over 5,000 users (within 2 points, the same on both
// workers), an incoming tag kept, CIDR (IPv4, IPv6), regex, identity, query and cookie conditions, a catastrophic
// regex staying fast, stats per tag and per rule, filter state for access logs, and a cookie keeping a browser on
// its version.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { Agent } from "undici";
import { RouteMetaScenario, countByVersion, routed, startRouteMetaScenario, upstreamsByUser } from "../../harness/scenarios/route_meta.js";
import { useScenario } from "../../harness/testing.js";

describe("route-meta: routing by tag in Envoy", () => {
  const fixture = useScenario("route-meta", () => startRouteMetaScenario());
  const test = fixture.test;

  test("testers pinned by header reach v2, with the tag header written and echoed", async () => {
    const url = fixture.scenario.httpUrl;
    for (let i = 0; i < 10; i++) {
      const r = await routed(url + "/", { "x-tester": "true", "x-user-id": `pinned-${i}` });
      assert.equal(r.upstream, "v2");
      assert.equal(r.tag, "v2");
      assert.equal(r.headers.get("x-route-tag-served"), "v2");
      assert.equal(r.headers.get("x-route-tag-state"), "v2");
    }
    assert.equal((await routed(url + "/", { "x-tester": "false" })).upstream, "v1");
    assert.ok((await fixture.scenario.envoy.admin.stat("wasmcustom.route_meta.rule.testers.matched")) >= 10);
  });

  test("a 20% sticky split over 5,000 user ids: within 2 points, every user on one version on both workers", async (t) => {
    const url = fixture.scenario.httpUrl + "/";
    const byWorker = await clientsByWorker(fixture.scenario.envoy, url, 4);
    try {
      const users = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
      // Every user once through worker 0 and once through worker 1, four connections on each.
      const [first, second] = await Promise.all(byWorker.map((clients) => upstreamsOn(clients, url, users)));
      const counts = countByVersion(first.values());
      const percent = (100 * counts.v2) / users.length;
      t.diagnostic(`v2 share ${percent.toFixed(2)}% (${counts.v2} of ${users.length}), v1 ${counts.v1}, v3 ${counts.v3}`);
      assert.ok(Math.abs(percent - 20) <= 2, `v2 share ${percent}%`);
      assert.equal(counts.v1 + counts.v2, users.length);
      const moved = users.filter((u) => first.get(u) !== second.get(u));
      assert.deepEqual(moved, [], "users answered by different versions on the two workers");
    } finally {
      await Promise.all(byWorker.flat().map((c) => c.close()));
    }
  });

  test("an incoming tag is kept as it is, whatever the rules say", async () => {
    const url = fixture.scenario.httpUrl + "/";
    const kept = await routed(url, { "x-route-tag": "v3", "x-tester": "true" });
    assert.equal(kept.upstream, "v3");
    assert.equal(kept.tag, "v3");
    const unknown = await routed(url, { "x-route-tag": "canary-7" });
    assert.equal(unknown.upstream, "v1");
    assert.equal(unknown.tag, "canary-7");
    assert.ok((await fixture.scenario.envoy.admin.stat("wasmcustom.route_meta.kept")) >= 2);
  });

  test("source CIDR conditions route IPv4 and IPv6 clients of the office networks to v3", async () => {
    const url = fixture.scenario.httpUrl + "/";
    const from = async (address: string) => (await routed(url, { "x-forwarded-for": address })).upstream;
    assert.equal(await from("198.51.100.7"), "v3");
    assert.equal(await from("198.51.101.7"), "v1");
    assert.equal(await from("2001:db8:3:1::20"), "v3");
    assert.equal(await from("2001:db8:4::20"), "v1");
    assert.ok((await fixture.scenario.envoy.admin.stat("wasmcustom.route_meta.rule.office.matched")) >= 2);
  });

  test("a regex condition routes the beta app to v3, matching the whole header value", async () => {
    const url = fixture.scenario.httpUrl + "/";
    const agent = async (ua: string) => (await routed(url, { "user-agent": ua })).upstream;
    assert.equal(await agent("BetaApp/2.13"), "v3");
    assert.equal(await agent("BetaApp/2.13 (iPhone)"), "v3");
    assert.equal(await agent("NotBetaApp/2.13"), "v1");
    assert.equal(await agent("BetaApp/2"), "v1");
  });

  test("the auth filter's identity, a query parameter and a cookie route too", async () => {
    const url = fixture.scenario.httpUrl;
    assert.equal((await routed(url + "/", { "x-auth-consumer": "alice" })).upstream, "v3");
    assert.equal((await routed(url + "/", { "x-auth-consumer": "carol" })).upstream, "v1");
    assert.equal((await routed(url + "/shop?x=1&preview=on")).upstream, "v2");
    assert.equal((await routed(url + "/shop?preview=off")).upstream, "v1");
    assert.equal((await routed(url + "/shop", { cookie: "theme=dark; preview=on" })).upstream, "v2");
  });

  test("a regex exponential for a backtracking engine answers at once on a long header", async (t) => {
    const url = fixture.scenario.httpUrl + "/";
    const evil = "a".repeat(4000) + "!";
    const started = performance.now();
    for (let i = 0; i < 5; i++) assert.equal((await routed(url, { "x-probe": evil })).upstream, "v1");
    const perRequest = (performance.now() - started) / 5;
    t.diagnostic(`(a+)+$ on 4,000 a's and a '!': ${perRequest.toFixed(1)} ms per request`);
    assert.ok(perRequest < 250, `${perRequest} ms per request`);
    assert.equal((await routed(url, { "x-probe": "a".repeat(4000) })).upstream, "v3");
  });

  test("cookie stickiness: a client that keeps cookies stays on its first version; one that does not is split at random", async () => {
    const url = fixture.scenario.cookieUrl + "/";
    const firstVersions = new Set<string | null>();
    for (let client = 0; client < 16; client++) {
      const first = await routed(url);
      const cookie = first.headers.getSetCookie().find((c) => c.startsWith("route_tag="));
      assert.equal(cookie, `route_tag=${first.upstream}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`);
      firstVersions.add(first.upstream);
      const jar = cookie!.split(";")[0];
      for (let i = 0; i < 8; i++) {
        const next = await routed(url, { cookie: `session=abc; ${jar}` });
        assert.equal(next.upstream, first.upstream, `client ${client}, request ${i}`);
        assert.deepEqual(next.headers.getSetCookie(), [], "the cookie is not sent again while it holds the tag");
      }
    }
    assert.deepEqual([...firstVersions].sort(), ["v1", "v2"], "first answers come from both versions");
    const cookieless = new Set<string | null>();
    for (let i = 0; i < 40; i++) cookieless.add((await routed(url)).upstream);
    assert.deepEqual([...cookieless].sort(), ["v1", "v2"]);
  });

  test("stats count requests per tag and per rule, with the tag as a Prometheus label", async () => {
    const admin = fixture.scenario.envoy.admin;
    assert.ok((await admin.stat("wasmcustom.route_meta.tag.v2.requests")) > 0);
    assert.ok((await admin.stat("wasmcustom.route_meta.tag.v1.requests")) > 0);
    // Every user placed by the split counts as its decision, the default's share included.
    assert.ok((await admin.stat("wasmcustom.route_meta.decided_by.sticky")) >= 10000);
    const prometheus = await admin.prometheus();
    assert.match(prometheus, /route_meta_tag_requests\{tag="v2"\} \d+/);
    assert.match(prometheus, /route_meta_rule_matched\{rule="testers"\} \d+/);
  });
});

/**
 * `perWorker` single-connection clients on each of the two workers: each client's connection is opened alone and
 * the listener's per-worker stats say which worker took it (exact_balance alternates them).
 */
async function clientsByWorker(envoy: RouteMetaScenario["envoy"], url: string, perWorker: number): Promise<Agent[][]> {
  const groups: Agent[][] = [[], []];
  const spare: Agent[] = [];
  try {
    while (groups[0].length < perWorker || groups[1].length < perWorker) {
      assert.ok(spare.length < 4 * perWorker, "connections never reached one of the workers");
      const client = new Agent({ connections: 1 });
      const before = await workerConnections(envoy);
      await routed(url, {}, client);
      const after = await workerConnections(envoy);
      const worker = after[0] > before[0] ? 0 : after[1] > before[1] ? 1 : -1;
      if (worker >= 0 && groups[worker].length < perWorker) groups[worker].push(client);
      else spare.push(client);
    }
  } catch (error) {
    await Promise.all(groups.flat().map((c) => c.close()));
    throw error;
  } finally {
    await Promise.all(spare.map((c) => c.close()));
  }
  return groups;
}

/** Each user once, spread over `clients` (one request at a time on each). */
async function upstreamsOn(clients: Agent[], url: string, users: string[]): Promise<Map<string, string | null>> {
  const shares = clients.map((_, i) => users.filter((_, j) => j % clients.length === i));
  const maps = await Promise.all(clients.map((dispatcher, i) => upstreamsByUser(url, shares[i], { parallel: 1, dispatcher })));
  return new Map(maps.flatMap((m) => [...m]));
}

/** Connections each worker of listener "http" has accepted so far. */
async function workerConnections(envoy: RouteMetaScenario["envoy"]): Promise<number[]> {
  const stats = await envoy.admin.stats();
  return [0, 1].map((worker) => stats.get(`listener.http.worker_${worker}.downstream_cx_total`) ?? 0);
}
