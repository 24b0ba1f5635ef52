// The auth filter's decisions on the host emulator: two worker VMs, a controlled clock, a scripted JWKS server and
// external auth service. What needs real Envoy (routing, real peers, timing) is proven in tests/e2e/auth_*.test.ts.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost, type HttpCallReply, type HttpStream, type Plugin } from "../../harness/emulator/index.js";
import { ALGORITHMS, AuthKeys, JWKS_PATH, authHttpConfig, authKeys, basicAuth, mint } from "../../harness/scenarios/auth.js";

interface Loaded {
  host: EmulatedHost;
  vm: Plugin;
  jwksFetches: () => number;
  setJwks: (jwks: object) => void;
}

async function load(keys: AuthKeys, configuration: object = authHttpConfig(keys)): Promise<Loaded> {
  let jwks: object = { keys: [keys.remote[0].jwk] };
  let fetches = 0;
  const host = new EmulatedHost({
    startTime: Date.now(),
    upstream: () => ({ status: 200, body: "from upstream" }),
    clusters: {
      jwks: { http: (call) => (call.path === JWKS_PATH && fetches++, { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(jwks) }) },
      ext_authz: {
        http: (call): HttpCallReply | undefined => {
          const authorization = call.headers.get("authorization") ?? "";
          const allow = /^Ext allow:(\S+)$/.exec(authorization);
          if (allow) return { status: 200, headers: { "x-auth-consumer": allow[1], "x-ext-tenant": "t-" + allow[1] } };
          if (authorization === "Ext slow") return undefined;
          return { status: 403, headers: { "content-type": "application/json" }, body: "{\"error\":\"no\"}" };
        },
      },
      dead: {},
    },
  });
  const vm = await host.loadPlugin(wasmPath("auth"), { name: "auth", vmId: "auth", configuration });
  assert.ok(vm.configured, vm.logs.map((l) => l.message).join("\n"));
  return { host, vm, jwksFetches: () => fetches, setJwks: (next) => (jwks = next) };
}

const upstreamHeader = (s: HttpStream, name: string) => s.upstream?.headers.get(name) ?? null;
const challenge = (s: HttpStream) => s.response?.headers.getAll("www-authenticate") ?? [];
/** The emulator's wall clock in seconds: it moves only with host.advance, so tokens are timed against it. */
const hostNow = (host: EmulatedHost) => Number(host.clock.realtimeNs() / 1_000_000_000n);
const body = (s: HttpStream) => JSON.parse(s.response?.text ?? "{}") as { error: string; message: string };

describe("auth on the host emulator", () => {
  let keys: AuthKeys;
  let env: Loaded;
  before(async () => {
    keys = await authKeys();
    env = await load(keys);
  });

  it("API keys: header, prefixed Authorization and query; unknown and conflicting keys are 401 with a Key challenge", () => {
    const vm = env.vm;
    const headerSets: Record<string, string>[] = [{ "x-api-key": "alice-key-1" }, { authorization: "ApiKey alice-key-2" }];
    for (const headers of headerSets) {
      const s = vm.request({ path: "/key/x", headers });
      assert.equal(s.status, 200);
      assert.equal(upstreamHeader(s, "x-auth-consumer"), "alice");
      assert.equal(upstreamHeader(s, "x-auth-provider"), "keys");
    }
    assert.equal(upstreamHeader(vm.request({ path: "/key/x?api_key=bob-key" }), "x-auth-consumer"), "bob");
    const same = vm.request({ path: "/key/x?api_key=bob-key", headers: { "x-api-key": "bob-key" } });
    assert.equal(same.status, 200);
    const unknown = vm.request({ path: "/key/x", headers: { "x-api-key": "nope" } });
    assert.equal(unknown.status, 401);
    assert.deepEqual(challenge(unknown), ['Key realm="demo"']);
    assert.deepEqual(body(unknown), { error: "invalid_credentials", message: "unknown API key" });
    const two = vm.request({ path: "/key/x?api_key=bob-key", headers: { "x-api-key": "alice-key-1" } });
    assert.equal(two.status, 401);
    assert.equal(body(two).message, "more than one API key");
    const twice = vm.request({ path: "/key/x", headers: [["x-api-key", "alice-key-1"], ["x-api-key", "bob-key"]] });
    assert.equal(twice.status, 401);
    assert.equal(body(twice).message, "more than one API key");
    const missing = vm.request({ path: "/key/x" });
    assert.equal(missing.status, 401);
    assert.deepEqual(body(missing), { error: "missing_credentials", message: "credentials are missing" });
  });

  it("Basic: SHA-256 hex and htpasswd {SHA}; a wrong password or user is 401 with a Basic challenge", () => {
    const vm = env.vm;
    assert.equal(upstreamHeader(vm.request({ path: "/basic/", headers: { authorization: basicAuth("carol", "carol-password") } }), "x-auth-consumer"), "carol");
    assert.equal(upstreamHeader(vm.request({ path: "/basic/", headers: { authorization: basicAuth("dave", "dave-password") } }), "x-auth-consumer"), "dave");
    for (const authorization of [basicAuth("carol", "wrong"), basicAuth("eve", "carol-password"), "Basic !!!", "Basic " + Buffer.from("nocolon").toString("base64")]) {
      const s = vm.request({ path: "/basic/", headers: { authorization } });
      assert.equal(s.status, 401, authorization);
      assert.deepEqual(challenge(s), ['Basic realm="demo"']);
    }
  });

  it("spoofed x-auth-* and mapped claim headers never reach the upstream, on public paths too; absent ones cost no edit", () => {
    const vm = env.vm;
    const spoofed = { "x-auth-consumer": "admin", "x-auth-provider": "forged", "x-user-email": "forged@x", "x-auth-anything": "1" };
    const onPublic = vm.request({ path: "/public/page", headers: spoofed });
    assert.equal(onPublic.status, 200);
    for (const name of Object.keys(spoofed)) assert.equal(upstreamHeader(onPublic, name), null, name);
    const withKey = vm.request({ path: "/key/x", headers: { ...spoofed, "x-api-key": "bob-key" } });
    assert.equal(upstreamHeader(withKey, "x-auth-consumer"), "bob");
    assert.equal(upstreamHeader(withKey, "x-auth-provider"), "keys");
    assert.equal(upstreamHeader(withKey, "x-user-email"), null);
    assert.equal(upstreamHeader(withKey, "x-auth-anything"), null);
    // A public request without identity headers is not edited at all (Envoy 1.40 would re-select the route).
    assert.equal(vm.request({ path: "/public/page" }).requestHeaderEdits, 0);
    // An allowed request: consumer and provider added, nothing else.
    assert.equal(vm.request({ path: "/key/x", headers: { "x-api-key": "bob-key" } }).requestHeaderEdits, 2);
    // A spoofed consumer is replaced in place: still two edits.
    assert.equal(vm.request({ path: "/key/x", headers: { "x-api-key": "bob-key", "x-auth-consumer": "admin" } }).requestHeaderEdits, 2);
  });

  it("rules: exact path, prefix, method, host, default rule, allow lists (403 for a valid but unlisted consumer)", () => {
    const vm = env.vm;
    assert.equal(vm.request({ path: "/orders/1" }).status, 200);
    assert.equal(vm.request({ path: "/orders/1", method: "POST" }).status, 401);
    assert.equal(vm.request({ path: "/orders/1", method: "POST", headers: { "x-api-key": "bob-key" } }).status, 200);
    assert.equal(vm.request({ path: "/admin", headers: { "x-api-key": "alice-key-1" } }).status, 200);
    const bob = vm.request({ path: "/admin", headers: { "x-api-key": "bob-key" } });
    assert.equal(bob.status, 403);
    assert.deepEqual(body(bob), { error: "forbidden", message: "'bob' is not allowed here" });
    assert.deepEqual(challenge(bob), []);
    assert.equal(vm.request({ path: "/admin", headers: { authorization: basicAuth("carol", "carol-password") } }).status, 200);
    // "/admin/x" is not the exact path "/admin": the default rule takes it, where bob is fine.
    assert.equal(vm.request({ path: "/admin/x", headers: { "x-api-key": "bob-key" } }).status, 200);
    const hostRule = vm.request({ path: "/anything", authority: "Admin.Example.com:8443", headers: { "x-api-key": "bob-key" } });
    assert.equal(hostRule.status, 401);
    assert.deepEqual(challenge(hostRule), ['Basic realm="demo"']);
    // The default rule accepts any of keys, users, idp; with none, every challenge is offered.
    const missing = vm.request({ path: "/somewhere" });
    assert.equal(missing.status, 401);
    assert.deepEqual(challenge(missing), ['Key realm="demo"', 'Basic realm="demo"', 'Bearer realm="demo"']);
  });

  it("JWT: every algorithm verifies; claims become headers; scope, groups and nested claims authorize", async () => {
    const vm = env.vm;
    for (const alg of ALGORITHMS) {
      const token = await mint(keys.byAlg[alg], { sub: `sub-${alg}`, email: "a@example.com", org: { id: "org-7" } });
      const s = vm.request({ path: "/jwt/x", headers: { authorization: `Bearer ${token}` } });
      assert.equal(s.status, 200, `${alg}: ${s.response?.text}`);
      assert.equal(upstreamHeader(s, "x-auth-consumer"), `sub-${alg}`);
      assert.equal(upstreamHeader(s, "x-auth-provider"), "idp");
      assert.equal(upstreamHeader(s, "x-auth-org"), "org-7");
      assert.equal(upstreamHeader(s, "x-user-email"), "a@example.com");
      assert.equal(upstreamHeader(s, "authorization"), `Bearer ${token}`);
    }
    const allowed = await mint(keys.byAlg.ES256, { scope: "orders:read orders:write", groups: ["users", "admins"], org: { tier: "gold" } });
    assert.equal(vm.request({ path: "/scoped/x", headers: { authorization: `Bearer ${allowed}` } }).status, 200);
    for (const claims of [
      { scope: "orders:read", groups: ["admins"], org: { tier: "gold" } },
      { scope: "orders:write", groups: ["users"], org: { tier: "gold" } },
      { scope: "orders:write", groups: ["admins"], org: { tier: "silver" } },
      { scope: "orders:write", groups: "admins", org: { tier: "gold" } },
    ]) {
      const token = await mint(keys.byAlg.ES256, claims);
      assert.equal(vm.request({ path: "/scoped/x", headers: { authorization: `Bearer ${token}` } }).status, 403, JSON.stringify(claims));
    }
  });

  it("JWT sources: a named header, a query parameter, a cookie; forward_token false strips the Authorization header", async () => {
    const vm = env.vm;
    const token = await mint(keys.byAlg.RS256);
    assert.equal(vm.request({ path: "/jwt/x", headers: { "x-token": token } }).status, 200);
    assert.equal(vm.request({ path: `/jwt/x?access_token=${token}` }).status, 200);
    assert.equal(vm.request({ path: "/jwt/x", headers: { cookie: `theme=dark; session=${token}` } }).status, 200);
    const stripped = vm.request({ path: "/strip/x", headers: { authorization: `Bearer ${token}` } });
    assert.equal(stripped.status, 200);
    assert.equal(upstreamHeader(stripped, "authorization"), null);
  });

  it("JWT refusals: expired, not yet valid (with skew), wrong issuer and audience, bad signature, unknown kid, attacks", async () => {
    const vm = env.vm;
    const now = hostNow(env.host);
    const rs = keys.byAlg.RS256;
    const expect401 = async (token: string, description: RegExp, error = "invalid_credentials") => {
      const s = vm.request({ path: "/jwt/x", headers: { authorization: `Bearer ${token}` } });
      assert.equal(s.status, 401, `${token.slice(0, 60)}: ${s.response?.text}`);
      assert.equal(body(s).error, error);
      assert.match(body(s).message, description);
      const [www] = challenge(s);
      assert.match(www, /^Bearer realm="demo", error="invalid_token", error_description="/);
      assert.equal(s.upstream, undefined);
    };
    await expect401(await mint(rs, { exp: now - 61 }), /expired/, "token_expired");
    assert.equal(vm.request({ path: "/jwt/x", headers: { authorization: `Bearer ${await mint(rs, { exp: now - 30 })}` } }).status, 200);
    await expect401(await mint(rs, { nbf: now + 120 }), /not valid yet/, "token_not_yet_valid");
    assert.equal(vm.request({ path: "/jwt/x", headers: { authorization: `Bearer ${await mint(rs, { nbf: now + 30 })}` } }).status, 200);
    await expect401(await mint(rs, { iss: "https://evil.example.com" }), /issuer/);
    await expect401(await mint(rs, { aud: "someone-else" }), /audience/);
    await expect401(await mint(rs, { aud: undefined }), /audience/);
    assert.equal(vm.request({ path: "/jwt/x", headers: { authorization: `Bearer ${await mint(rs, { aud: ["x", "other-api"] })}` } }).status, 200);
    await expect401(await mint(keys.strangers.RS256), /signature/);
    await expect401(await mint(rs, {}, { kid: "no-such-kid" }), /no key/);
    const [h, p] = (await mint(rs)).split(".");
    await expect401(`${h}.${Buffer.from(JSON.stringify({ iss: "x", sub: "admin" })).toString("base64url")}.${(await mint(rs)).split(".")[2]}`, /signature/);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    await expect401(`${b64({ alg: "none", typ: "JWT" })}.${p}.`, /algorithm 'none'/);
    await expect401(await mint(rs, {}, { header: { "x-policy": 1 }, critical: ["x-policy"] }), /critical/);
    await expect401("not-a-token", /compact JWS/);
    await expect401(`${h}.${p}`, /compact JWS/);
    await expect401(`${h}.@@@.${p}`, /payload/);
    await expect401(`${h}.${Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString("base64url")}.AA`, /payload/);
    // HS256 signed with the RSA public key as the HMAC secret: the RSA key never verifies HS256.
    const { createHmac } = await import("node:crypto");
    const confusedHeader = b64({ alg: "HS256", kid: rs.kid });
    const secret = JSON.stringify(rs.jwk);
    const mac = createHmac("sha256", secret).update(`${confusedHeader}.${p}`).digest("base64url");
    await expect401(`${confusedHeader}.${p}.${mac}`, /no key/);
    // jku, x5u and an embedded jwk are never used to find a key.
    const attacker = keys.strangers.ES256;
    await expect401(await mint(attacker, {}, { kid: keys.byAlg.ES256.kid, header: { jwk: attacker.jwk, jku: "https://evil/jwks", x5u: "https://evil/cert" } }), /signature/);
    // An oversized token is a 401, not a trap.
    await expect401(await mint(rs, { pad: "x".repeat(9000) }), /larger than 8192/);
    // Garbage in every part never traps the VM.
    for (const junk of ["..", "a.b.c", "e30.e30.", `${b64({ alg: "RS256" })}.${b64([])}.AA`, `${b64({ alg: 5 })}.${p}.AA`, `${b64({ alg: "RS256", kid: 7 })}.${p}.AA`]) {
      assert.equal(vm.request({ path: "/jwt/x", headers: { authorization: `Bearer ${junk}` } }).status, 401, junk);
    }
  });

  it("the token cache: a repeated token is a cache hit, still checked against exp on every use", async () => {
    const { host, vm } = await load(keys);
    const now = hostNow(host);
    const token = await mint(keys.byAlg.PS256, { exp: now + 5 });
    const send = () => vm.request({ path: "/jwt/x", headers: { authorization: `Bearer ${token}` } });
    assert.equal(send().status, 200);
    assert.equal(send().status, 200);
    assert.equal(host.metric("auth.token_cache.hits"), 1);
    host.advance(70_000);
    const late = send();
    assert.equal(late.status, 401);
    assert.equal(body(late).error, "token_expired");
    assert.equal(host.metric("auth.token_cache.hits"), 2);
  });

  it("the Basic credential cache: a repeated credential is a hit; a wrong password for the same user never is", async () => {
    const { host, vm } = await load(keys);
    const send = (authorization: string) => vm.request({ path: "/basic/", headers: { authorization } });
    const carol = basicAuth("carol", "carol-password");
    assert.equal(upstreamHeader(send(carol), "x-auth-consumer"), "carol");
    assert.equal(host.metric("auth.basic_cache.hits"), 0);
    assert.equal(upstreamHeader(send(carol), "x-auth-consumer"), "carol");
    assert.equal(upstreamHeader(send(carol), "x-auth-consumer"), "carol");
    assert.equal(host.metric("auth.basic_cache.hits"), 2);
    for (const wrong of [basicAuth("carol", "carol-passwore"), basicAuth("carol", "carol-password "), basicAuth("Carol", "carol-password")]) {
      assert.equal(send(wrong).status, 401, wrong);
      assert.equal(send(wrong).status, 401, wrong);
    }
    assert.equal(host.metric("auth.basic_cache.hits"), 2);
    assert.equal(host.metric("auth.token_cache.hits"), 0);
  });

  it("all_of needs every provider; the identity comes from the first, provider names are joined", async () => {
    const vm = env.vm;
    const token = await mint(keys.byAlg.EdDSA, { sub: "jwt-user" });
    const both = vm.request({ path: "/both/x", headers: { "x-api-key": "alice-key-1", authorization: `Bearer ${token}` } });
    assert.equal(both.status, 200);
    assert.equal(upstreamHeader(both, "x-auth-consumer"), "alice");
    assert.equal(upstreamHeader(both, "x-auth-provider"), "keys,idp");
    const onlyKey = vm.request({ path: "/both/x", headers: { "x-api-key": "alice-key-1" } });
    assert.equal(onlyKey.status, 401);
    assert.deepEqual(challenge(onlyKey), ['Bearer realm="demo"']);
  });

  it("external auth: 2xx allows with its headers; a refusal is passed on as it came; a timeout follows the failure mode", () => {
    const { host, vm } = env;
    const allowed = vm.request({ path: "/ext/doc?q=1", headers: { authorization: "Ext allow:erin", "x-ext-tenant": "forged", "x-other": "1" } });
    assert.equal(allowed.status, 200);
    assert.equal(upstreamHeader(allowed, "x-auth-consumer"), "erin");
    assert.equal(upstreamHeader(allowed, "x-ext-tenant"), "t-erin");
    assert.equal(upstreamHeader(allowed, "x-auth-provider"), "ext");
    const call = vm.httpCalls.at(-1)!;
    assert.equal(call.path, "/check/ext/doc?q=1");
    assert.equal(call.headers.get("x-other"), null);
    const denied = vm.request({ path: "/ext/doc", headers: { authorization: "Ext deny" } });
    assert.equal(denied.status, 403);
    assert.equal(denied.response?.text, "{\"error\":\"no\"}");
    assert.equal(denied.upstream, undefined);
    const slow = vm.request({ path: "/ext/doc", headers: { authorization: "Ext slow" } });
    host.advance(600);
    assert.equal(slow.status, 503);
    assert.equal(body(slow).error, "auth_unavailable");
    const open = vm.request({ path: "/ext-open/doc", headers: { authorization: "Ext slow" } });
    host.advance(400);
    assert.equal(open.status, 200);
    assert.equal(upstreamHeader(open, "x-auth-failure-mode-allowed"), "true");
    // any_of tries the API key first: no call when it succeeds.
    const calls = vm.httpCalls.length;
    assert.equal(vm.request({ path: "/key-or-ext/", headers: { "x-api-key": "bob-key" } }).status, 200);
    assert.equal(vm.httpCalls.length, calls);
  });

  it("remote JWKS: fetched on first need, refetched for an unknown kid at most once per min_refetch_seconds; unreachable fails closed", async () => {
    const { host, vm, jwksFetches, setJwks } = await load(keys);
    const first = await mint(keys.remote[0], { iss: "https://remote-idp.example.com" });
    const s = vm.request({ path: "/remote/x", headers: { authorization: `Bearer ${first}` } });
    assert.equal(s.status, 200, s.response?.text);
    assert.equal(jwksFetches(), 1);
    const rotated = await mint(keys.remote[1], { iss: "https://remote-idp.example.com" });
    setJwks({ keys: [keys.remote[1].jwk] });
    host.advance(1000);
    const fetchesBefore = jwksFetches();
    assert.equal(vm.request({ path: "/remote/x", headers: { authorization: `Bearer ${rotated}` } }).status, 200);
    assert.equal(jwksFetches(), fetchesBefore + 1);
    // The old key is gone from the new set: its token no longer verifies, even though it was cached.
    assert.equal(vm.request({ path: "/remote/x", headers: { authorization: `Bearer ${first}` } }).status, 401);
    const unreachable = vm.request({ path: "/unreachable/x", headers: { authorization: `Bearer ${first}` } });
    host.advance(300);
    assert.equal(unreachable.status, 401);
    assert.equal(body(unreachable).error, "auth_unavailable");
  });
});

describe("auth remote JWKS timing on the host emulator", () => {
  it("requests needing keys while a fetch is out wait for it: one fetch answers them all", async () => {
    const keys = await authKeys();
    const host = new EmulatedHost({ startTime: Date.now(), upstream: () => ({ status: 200 }), clusters: ["jwks", "ext_authz", "dead"] });
    const vm = await host.loadPlugin(wasmPath("auth"), { name: "auth", vmId: "auth", configuration: authHttpConfig(keys) });
    const token = await mint(keys.remote[0], { iss: "https://remote-idp.example.com" });
    const first = vm.request({ path: "/remote/a", headers: { authorization: `Bearer ${token}` } });
    const second = vm.request({ path: "/remote/b", headers: { authorization: `Bearer ${token}` } });
    assert.equal(first.status, undefined);
    assert.equal(second.status, undefined);
    const fetches = vm.httpCalls.filter((c) => c.path === JWKS_PATH);
    assert.equal(fetches.length, 1);
    assert.equal(fetches[0].path, "/.well-known/jwks.json");
    host.run(() => fetches[0].respond({ status: 200, body: JSON.stringify({ keys: [keys.remote[0].jwk] }) }));
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.upstream?.headers.get("x-auth-provider"), "remote");
  });

  it("ticks refresh the key set on the period; a failed refresh keeps the keys in hand", async () => {
    const keys = await authKeys();
    let failing = false;
    let fetches = 0;
    const host = new EmulatedHost({
      startTime: Date.now(),
      upstream: () => ({ status: 200 }),
      clusters: {
        jwks: { http: (call) => (call.path === JWKS_PATH && fetches++, failing ? { status: 500, body: "down" } : { status: 200, body: JSON.stringify({ keys: [keys.remote[0].jwk] }) }) },
        ext_authz: {},
        dead: {},
      },
    });
    const config = authHttpConfig(keys);
    const remote = config.providers.find((p) => p.name === "remote") as { remote_jwks: { refresh_seconds: number } };
    remote.remote_jwks.refresh_seconds = 60;
    const vm = await host.loadPlugin(wasmPath("auth"), { name: "auth", vmId: "auth", configuration: config });
    host.advance(500);
    assert.equal(fetches, 1);
    host.advance(30_000);
    assert.equal(fetches, 1);
    failing = true;
    host.advance(30_000);
    assert.equal(fetches, 2);
    // A failing server is retried at most once per min_refetch_seconds (1 s here), not on every 500 ms tick.
    host.advance(600);
    assert.equal(fetches, 2);
    assert.ok(vm.logs.some((l) => l.level === "warn" && l.message.includes("provider 'remote': JWKS fetch answered 500 (keeping the keys in hand)")));
    const token = await mint(keys.remote[0], { iss: "https://remote-idp.example.com" });
    assert.equal(vm.request({ path: "/remote/x", headers: { authorization: `Bearer ${token}` } }).status, 200);
  });
});
