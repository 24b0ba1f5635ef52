// The route-meta filter's decisions on the host emulator: two worker VMs, every operator and source, the order of
// decisions, sticky and monotone splits, the assignment cookie, and the request-edit budget. Routing itself (the
// tag choosing a cluster) needs Envoy's route table: tests/e2e/route_meta_*.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost, Status, type HttpStream, type Plugin } from "../../harness/emulator/index.js";

async function load(configuration: object, workers = 1): Promise<{ host: EmulatedHost; vms: Plugin[] }> {
  const host = new EmulatedHost({ upstream: () => ({ status: 200, body: "ok" }) });
  const vms = await host.loadWorkers(wasmPath("route-meta"), workers, { name: "route-meta", vmId: "route-meta", configuration });
  assert.ok(vms.every((vm) => vm.configured), vms[0].logs.map((l) => l.message).join("\n"));
  return { host, vms };
}

const forwardedTag = (s: HttpStream, header = "x-route-tag") => s.upstream?.headers.get(header) ?? null;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `user-${i}`);

/** Sends one request per user id (alternating workers) and returns the tag each was forwarded with. */
function tagsOf(vms: Plugin[], users: string[], header = "x-user-id"): Map<string, string | null> {
  const tags = new Map<string, string | null>();
  users.forEach((user, i) => tags.set(user, forwardedTag(vms[i % vms.length].request({ path: "/", headers: { [header]: user } }))));
  return tags;
}

const share = (tags: Map<string, string | null>, tag: string) => [...tags.values()].filter((t) => t === tag).length / tags.size;

describe("route-meta on the host emulator: the hot path", () => {
  it("a request that already carries the tag is not edited, and Envoy is not asked to re-route", async () => {
    const { host, vms } = await load({ default_tag: "v1", rules: [{ name: "testers", tag: "v2", conditions: [{ source: "header", name: "x-tester", op: "present" }] }] });
    const s = vms[0].request({ path: "/", headers: { "x-route-tag": "v3", "x-tester": "1" } });
    assert.equal(forwardedTag(s), "v3");
    assert.equal(s.requestHeaderEdits, 0);
    assert.equal(s.clearRouteCacheCalls, 0);
    assert.equal(host.metric("route_meta.kept"), 1);
    assert.equal(host.metric("route_meta.header_written"), 0);
  });

  it("with recompute, a route_tag condition sees the tag the request arrived with (the configured tag header)", async () => {
    const { vms } = await load({ tag_header: "x-version", recompute: true, default_tag: "v1", rules: [{ name: "keep_v3", tag: "v3", conditions: [{ source: "route_tag", op: "equal", value: "v3" }] }] });
    assert.equal(forwardedTag(vms[0].request({ path: "/", headers: { "x-version": "v3" } }), "x-version"), "v3");
    assert.equal(forwardedTag(vms[0].request({ path: "/", headers: { "x-version": "v2" } }), "x-version"), "v1");
    assert.equal(forwardedTag(vms[0].request({ path: "/" }), "x-version"), "v1");
  });

  it("an empty tag header is decided like an absent one", async () => {
    const { vms } = await load({ default_tag: "v1" });
    const s = vms[0].request({ path: "/", headers: { "x-route-tag": "" } });
    assert.deepEqual(s.upstream?.headers.getAll("x-route-tag"), ["v1"]);
  });

  it("a decided tag is written once and the route cache is cleared once", async () => {
    const { host, vms } = await load({ default_tag: "v1" });
    const s = vms[0].request({ path: "/" });
    assert.equal(forwardedTag(s), "v1");
    assert.equal(s.requestHeaderEdits, 1);
    assert.equal(s.clearRouteCacheCalls, 1);
    assert.equal(host.metric("route_meta.tag.v1.requests"), 1);
    assert.equal(host.metric("route_meta.decided_by.default"), 1);
  });

  it("an Envoy without clear_route_cache (NotFound) still gets the header; another failure is counted", async () => {
    const { host, vms } = await load({ default_tag: "v1" });
    host.registerForeignFunction("clear_route_cache", () => ({ status: Status.NotFound }));
    assert.equal(forwardedTag(vms[0].request({ path: "/" })), "v1");
    assert.equal(host.metric("route_meta.clear_route_cache_failed"), 0);
    host.registerForeignFunction("clear_route_cache", () => ({ status: Status.InternalFailure }));
    assert.equal(forwardedTag(vms[0].request({ path: "/" })), "v1");
    assert.equal(host.metric("route_meta.clear_route_cache_failed"), 1);
  });

  it("recompute overwrites an incoming tag, but leaves an equal one unedited", async () => {
    const { vms } = await load({ default_tag: "v1", recompute: true });
    const other = vms[0].request({ path: "/", headers: { "x-route-tag": "v9" } });
    assert.equal(forwardedTag(other), "v1");
    assert.deepEqual(other.upstream?.headers.getAll("x-route-tag"), ["v1"]);
    const same = vms[0].request({ path: "/", headers: { "x-route-tag": "v1" } });
    assert.equal(forwardedTag(same), "v1");
    assert.equal(same.requestHeaderEdits, 0);
    assert.equal(same.clearRouteCacheCalls, 0);
  });

  it("with no default and nothing deciding, the request goes on untagged and unedited", async () => {
    const { host, vms } = await load({ rules: [{ name: "r", tag: "v2", conditions: [{ source: "header", name: "x-tester", op: "present" }] }] });
    const s = vms[0].request({ path: "/" });
    assert.equal(forwardedTag(s), null);
    assert.equal(s.requestHeaderEdits, 0);
    assert.equal(host.metric("route_meta.untagged"), 1);
  });

  it("a custom tag header, the tag echoed on the response, and filter state for access logs", async () => {
    const { vms } = await load({ tag_header: "X-Canary", default_tag: "stable", response_header: "x-served-tag", filter_state: "route_tag" });
    const s = vms[0].request({ path: "/" });
    assert.equal(forwardedTag(s, "x-canary"), "stable");
    assert.equal(s.response?.headers.get("x-served-tag"), "stable");
    assert.equal(new TextDecoder().decode(s.state.get("route_tag")), "stable");
  });
});

/** One condition on rule "hit"; the default is "miss". */
async function conditionTable(condition: object, cases: [object, boolean][], source?: string) {
  const { vms } = await load({ default_tag: "miss", rules: [{ name: "c", tag: "hit", conditions: [condition] }] });
  for (const [request, expected] of cases) {
    const s = vms[0].request({ path: "/", ...request } as { path: string }, source ? { source } : {});
    assert.equal(forwardedTag(s), expected ? "hit" : "miss", `${JSON.stringify(condition)} on ${JSON.stringify(request)}`);
  }
}

describe("route-meta on the host emulator: operators and sources", () => {
  it("equal, not_equal, prefix, suffix, contains on a header; absent values fail all but the negations", async () => {
    const h = (v?: string) => ({ headers: v === undefined ? {} : { "x-v": v } });
    await conditionTable({ source: "header", name: "X-V", op: "equal", value: "beta" }, [[h("beta"), true], [h("Beta"), false], [h("betax"), false], [h(), false]]);
    await conditionTable({ source: "header", name: "x-v", op: "equal", value: "Beta", ignore_case: true }, [[h("BETA"), true], [h("beta"), true], [h("bet"), false]]);
    await conditionTable({ source: "header", name: "x-v", op: "not_equal", value: "beta" }, [[h("beta"), false], [h("alpha"), true], [h(), true]]);
    await conditionTable({ source: "header", name: "x-v", op: "prefix", value: "be" }, [[h("beta"), true], [h("abe"), false], [h(), false]]);
    await conditionTable({ source: "header", name: "x-v", op: "suffix", value: "ta" }, [[h("beta"), true], [h("tab"), false]]);
    await conditionTable({ source: "header", name: "x-v", op: "contains", value: "et" }, [[h("beta"), true], [h("bta"), false]]);
  });

  it("in, not_in, present, absent", async () => {
    const h = (v?: string) => ({ headers: v === undefined ? {} : { "x-v": v } });
    await conditionTable({ source: "header", name: "x-v", op: "in", values: ["a", "b"] }, [[h("a"), true], [h("b"), true], [h("c"), false], [h(), false]]);
    await conditionTable({ source: "header", name: "x-v", op: "not_in", values: ["a", "b"] }, [[h("a"), false], [h("c"), true], [h(), true]]);
    await conditionTable({ source: "header", name: "x-v", op: "present" }, [[h(""), true], [h("x"), true], [h(), false]]);
    await conditionTable({ source: "header", name: "x-v", op: "absent" }, [[h(""), false], [h(), true]]);
  });

  it("cookie, query (decoded), path (without the query), method, authority, identity", async () => {
    await conditionTable({ source: "cookie", name: "beta", op: "equal", value: "yes" }, [
      [{ headers: { cookie: "a=1; beta=yes" } }, true], [{ headers: { cookie: "beta=\"yes\"" } }, true], [{ headers: { cookie: "xbeta=yes" } }, false], [{}, false],
    ]);
    await conditionTable({ source: "query", name: "group", op: "equal", value: "early adopters" }, [
      [{ path: "/p?x=1&group=early+adopters" }, true], [{ path: "/p?group=early%20adopters" }, true], [{ path: "/p?group=late" }, false], [{ path: "/p" }, false],
    ]);
    await conditionTable({ source: "path", op: "prefix", value: "/api/v2/" }, [[{ path: "/api/v2/x?y" }, true], [{ path: "/api/v1/x?/api/v2/" }, false]]);
    await conditionTable({ source: "path", op: "suffix", value: ".json" }, [[{ path: "/a.json?x=1" }, true], [{ path: "/a?x=.json" }, false]]);
    await conditionTable({ source: "method", op: "in", values: ["POST", "PUT"] }, [[{ method: "POST" }, true], [{ method: "GET" }, false]]);
    await conditionTable({ source: "authority", op: "equal", value: "beta.example.com", ignore_case: true }, [[{ authority: "Beta.Example.com" }, true], [{ authority: "example.com" }, false]]);
    await conditionTable({ source: "identity", op: "in", values: ["alice", "bob"] }, [[{ headers: { "x-auth-consumer": "alice" } }, true], [{ headers: { "x-auth-consumer": "carol" } }, false]]);
  });

  it("identity reads the configured identity header", async () => {
    const { vms } = await load({ default_tag: "miss", identity_header: "x-user", rules: [{ name: "c", tag: "hit", conditions: [{ source: "identity", op: "equal", value: "alice" }] }] });
    assert.equal(forwardedTag(vms[0].request({ path: "/", headers: { "x-user": "alice" } })), "hit");
    assert.equal(forwardedTag(vms[0].request({ path: "/", headers: { "x-auth-consumer": "alice" } })), "miss");
  });

  it("source_ip: IPv4 and IPv6 CIDR ranges, a mapped IPv4 client, a bare address, and their negations", async () => {
    const cases = async (condition: object, table: [string, boolean][]) => {
      const { vms } = await load({ default_tag: "miss", rules: [{ name: "c", tag: "hit", conditions: [condition] }] });
      for (const [source, expected] of table) assert.equal(forwardedTag(vms[0].request({ path: "/" }, { source })), expected ? "hit" : "miss", `${JSON.stringify(condition)} from ${source}`);
    };
    const inside = { source: "source_ip", op: "in", values: ["10.1.0.0/16", "2001:db8:aa::/48"] };
    await cases(inside, [["10.1.2.3:5000", true], ["10.2.0.1:5000", false], ["[2001:db8:aa:1::7]:443", true], ["[2001:db8:ab::1]:443", false], ["[::ffff:10.1.9.9]:80", true]]);
    await cases({ ...inside, op: "not_in" }, [["10.1.2.3:5000", false], ["192.0.2.1:1", true], ["[2001:db8:ab::1]:443", true]]);
    await cases({ source: "source_ip", op: "equal", value: "192.0.2.7" }, [["192.0.2.7:1", true], ["192.0.2.8:1", false]]);
  });

  it("regex matches the whole value, as Envoy's safe_regex does", async () => {
    const h = (v: string) => ({ headers: { "x-v": v } });
    await conditionTable({ source: "header", name: "x-v", op: "regex", value: "v[0-9]+" }, [[h("v12"), true], [h("xv12"), false], [h("v12x"), false]]);
    await conditionTable({ source: "header", name: "x-v", op: "regex", value: ".*beta.*" }, [[h("a-beta-b"), true], [h("alpha"), false]]);
    await conditionTable({ source: "cookie", name: "c", op: "regex", value: "(?i)CANARY|always" }, [[{ headers: { cookie: "c=canary" } }, true], [{ headers: { cookie: "c=never" } }, false]]);
  });

  it("a pattern that is exponential for a backtracking engine answers at once on a long input", async () => {
    const { vms } = await load({ default_tag: "miss", rules: [{ name: "evil", tag: "hit", conditions: [{ source: "header", name: "x-v", op: "regex", value: "(a+)+$" }] }] });
    const started = performance.now();
    const s = vms[0].request({ path: "/", headers: { "x-v": "a".repeat(5000) + "!" } });
    const elapsed = performance.now() - started;
    assert.equal(forwardedTag(s), "miss");
    assert.equal(forwardedTag(vms[0].request({ path: "/", headers: { "x-v": "a".repeat(5000) } })), "hit");
    assert.ok(elapsed < 1000, `took ${elapsed} ms`);
  });

  it("percent picks a sticky share of values: the users a split of that size would pick, and only within the rule", async () => {
    const users = ids(3000);
    const { vms } = await load({
      default_tag: "v1",
      rules: [{ name: "eu_canary", tag: "v2", conditions: [{ source: "header", name: "x-region", op: "equal", value: "eu" }, { source: "identity", op: "percent", percent: 30 }] }],
    });
    const split = tagsOf((await load({ default_tag: "v1", sticky_split: { key: { source: "header", name: "x-user-id" }, versions: [{ tag: "v2", percent: 30 }] } })).vms, users);
    const eu = new Map(users.map((u) => [u, forwardedTag(vms[0].request({ path: "/", headers: { "x-region": "eu", "x-auth-consumer": u } }))]));
    assert.deepEqual([...eu], [...split]);
    assert.ok(Math.abs(share(eu, "v2") - 0.3) <= 0.02, `share ${share(eu, "v2")}`);
    const us = users.slice(0, 200).map((u) => forwardedTag(vms[0].request({ path: "/", headers: { "x-region": "us", "x-auth-consumer": u } })));
    assert.ok(us.every((t) => t === "v1"));
  });

  it("all-of and any-of groups; the first matching rule wins and is counted", async () => {
    const { host, vms } = await load({
      default_tag: "v1",
      rules: [
        { name: "both", tag: "v3", conditions: [{ source: "header", name: "x-a", op: "present" }, { source: "header", name: "x-b", op: "present" }] },
        { name: "either", tag: "v2", match: "any", conditions: [{ source: "header", name: "x-a", op: "present" }, { source: "header", name: "x-b", op: "present" }] },
      ],
    });
    const tag = (headers: Record<string, string>) => forwardedTag(vms[0].request({ path: "/", headers }));
    assert.equal(tag({ "x-a": "1", "x-b": "1" }), "v3");
    assert.equal(tag({ "x-a": "1" }), "v2");
    assert.equal(tag({ "x-b": "1" }), "v2");
    assert.equal(tag({}), "v1");
    assert.equal(host.metric("route_meta.rule.both.matched"), 1);
    assert.equal(host.metric("route_meta.rule.either.matched"), 2);
  });
});

describe("route-meta on the host emulator: splits", () => {
  const sticky = (versions: object[], extra: object = {}) => ({ default_tag: "v1", sticky_split: { key: { source: "header", name: "x-user-id" }, versions, ...extra } });

  it("a 20% sticky split over 5,000 users: within 2 points, the same on both workers and on every repeat", async () => {
    const { vms } = await load(sticky([{ tag: "v2", percent: 20 }]), 2);
    const users = ids(5000);
    const first = tagsOf(vms, users);
    assert.ok(Math.abs(share(first, "v2") - 0.2) <= 0.02, `v2 share ${share(first, "v2")}`);
    // Each user again, on the other worker this time.
    const again = tagsOf([vms[1], vms[0]], users);
    assert.deepEqual([...again], [...first]);
  });

  it("raising 20% to 50% moves only v1 users to v2; every v2 user stays", async () => {
    const users = ids(5000);
    const before = tagsOf((await load(sticky([{ tag: "v2", percent: 20 }]))).vms, users);
    const after = tagsOf((await load(sticky([{ tag: "v2", percent: 50 }]))).vms, users);
    for (const user of users) if (before.get(user) === "v2") assert.equal(after.get(user), "v2", user);
    assert.ok(Math.abs(share(after, "v2") - 0.5) <= 0.02, `v2 share ${share(after, "v2")}`);
  });

  it("three versions v1 70 / v2 20 / v3 10 to 60 / 30 / 10 moves only v1 users, to v2", async () => {
    const users = ids(5000);
    const three = (a: number, b: number, c: number) => ({ sticky_split: { key: { source: "header", name: "x-user-id" }, versions: [{ tag: "v1", percent: a }, { tag: "v2", percent: b }, { tag: "v3", percent: c }] } });
    const before = tagsOf((await load(three(70, 20, 10))).vms, users);
    const after = tagsOf((await load(three(60, 30, 10))).vms, users);
    for (const user of users) {
      const [b, a] = [before.get(user), after.get(user)];
      assert.ok(a === b || (b === "v1" && a === "v2"), `${user}: ${b} -> ${a}`);
    }
    assert.ok(Math.abs(share(after, "v3") - 0.1) <= 0.02);
  });

  it("a salt makes an independent split; the key may be a cookie, a query parameter or the client address", async () => {
    const users = ids(2000);
    const plain = tagsOf((await load(sticky([{ tag: "v2", percent: 50 }]))).vms, users);
    const salted = tagsOf((await load(sticky([{ tag: "v2", percent: 50 }], { salt: "checkout-test" }))).vms, users);
    const same = users.filter((u) => plain.get(u) === salted.get(u)).length / users.length;
    assert.ok(same > 0.4 && same < 0.6, `agreement ${same}`);

    const byCookie = (await load({ default_tag: "v1", sticky_split: { key: { source: "cookie", name: "uid" }, versions: [{ tag: "v2", percent: 50 }] } })).vms[0];
    const byQuery = (await load({ default_tag: "v1", sticky_split: { key: { source: "query", name: "uid" }, versions: [{ tag: "v2", percent: 50 }] } })).vms[0];
    for (const user of users.slice(0, 50)) {
      assert.equal(forwardedTag(byCookie.request({ path: "/", headers: { cookie: `uid=${user}` } })), plain.get(user));
      assert.equal(forwardedTag(byQuery.request({ path: `/?uid=${user}` })), plain.get(user));
    }
    const byIp = (await load({ default_tag: "v1", sticky_split: { key: { source: "client_ip" }, versions: [{ tag: "v2", percent: 50 }] } })).vms[0];
    const ipTags = Array.from({ length: 400 }, (_, i) => forwardedTag(byIp.request({ path: "/" }, { source: `10.0.${i >> 8}.${i & 255}:1234` })));
    const v2 = ipTags.filter((t) => t === "v2").length / ipTags.length;
    assert.ok(v2 > 0.4 && v2 < 0.6, `client_ip v2 share ${v2}`);
    assert.equal(forwardedTag(byIp.request({ path: "/" }, { source: "10.0.0.1:1" })), forwardedTag(byIp.request({ path: "/" }, { source: "10.0.0.1:2" })));
  });

  it("keyless requests fall through to the random split, then the default", async () => {
    const { host, vms } = await load({ ...sticky([{ tag: "v2", percent: 100 }]), random_split: { versions: [{ tag: "v3", percent: 30 }] } });
    const tags = Array.from({ length: 2000 }, () => forwardedTag(vms[0].request({ path: "/" })));
    const v3 = tags.filter((t) => t === "v3").length / tags.length;
    assert.ok(Math.abs(v3 - 0.3) < 0.05, `random v3 share ${v3}`);
    assert.ok(tags.every((t) => t === "v3" || t === "v1"));
    assert.equal(forwardedTag(vms[0].request({ path: "/", headers: { "x-user-id": "u" } })), "v2");
    // The default's share of a random split counts as the split's decision.
    assert.equal(host.metric("route_meta.decided_by.random"), 2000);
  });
});

describe("route-meta on the host emulator: the assignment cookie", () => {
  const config = { default_tag: "v1", random_split: { versions: [{ tag: "v2", percent: 50 }] }, cookie: { name: "rt", max_age_seconds: 3600 } };

  it("a keyless client gets a cookie with its tag and keeps that tag while it sends the cookie back", async () => {
    const { vms } = await load(config);
    for (let i = 0; i < 20; i++) {
      const first = vms[0].request({ path: "/" });
      const tag = forwardedTag(first)!;
      assert.equal(first.response?.headers.get("set-cookie"), `rt=${tag}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`);
      for (let j = 0; j < 5; j++) {
        const next = vms[0].request({ path: "/", headers: { cookie: `other=1; rt=${tag}` } });
        assert.equal(forwardedTag(next), tag);
        assert.equal(next.response?.headers.get("set-cookie") ?? null, null);
      }
    }
  });

  it("a cookie naming an unknown tag is ignored; a sticky key beats the cookie", async () => {
    const { vms } = await load({ ...config, sticky_split: { key: { source: "header", name: "x-user-id" }, versions: [{ tag: "v3", percent: 100 }] } });
    const unknown = vms[0].request({ path: "/", headers: { cookie: "rt=admin" } });
    assert.ok(["v1", "v2"].includes(forwardedTag(unknown)!));
    const keyed = vms[0].request({ path: "/", headers: { cookie: "rt=v2", "x-user-id": "u1" } });
    assert.equal(forwardedTag(keyed), "v3");
    assert.equal(keyed.response?.headers.get("set-cookie"), "rt=v3; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax");
  });
});

describe("route-meta on the host emulator: bad input never traps", () => {
  it("malformed cookies, query strings, addresses and huge values only fail to match", async () => {
    const { vms } = await load({
      default_tag: "v1",
      rules: [
        {
          name: "everything",
          tag: "v2",
          match: "any",
          conditions: [
            { source: "cookie", name: "c", op: "equal", value: "x" },
            { source: "query", name: "q", op: "regex", value: "x+" },
            { source: "path", op: "contains", value: "zz" },
            { source: "source_ip", op: "in", values: ["10.0.0.0/8", "::/0"] },
            { source: "identity", op: "in", values: ["x"] },
          ],
        },
      ],
      sticky_split: { key: { source: "query", name: "uid" }, versions: [{ tag: "v3", percent: 50 }] },
    });
    const odd: { path: string; headers: Record<string, string> }[] = [
      { path: "/?q=%zz%&uid=%", headers: { cookie: ";;=;c;=x;\"" } },
      { path: "/?" + "&".repeat(5000), headers: { cookie: "c=" + "\"".repeat(3) } },
      { path: "/%ff%fe?uid=%c3%28&q=%e2%82", headers: { "x-auth-consumer": "\u00e9" } },
      { path: "/" + "a".repeat(60000), headers: { cookie: "c=".repeat(10000) } },
    ];
    for (const request of odd) {
      for (const source of ["not-an-address", "[::1", "300.1.1.1:80", "[fe80::1%eth0]:80", ""]) {
        const s = vms[0].request(request, { source });
        assert.equal(s.status, 200);
        assert.ok(["v1", "v2", "v3"].includes(forwardedTag(s)!), String(forwardedTag(s)));
      }
    }
  });
});
