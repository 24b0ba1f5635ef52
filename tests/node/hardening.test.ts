// The hardening decisions of the HTTP filters on the host emulator (the tables; every item is also proven in Envoy
// by tests/e2e/hardening_*.test.ts): route-meta leaves exactly one tag, or none; auth refuses two API keys from any
// source that repeats; paths are matched canonical and ambiguous ones refused; hosts keep their port; '_' spellings of
// protected headers never reach the upstream; ratelimit keys on exact bytes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost, type HttpStream, type Plugin } from "../../harness/emulator/index.js";

async function load(filter: string, configuration: object): Promise<{ host: EmulatedHost; vm: Plugin }> {
  const host = new EmulatedHost({ upstream: () => ({ status: 200, body: "ok" }) });
  const vm = await host.loadPlugin(wasmPath(filter), { name: filter, configuration });
  assert.ok(vm.configured, vm.logs.map((line) => line.message).join("\n"));
  return { host, vm };
}

const tags = (stream: HttpStream) => stream.upstream!.headers.getAll("x-route-tag");
const KEYS = { name: "keys", type: "api_key", sources: [{ header: "x-api-key" }, { query: "api_key" }, { cookie: "api_key" }], consumers: [{ name: "alice", keys: ["alice-key"] }, { name: "bob", keys: ["bob-key"] }] };

describe("hardening on the host emulator", () => {
  it("route-meta, recompute: a repeated tag header leaves as exactly one value, the decided one", async () => {
    const { vm } = await load("route-meta", { recompute: true, default_tag: "v1", rules: [{ name: "testers", tag: "v2", conditions: [{ source: "header", name: "x-tester", op: "equal", value: "true" }] }] });
    assert.deepEqual(tags(vm.request({ path: "/", headers: { "x-route-tag": ["v1", "v2"] } })), ["v1"]);
    assert.deepEqual(tags(vm.request({ path: "/", headers: { "x-route-tag": ["v2", "v1"], "x-tester": "true" } })), ["v2"]);
    assert.deepEqual(tags(vm.request({ path: "/", headers: { "x-route-tag": "v2" } })), ["v1"]);
    const single = vm.request({ path: "/", headers: { "x-route-tag": "v1" } });
    assert.deepEqual(tags(single), ["v1"]);
    assert.equal(single.requestHeaderEdits, 0, "the one right value is not written again");
  });

  it("route-meta, recompute without default_tag: an undecided request leaves without the client's tag", async () => {
    const { host, vm } = await load("route-meta", { recompute: true, rules: [{ name: "testers", tag: "v2", conditions: [{ source: "header", name: "x-tester", op: "present" }] }] });
    const stream = vm.request({ path: "/", headers: { "x-route-tag": ["v2", "v3"] } });
    assert.deepEqual(tags(stream), []);
    assert.equal(host.metric("route_meta.untagged"), 1);
    assert.equal(host.metric("route_meta.client_tag_removed"), 1);
    assert.deepEqual(tags(vm.request({ path: "/", headers: { "x-tester": "1", "x-route-tag": "v9" } })), ["v2"]);
    // Without recompute the filter keeps a client's tag: it is only the edge that owns the header.
    const { vm: mesh } = await load("route-meta", { rules: [{ name: "testers", tag: "v2", conditions: [{ source: "header", name: "x-tester", op: "present" }] }] });
    assert.deepEqual(tags(mesh.request({ path: "/", headers: { "x-route-tag": "v3" } })), ["v3"]);
  });

  it("route-meta, recompute: '_' spellings of the tag header are removed", async () => {
    const { vm } = await load("route-meta", { recompute: true, default_tag: "v1" });
    const stream = vm.request({ path: "/", headers: { x_route_tag: "v2", "x-route_tag": "v3" } });
    assert.deepEqual(tags(stream), ["v1"]);
    assert.equal(stream.upstream!.headers.get("x_route_tag"), null);
    assert.equal(stream.upstream!.headers.get("x-route_tag"), null);
  });

  it("auth: two different API keys from any source that repeats are a 401; the same key twice is fine", async () => {
    const { vm } = await load("auth", { providers: [KEYS], default_rule: { any_of: ["keys"] } });
    const cases: [string, Record<string, string | string[]>, number][] = [
      ["/orders?api_key=alice-key&api_key=bob-key", {}, 401],
      ["/orders?api_key=alice-key&api_key=alice-key", {}, 200],
      ["/orders", { cookie: "api_key=alice-key; api_key=bob-key" }, 401],
      ["/orders", { cookie: ["api_key=alice-key", "api_key=bob-key"] }, 401],
      ["/orders", { "x-api-key": ["alice-key", "bob-key"] }, 401],
      ["/orders?api_key=bob-key", { "x-api-key": "alice-key" }, 401],
      ["/orders?api_key=alice-key", { cookie: "api_key=alice-key", "x-api-key": "alice-key" }, 200],
    ];
    for (const [path, headers, status] of cases) {
      const stream = vm.request({ path, headers });
      assert.equal(stream.status, status, `${path} ${JSON.stringify(headers)}`);
      if (status === 401) assert.match(new TextDecoder().decode(stream.response!.body), /more than one API key/);
    }
  });

  it("auth: two different bearer tokens in repeated Authorization headers are a 401", async () => {
    const { vm } = await load("auth", {
      providers: [{ name: "idp", type: "jwt", issuer: "https://idp.example", jwks: JSON.stringify({ keys: [{ kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYg", alg: "HS256" }] }) }],
      default_rule: { any_of: ["idp"] },
    });
    const stream = vm.request({ path: "/", headers: { authorization: ["Bearer a.b.c", "Bearer d.e.f"] } });
    assert.equal(stream.status, 401);
    assert.match(stream.response!.headers.get("www-authenticate") ?? "", /more than one token/);
  });

  it("auth: rules see the canonical path; a segment-aware prefix does not take /administrator", async () => {
    const { host, vm } = await load("auth", {
      providers: [KEYS],
      rules: [{ match: { path_separated_prefix: "/admin" }, any_of: ["keys"], allow: { consumers: ["alice"] } }, { match: { path_prefix: "/public/" }, public: true }],
      default_rule: { any_of: ["keys"] },
    });
    const bob = { "x-api-key": "bob-key" };
    assert.equal(vm.request({ path: "/admin", headers: bob }).status, 403);
    assert.equal(vm.request({ path: "/admin/users", headers: bob }).status, 403);
    assert.equal(vm.request({ path: "/administrator", headers: bob }).status, 200);
    for (const path of ["/public/../admin/users", "//admin/users", "/./admin/users", "/%61dmin/users", "/admin;x/users"]) {
      assert.equal(vm.request({ path, headers: bob }).status, 403, path);
      assert.equal(vm.request({ path }).status, 401, `${path} without a key`);
    }
    for (const path of ["/public/%2e%2e/admin/users", "/admin%2Fusers", "/admin\\users", "/a%00", "/a%zz"]) assert.equal(vm.request({ path }).status, 400, path);
    assert.equal(host.metric("auth.denied.invalid_path"), 5);
  });

  it("auth: a host rule keeps the port as Envoy's virtual host match does; a trailing dot is refused", async () => {
    const { host, vm } = await load("auth", {
      providers: [KEYS],
      rules: [{ match: { hosts: ["status.example.com"] }, public: true }, { match: { hosts: ["partner.example.com", "partner.example.com:*"] }, any_of: ["keys"], allow: { consumers: ["alice"] } }],
      default_rule: { any_of: ["keys"] },
    });
    assert.equal(vm.request({ path: "/", authority: "status.example.com" }).status, 200);
    assert.equal(vm.request({ path: "/", authority: "STATUS.example.com" }).status, 200);
    assert.equal(vm.request({ path: "/", authority: "status.example.com:8080" }).status, 401);
    assert.equal(vm.request({ path: "/", authority: "partner.example.com:8443", headers: { "x-api-key": "bob-key" } }).status, 403);
    const dotted = vm.request({ path: "/", authority: "partner.example.com.", headers: { "x-api-key": "bob-key" } });
    assert.equal(dotted.status, 400);
    assert.equal(JSON.parse(new TextDecoder().decode(dotted.response!.body)).error, "invalid_host");
    assert.equal(host.metric("auth.denied.invalid_host"), 1);
  });

  it("auth: '_' spellings of protected headers are removed on public and authenticated paths", async () => {
    const { vm } = await load("auth", { providers: [KEYS], rules: [{ match: { path_prefix: "/public/" }, public: true }], default_rule: { any_of: ["keys"] } });
    for (const [path, headers] of [["/public/x", {}], ["/orders", { "x-api-key": "alice-key" }]] as const) {
      const stream = vm.request({ path, headers: { ...headers, x_auth_consumer: "root", "x-auth_provider": "forged", x_auth_anything: "1" } });
      assert.equal(stream.status, 200);
      const names = stream.upstream!.headers.pairs().map(([name]) => name);
      for (const forged of ["x_auth_consumer", "x-auth_provider", "x_auth_anything"]) assert.ok(!names.includes(forged), `${path}: ${forged} removed`);
      assert.equal(stream.upstream!.headers.get("x-auth-consumer"), path === "/orders" ? "alice" : null);
    }
  });

  it("ratelimit: path prefixes match the canonical path, and an ambiguous path is refused", async () => {
    const { host, vm } = await load("ratelimit", { rules: [{ name: "admin", match: { path_prefixes: ["/admin/"] }, limit: { requests: 1, per: "hour" } }] });
    assert.equal(vm.request({ path: "/admin/a" }).status, 200);
    assert.equal(vm.request({ path: "//admin/b" }).status, 429);
    assert.equal(vm.request({ path: "/public/../admin/c" }).status, 429);
    assert.equal(vm.request({ path: "/admin%2Fd" }).status, 400);
    assert.equal(host.metric("ratelimit.invalid_path"), 1);
  });

  it("route-meta: path conditions see the canonical path, and an ambiguous path is refused", async () => {
    const { host, vm } = await load("route-meta", { default_tag: "v1", rules: [{ name: "beta", tag: "v2", conditions: [{ source: "path", op: "prefix", value: "/beta/" }] }] });
    assert.deepEqual(tags(vm.request({ path: "/x/../beta/page" })), ["v2"]);
    const refused = vm.request({ path: "/beta/%2e%2e/x" });
    assert.equal(refused.status, 400);
    assert.equal(refused.upstream, undefined);
    assert.equal(host.metric("route_meta.invalid_path"), 1);
  });
});
