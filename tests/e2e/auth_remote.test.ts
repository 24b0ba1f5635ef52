// Remote JWKS and external auth in real Envoy at --concurrency 2 with real peers: key rotation picked up on an
// unknown kid and the old key dropped, stale keys served while the JWKS server fails, refetches rate-limited, an
// unreachable JWKS failing closed; the external service allowing with headers, denying with its own answer, and
// timing out into each failure mode.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { EXT_DENY_BODY } from "../../harness/peers/ext_authz_server.js";
import { JWKS_PATH, PERIODIC_JWKS_PATH, REMOTE_ISSUER, mint, send } from "../../harness/scenarios/auth.js";
import { useAuthScenario } from "./auth_fixture.js";

describe("auth: remote JWKS and external auth in Envoy", () => {
  const auth = useAuthScenario();
  const { test, stat } = auth;
  const url = (path: string) => auth.scenario.httpUrl + path;
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  /** `count` concurrent requests (several connections, so both workers answer); their statuses. */
  const statuses = async (path: string, init: { headers?: Record<string, string> }, count = 12) =>
    (await Promise.all(Array.from({ length: count }, () => send(url(path), init)))).map((a) => a.status);

  test("remote JWKS: rotation is picked up on the new kid, the dropped key stops verifying, stale keys survive a failing server", async () => {
    const { keys, jwks } = auth.scenario;
    const [oldKey, newKey] = keys.remote;
    const oldToken = await mint(oldKey, { iss: REMOTE_ISSUER, aud: undefined });
    const newToken = await mint(newKey, { iss: REMOTE_ISSUER, aud: undefined });
    assert.deepEqual(new Set(await statuses("/remote/x", bearer(oldToken))), new Set([200]));
    const hitsBefore = await stat("jwks.cache_hits");
    assert.ok(hitsBefore >= 1);
    // min_refetch_seconds is 1: the startup fetches must be older than that.
    await sleep(1100);
    jwks.setJwks({ keys: [newKey.jwk] });
    const fetchesBefore = jwks.fetchesOf(JWKS_PATH);
    assert.deepEqual(new Set(await statuses("/remote/x", bearer(newToken))), new Set([200]));
    assert.ok(jwks.fetchesOf(JWKS_PATH) > fetchesBefore, "the unknown kid made the workers fetch");
    assert.ok(jwks.fetchesOf(JWKS_PATH) - fetchesBefore <= 2, `at most one fetch per worker, saw ${jwks.fetchesOf(JWKS_PATH) - fetchesBefore}`);
    assert.deepEqual(new Set(await statuses("/remote/x", bearer(oldToken))), new Set([401]));

    // The server fails from now on: the keys in hand keep serving, and a made-up kid refetches at most once a second.
    jwks.failing = true;
    await sleep(1100);
    const failuresBefore = await stat("jwks.fetch_failures");
    const fetchesWhileFailing = jwks.fetchesOf(JWKS_PATH);
    const madeUp = await mint(newKey, { iss: REMOTE_ISSUER }, { kid: "made-up" });
    assert.deepEqual(new Set(await statuses("/remote/x", bearer(madeUp), 20)), new Set([401]));
    assert.ok(jwks.fetchesOf(JWKS_PATH) - fetchesWhileFailing <= 2, `refetches rate-limited, saw ${jwks.fetchesOf(JWKS_PATH) - fetchesWhileFailing}`);
    assert.ok((await stat("jwks.fetch_failures")) > failuresBefore);
    assert.deepEqual(new Set(await statuses("/remote/x", bearer(newToken))), new Set([200]));
    jwks.failing = false;
  });

  test("periodic refresh: without any request, the key set is fetched again on the period and a dropped key stops verifying", async () => {
    const { keys, jwks } = auth.scenario;
    const [oldKey, newKey] = keys.remote;
    const oldToken = await mint(oldKey, { iss: REMOTE_ISSUER });
    jwks.setJwks({ keys: [oldKey.jwk, newKey.jwk] });
    await sleep(4000);
    assert.deepEqual(new Set(await statuses("/periodic/x", bearer(oldToken))), new Set([200]));
    const before = jwks.fetchesOf(PERIODIC_JWKS_PATH);
    jwks.setJwks({ keys: [newKey.jwk] });
    await sleep(4000);
    // Both workers refreshed (refresh_seconds 2) with no request asking for it.
    assert.ok(jwks.fetchesOf(PERIODIC_JWKS_PATH) - before >= 2, `periodic fetches: ${jwks.fetchesOf(PERIODIC_JWKS_PATH) - before}`);
    assert.deepEqual(new Set(await statuses("/periodic/x", bearer(oldToken))), new Set([401]));
    assert.deepEqual(new Set(await statuses("/periodic/x", bearer(await mint(newKey, { iss: REMOTE_ISSUER })))), new Set([200]));
  });

  test("a JWKS that was never fetched fails closed: 401 auth_unavailable, whether unreachable or timing out", async () => {
    const token = await mint(auth.scenario.keys.remote[0], { iss: REMOTE_ISSUER });
    for (const path of ["/unreachable/x", "/stalled/x"]) {
      const started = Date.now();
      const answer = await send(url(path), bearer(token));
      assert.equal(answer.status, 401, path);
      assert.equal(JSON.parse(answer.body).error, "auth_unavailable", path);
      assert.match(answer.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
      // A request waits at most for one fetch's timeout (200 ms), never hangs.
      assert.ok(Date.now() - started < 1500, `${path} took ${Date.now() - started} ms`);
    }
    assert.ok(auth.scenario.jwks.fetchesOf("/stall/jwks.json") >= 2, "both workers tried the stalling JWKS");
  });

  test("external auth: a 2xx allows, names the consumer and adds its headers upstream (a spoofed copy replaced)", async () => {
    const { extAuthz } = auth.scenario;
    const answer = await send(url("/ext/report?year=2026"), { headers: { authorization: "Ext allow:erin", "x-ext-tenant": "forged", "x-private": "kept-away" } });
    assert.equal(answer.status, 200);
    assert.equal(answer.upstream?.["x-auth-consumer"], "erin");
    assert.equal(answer.upstream?.["x-auth-provider"], "ext");
    assert.equal(answer.upstream?.["x-ext-tenant"], "tenant-of-erin");
    assert.equal(answer.upstream?.["x-ext-ignored"], undefined);
    const check = extAuthz.checks.at(-1)!;
    assert.equal(check.path, "/check/ext/report?year=2026");
    assert.equal(check.headers.authorization, "Ext allow:erin");
    assert.equal(check.headers["x-private"], undefined);
  });

  test("external auth: a refusal reaches the client with the service's status, body and challenge", async () => {
    const answer = await send(url("/ext/report"), { headers: { authorization: "Ext nope" } });
    assert.equal(answer.status, 403);
    assert.equal(answer.body, EXT_DENY_BODY);
    assert.equal(answer.headers.get("www-authenticate"), 'Ext realm="policy"');
    assert.equal(answer.upstream, undefined);
  });

  test("external auth: a timeout denies with 503 (failure mode deny) or allows with the marker header (failure mode allow)", async () => {
    const failuresBefore = await stat("external.failures");
    const denied = await send(url("/ext/report"), { headers: { authorization: "Ext slow" } });
    assert.equal(denied.status, 503);
    assert.deepEqual(JSON.parse(denied.body), { error: "auth_unavailable", message: "the authorization service did not answer" });
    const allowed = await send(url("/ext-open/report"), { headers: { authorization: "Ext slow", "x-auth-failure-mode-allowed": "forged-false" } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.upstream?.["x-auth-failure-mode-allowed"], "true");
    assert.equal((await stat("external.failures")) - failuresBefore, 2);
    assert.ok((await stat("external.failure_mode_allowed")) >= 1);
  });

  test("any_of with an API key first never calls the external service when the key is valid", async () => {
    const { extAuthz } = auth.scenario;
    const checks = extAuthz.checks.length;
    assert.equal((await send(url("/key-or-ext/x"), { headers: { "x-api-key": "bob-key" } })).status, 200);
    assert.equal(extAuthz.checks.length, checks);
    assert.equal((await send(url("/key-or-ext/x"), { headers: { authorization: "Ext allow:frank" } })).upstream?.["x-auth-consumer"], "frank");
    assert.equal(extAuthz.checks.length, checks + 1);
  });
});
