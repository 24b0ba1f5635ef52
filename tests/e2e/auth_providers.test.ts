// API keys, Basic, rules, allow lists and identity headers in real Envoy at --concurrency 2: status, challenges,
// JSON bodies, what the upstream received, and the stats.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { basicAuth, send } from "../../harness/scenarios/auth.js";
import { useAuthScenario, type DenialBody } from "./auth_fixture.js";

describe("auth: API keys, Basic, rules and identity headers in Envoy", () => {
  const auth = useAuthScenario();
  const { test, stat } = auth;
  const url = (path: string) => auth.scenario.httpUrl + path;

  test("an API key from a header, a prefixed Authorization or the query identifies its consumer", async () => {
    const inits: { headers: Record<string, string> }[] = [{ headers: { "x-api-key": "alice-key-1" } }, { headers: { authorization: "ApiKey alice-key-2" } }];
    for (const init of inits) {
      const answer = await send(url("/key/orders"), init);
      assert.equal(answer.status, 200);
      assert.equal(answer.upstream?.["x-auth-consumer"], "alice");
      assert.equal(answer.upstream?.["x-auth-provider"], "keys");
    }
    assert.equal((await send(url("/key/orders?api_key=bob-key"))).upstream?.["x-auth-consumer"], "bob");
  });

  test("a missing, unknown or doubled API key is 401 with Key realm and a JSON body", async () => {
    const cases: [Record<string, string | string[]>, string, DenialBody][] = [
      [{}, "/key/x", { error: "missing_credentials", message: "credentials are missing" }],
      [{ "x-api-key": "guess" }, "/key/x", { error: "invalid_credentials", message: "unknown API key" }],
      [{ "x-api-key": "alice-key-1" }, "/key/x?api_key=bob-key", { error: "invalid_credentials", message: "more than one API key" }],
      [{ "x-api-key": ["alice-key-1", "bob-key"] }, "/key/x", { error: "invalid_credentials", message: "more than one API key" }],
    ];
    for (const [headers, path, expected] of cases) {
      const answer = await send(url(path), { headers });
      assert.equal(answer.status, 401, path);
      assert.equal(answer.headers.get("www-authenticate"), 'Key realm="demo"');
      assert.equal(answer.headers.get("content-type"), "application/json");
      assert.deepEqual(JSON.parse(answer.body), expected);
    }
  });

  test("Basic with a SHA-256 hash and with an htpasswd {SHA} hash; a wrong password is 401 with Basic realm", async () => {
    assert.equal((await send(url("/basic/"), { headers: { authorization: basicAuth("carol", "carol-password") } })).upstream?.["x-auth-consumer"], "carol");
    assert.equal((await send(url("/basic/"), { headers: { authorization: basicAuth("dave", "dave-password") } })).upstream?.["x-auth-consumer"], "dave");
    const wrong = await send(url("/basic/"), { headers: { authorization: basicAuth("carol", "dave-password") } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get("www-authenticate"), 'Basic realm="demo"');
  });

  test("a repeated Basic credential is served from the worker's credential cache; a wrong one never is", async () => {
    const before = await stat("basic_cache.hits");
    const carol = { headers: { authorization: basicAuth("carol", "carol-password") } };
    for (let i = 0; i < 6; i++) assert.equal((await send(url("/basic/"), carol)).upstream?.["x-auth-consumer"], "carol");
    // Each worker hashes the password once at most; the other requests are hits.
    const hits = (await stat("basic_cache.hits")) - before;
    assert.ok(hits >= 4 && hits <= 6, `hits ${hits}`);
    for (let i = 0; i < 4; i++) assert.equal((await send(url("/basic/"), { headers: { authorization: basicAuth("carol", "carol-passwore") } })).status, 401);
    assert.equal((await stat("basic_cache.hits")) - before, hits);
  });

  test("a spoofed x-auth-consumer (and every x-auth-* or mapped claim header) never reaches the upstream, on any path", async () => {
    const spoofed = { "x-auth-consumer": "root", "x-auth-provider": "forged", "x-auth-org": "forged", "x-user-email": "forged@example.com", "x-ext-tenant": "forged" };
    const paths: [string, Record<string, string>][] = [
      ["/public/page", {}],
      ["/orders/1", {}],
      ["/key/x", { "x-api-key": "bob-key" }],
      ["/basic/", { authorization: basicAuth("dave", "dave-password") }],
      ["/elsewhere", { "x-api-key": "bob-key" }],
    ];
    for (const [path, credentials] of paths) {
      const answer = await send(url(path), { headers: { ...spoofed, ...credentials } });
      assert.equal(answer.status, 200, path);
      const upstream = answer.upstream!;
      assert.notEqual(upstream["x-auth-consumer"], "root", path);
      assert.notEqual(upstream["x-auth-provider"], "forged", path);
      for (const name of ["x-auth-org", "x-user-email", "x-ext-tenant"]) assert.equal(upstream[name], undefined, `${name} on ${path}`);
    }
    // Spoofed requests that are refused never reach the upstream at all.
    assert.equal((await send(url("/key/x"), { headers: spoofed })).status, 401);
  });

  test("rules: exact path, prefix, method and host; first match wins; the default rule; no rule on the strict listener is 403", async () => {
    assert.equal((await send(url("/orders/7"))).status, 200);
    assert.equal((await send(url("/orders/7"), { method: "DELETE" })).status, 401);
    assert.equal((await send(url("/orders/7"), { method: "DELETE", headers: { "x-api-key": "bob-key" } })).status, 200);
    const hostRule = await send(url("/anything"), { headers: { host: "admin.example.com", "x-api-key": "bob-key" } });
    assert.equal(hostRule.status, 401);
    assert.equal(hostRule.headers.get("www-authenticate"), 'Basic realm="demo"');
    const fallback = await send(url("/anything"));
    assert.equal(fallback.status, 401);
    const challenges = fallback.headers.get("www-authenticate");
    assert.equal(challenges, 'Key realm="demo", Basic realm="demo", Bearer realm="demo"');
    assert.equal((await send(auth.scenario.strictUrl + "/api/x", { headers: { "x-api-key": "alice-key-1" } })).status, 200);
    const noRule = await send(auth.scenario.strictUrl + "/other");
    assert.equal(noRule.status, 403);
    assert.deepEqual(JSON.parse(noRule.body), { error: "forbidden", message: "no rule allows this request" });
  });

  test("allow lists: a valid consumer the rule does not list gets 403 without a challenge", async () => {
    assert.equal((await send(url("/admin"), { headers: { "x-api-key": "alice-key-1" } })).status, 200);
    assert.equal((await send(url("/admin"), { headers: { authorization: basicAuth("carol", "carol-password") } })).status, 200);
    const bob = await send(url("/admin"), { headers: { "x-api-key": "bob-key" } });
    assert.equal(bob.status, 403);
    assert.equal(bob.headers.get("www-authenticate"), null);
    assert.deepEqual(JSON.parse(bob.body), { error: "forbidden", message: "'bob' is not allowed here" });
  });

  test("both workers decide, and the stats count allowed, denied by reason and per provider", async () => {
    const before = { allowed: await stat("allowed"), missing: await stat("denied.missing"), keys: await stat("provider.keys.allowed") };
    // Concurrent requests open several connections, which exact_balance spreads over both workers.
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(url("/key/burst"), { headers: i % 2 ? { "x-api-key": "bob-key" } : {} })),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(20).fill(200), ...Array(20).fill(401)]);
    assert.equal((await stat("allowed")) - before.allowed, 20);
    assert.equal((await stat("denied.missing")) - before.missing, 20);
    assert.equal((await stat("provider.keys.allowed")) - before.keys, 20);
    const stats = await auth.scenario.envoy.admin.stats();
    for (const worker of [0, 1]) assert.ok((stats.get(`listener.http.worker_${worker}.downstream_cx_total`) ?? 0) > 0, `worker ${worker} served`);
    assert.match(await auth.scenario.envoy.admin.prometheus(), /^auth_provider_allowed\{provider="keys"\} \d+$/m);
  });
});
