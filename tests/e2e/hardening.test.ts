// Issue 17's attacks through a real Envoy (--concurrency 2), each filter configured as its README shows, behind a
// listener as most users write it (Envoy's defaults: no path normalization, ports and trailing dots kept,
// underscores allowed) and behind the hardened one the READMEs recommend. Requests are written byte for byte.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CAROL_PASSWORD, type HardeningScenario, type ListenerKind, startHardeningScenario } from "../../harness/scenarios/hardening.js";
import { wasmVmFailure } from "../../harness/testing.js";
import { type RawHeader, type RawResponse, rawRequest } from "../shared/raw_http.js";

const KINDS: ListenerKind[] = ["default", "hardened"];
const upstreamOf = (response: RawResponse) => response.headers.get("x-upstream")?.[0] ?? null;
const seen = (response: RawResponse) => JSON.parse(response.body) as { path: string; headers: Record<string, string | string[]> };

describe("hardening in Envoy: default and hardened listeners", () => {
  let scenario: HardeningScenario;
  before(async () => {
    scenario = await startHardeningScenario();
  });
  after(async () => {
    const failure = wasmVmFailure(scenario.envoy.log());
    await scenario.stop();
    assert.equal(failure, undefined);
  });
  const send = (filter: Parameters<HardeningScenario["port"]>[0], kind: ListenerKind, target: string, headers: readonly RawHeader[] = [], host?: string) =>
    rawRequest(scenario.port(filter, kind), "GET", target, headers, host);

  it("1. route-meta, recompute: two x-route-tag lines leave as exactly the decided tag, and route by it", async () => {
    for (const kind of KINDS) {
      for (const lines of [[["x-route-tag", "v1"], ["x-route-tag", "v2"]], [["x-route-tag", "v2"], ["x-route-tag", "v1"]], [["x-route-tag", "v2"]]] as const) {
        const answer = await send("edge", kind, "/", lines);
        assert.equal(answer.status, 200);
        assert.equal(upstreamOf(answer), "v1", `${kind} ${JSON.stringify(lines)}`);
        assert.equal(seen(answer).headers["x-route-tag"], "v1");
      }
      const tester = await send("edge", kind, "/", [["x-route-tag", "v1"], ["x-route-tag", "v1"], ["x-tester", "true"]]);
      assert.deepEqual([upstreamOf(tester), seen(tester).headers["x-route-tag"]], ["v2", "v2"]);
    }
  });

  it("2. route-meta, recompute without default_tag: an undecided request loses the client's tag", async () => {
    for (const kind of KINDS) {
      const answer = await send("edge_no_default", kind, "/", [["x-route-tag", "v2"]]);
      assert.equal(upstreamOf(answer), "v1", kind);
      assert.equal(seen(answer).headers["x-route-tag"], undefined);
    }
    assert.ok((await scenario.envoy.admin.stat("wasmcustom.route_meta.client_tag_removed")) >= 2);
  });

  it("3. auth: two different api_key parameters, or a parameter and a header, are a 401", async () => {
    for (const kind of KINDS) {
      assert.equal((await send("auth", kind, "/orders?api_key=alice-key&api_key=bob-key")).status, 401);
      assert.equal((await send("auth", kind, "/orders?api_key=bob-key", [["x-api-key", "alice-key"]])).status, 401);
      assert.equal((await send("auth", kind, "/orders", [["x-api-key", "alice-key"], ["x-api-key", "bob-key"]])).status, 401);
      const one = await send("auth", kind, "/orders?api_key=alice-key&api_key=alice-key");
      assert.equal(one.status, 200);
      assert.equal(seen(one).headers["x-auth-consumer"], "alice");
    }
  });

  it("4. paths: no shape of /admin reaches the upstream without credentials, on either listener", async () => {
    const attacks = ["/public/../admin/users", "/public/%2e%2e/admin/users", "//admin/users", "/./admin/users", "/%61dmin/users", "/admin%2Fusers", "/admin\\users", "/admin;x/users", "/public/..;/admin/users"];
    const before = scenario.upstreams.app.requests.length;
    for (const kind of KINDS) {
      for (const path of attacks) {
        const answer = await send("auth", kind, path);
        assert.notEqual(answer.status, 200, `${kind} ${path}`);
        assert.ok([400, 401].includes(answer.status), `${kind} ${path}: ${answer.status}`);
        // bob's key is valid but not allowed under /admin: every spelling is /admin to the filter.
        const bob = await send("auth", kind, path, [["x-api-key", "bob-key"]]);
        assert.ok([400, 403].includes(bob.status), `${kind} ${path} as bob: ${bob.status}`);
      }
      const allowed = await send("auth", kind, "/admin/users", [["x-api-key", "alice-key"]]);
      assert.equal(allowed.status, 200);
      assert.equal(seen(allowed).path, "/admin/users");
      assert.equal((await send("auth", kind, "/administrator", [["x-api-key", "bob-key"]])).status, 200, "path_separated_prefix: /administrator is not /admin");
    }
    assert.equal(scenario.upstreams.app.requests.length - before, 4, "only the four allowed requests reached the upstream");
    // The refusals on the default listener are the filter's (the hardened one normalizes or rejects first).
    const refused = await send("auth", "default", "/public/%2e%2e/admin/users");
    assert.equal(refused.status, 400);
    assert.equal(JSON.parse(refused.body).error, "invalid_path");
    assert.ok((await scenario.envoy.admin.stat("wasmcustom.auth.denied.invalid_path")) >= 1);
    // ratelimit's path_prefixes see the same canonical path: "/admin/" is limited however it is spelt.
    assert.equal((await send("ratelimit", "default", "/admin/a")).status, 200);
    assert.equal((await send("ratelimit", "default", "//admin/b")).status, 429);
    assert.equal((await send("ratelimit", "default", "/x/../admin/c")).status, 429);
    assert.equal((await send("ratelimit", "default", "/admin%2Fc")).status, 400);
  });

  it("5. hosts: a public rule for a host does not cover it with a port, and a trailing dot is refused", async () => {
    const status = await send("auth", "default", "/", [], "status.example.com");
    assert.deepEqual([status.status, upstreamOf(status)], [200, "status"]);
    // Envoy routes status.example.com:8080 to the catch-all, the application: the filter does not take it as public.
    const withPort = await send("auth", "default", "/", [], "status.example.com:8080");
    assert.equal(withPort.status, 401);
    // The hardened listener strips the port before the filter and the router: public, and routed to status.
    const stripped = await send("auth", "hardened", "/", [], "status.example.com:8080");
    assert.deepEqual([stripped.status, upstreamOf(stripped)], [200, "status"]);
    const dotted = await send("auth", "default", "/", [["x-api-key", "alice-key"]], "partner.example.com.");
    assert.equal(dotted.status, 400);
    assert.equal(JSON.parse(dotted.body).error, "invalid_host");
    // strip_trailing_host_dot: the partner rule applies (bob is not allowed there), then partner's route.
    assert.equal((await send("auth", "hardened", "/", [["x-api-key", "bob-key"]], "partner.example.com.")).status, 403);
    const partner = await send("auth", "hardened", "/", [["x-api-key", "alice-key"]], "partner.example.com.:8443");
    assert.deepEqual([partner.status, upstreamOf(partner)], [200, "partner"]);
  });

  it("6. header spellings: x_auth_consumer never reaches the upstream", async () => {
    for (const path of ["/public/page", "/orders"]) {
      const answer = await send("auth", "default", path, [["x_auth_consumer", "root"], ["x-auth_provider", "forged"], ["x-api-key", "alice-key"]]);
      assert.equal(answer.status, 200);
      const headers = seen(answer).headers;
      assert.equal(headers.x_auth_consumer, undefined, path);
      assert.equal(headers["x-auth_provider"], undefined, path);
    }
    // The hardened listener refuses a header name with an underscore before any filter sees it.
    assert.equal((await send("auth", "hardened", "/public/page", [["x_auth_consumer", "root"]])).status, 400);
    const edge = await send("edge", "default", "/", [["x_route_tag", "v2"]]);
    assert.deepEqual([upstreamOf(edge), seen(edge).headers.x_route_tag], ["v1", undefined]);
  });

  it("7. bytes that are not UTF-8 never read as ASCII: buckets, tags and credentials", async () => {
    // C0 8A and C1 8A both decode to two U+FFFD, yet are different bytes: each has its own bucket.
    const overlong = Buffer.from([0xc0, 0x8a]);
    assert.equal((await send("ratelimit", "default", "/user/a", [["x-user", overlong]])).status, 200);
    assert.equal((await send("ratelimit", "default", "/user/b", [["x-user", Buffer.from([0xc1, 0x8a])]])).status, 200);
    assert.equal((await send("ratelimit", "default", "/user/c", [["x-user", overlong]])).status, 429);
    // C1 B6 31 is no "v1": the tag header is written, and the request routes by the decided tag.
    const forged = await send("edge", "default", "/", [["x-route-tag", Buffer.from([0xc1, 0xb6, 0x31])]]);
    assert.deepEqual([upstreamOf(forged), seen(forged).headers["x-route-tag"]], ["v1", "v1"]);
    // C0 BA is no ':': such a Basic credential is malformed, not carol's.
    const credential = Buffer.concat([Buffer.from("carol"), Buffer.from([0xc0, 0xba]), Buffer.from(CAROL_PASSWORD)]).toString("base64");
    assert.equal((await send("auth", "default", "/orders", [["authorization", `Basic ${credential}`]])).status, 401);
    const carol = Buffer.from(`carol:${CAROL_PASSWORD}`).toString("base64");
    assert.equal((await send("auth", "default", "/orders", [["authorization", `Basic ${carol}`]])).status, 200);
  });
});
