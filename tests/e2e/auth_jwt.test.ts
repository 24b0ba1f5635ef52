// JWT in real Envoy at --concurrency 2 with tokens minted by jose: every jwt_authn algorithm, token sources, claim
// headers, the token kept or stripped, exp/nbf with skew, iss/aud, and each attack the algorithm-from-the-key rule
// and the header checks must stop.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe } from "node:test";
import { ALGORITHMS, mint, send } from "../../harness/scenarios/auth.js";
import { useAuthScenario } from "./auth_fixture.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("auth: JWT in Envoy", () => {
  const auth = useAuthScenario();
  const { test, stat } = auth;
  const url = (path: string) => auth.scenario.httpUrl + path;
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const expect401 = async (token: string, error: string, description: RegExp) => {
    const answer = await send(url("/jwt/x"), bearer(token));
    assert.equal(answer.status, 401, `${description}: ${answer.body}`);
    assert.deepEqual(Object.keys(JSON.parse(answer.body)), ["error", "message"]);
    assert.equal(JSON.parse(answer.body).error, error);
    assert.match(JSON.parse(answer.body).message, description);
    assert.match(answer.headers.get("www-authenticate") ?? "", /^Bearer realm="demo", error="invalid_token", error_description="[^"]+"$/);
  };

  test("every algorithm jwt_authn accepts verifies (RSA PKCS#1 and PSS, ECDSA P-256/P-384, HMAC, Ed25519)", async () => {
    const { keys } = auth.scenario;
    for (const alg of ALGORITHMS) {
      const token = await mint(keys.byAlg[alg], { sub: `user-${alg}` });
      const answer = await send(url("/jwt/x"), bearer(token));
      assert.equal(answer.status, 200, `${alg}: ${answer.body}`);
      assert.equal(answer.upstream?.["x-auth-consumer"], `user-${alg}`);
      assert.equal(answer.upstream?.["x-auth-provider"], "idp");
    }
  });

  test("claims map to headers (nested by path); the token is forwarded, or stripped where forward_token is false", async () => {
    const token = await mint(auth.scenario.keys.byAlg.ES384, { email: "ann@example.com", org: { id: "org-42" } });
    const kept = await send(url("/jwt/x"), bearer(token));
    assert.equal(kept.upstream?.["x-user-email"], "ann@example.com");
    assert.equal(kept.upstream?.["x-auth-org"], "org-42");
    assert.equal(kept.upstream?.authorization, `Bearer ${token}`);
    const stripped = await send(url("/strip/x"), bearer(token));
    assert.equal(stripped.status, 200);
    assert.equal(stripped.upstream?.authorization, undefined);
  });

  test("the token is read from a named header, a query parameter or a cookie", async () => {
    const token = await mint(auth.scenario.keys.byAlg.EdDSA);
    assert.equal((await send(url("/jwt/x"), { headers: { "x-token": token } })).status, 200);
    assert.equal((await send(url(`/jwt/x?access_token=${token}`))).status, 200);
    assert.equal((await send(url("/jwt/x"), { headers: { cookie: `a=b; session=${token}` } })).status, 200);
    const missing = await send(url("/jwt/x"));
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), 'Bearer realm="demo"');
  });

  test("exp and nbf with 60 s of clock skew; wrong issuer or audience", async () => {
    const rs = auth.scenario.keys.byAlg.RS256;
    const now = Math.floor(Date.now() / 1000);
    await expect401(await mint(rs, { exp: now - 120 }), "token_expired", /expired/);
    assert.equal((await send(url("/jwt/x"), bearer(await mint(rs, { exp: now - 20 })))).status, 200);
    await expect401(await mint(rs, { nbf: now + 300 }), "token_not_yet_valid", /not valid yet/);
    assert.equal((await send(url("/jwt/x"), bearer(await mint(rs, { nbf: now + 20 })))).status, 200);
    // Provider idp_strip has no skew: 20 s past exp is expired there.
    assert.equal((await send(url("/strip/x"), bearer(await mint(rs, { exp: now - 20 })))).status, 401);
    await expect401(await mint(rs, { iss: "https://evil.example.com" }), "invalid_credentials", /issuer/);
    await expect401(await mint(rs, { aud: "another-api" }), "invalid_credentials", /audience/);
  });

  test("attacks: alg none, HS256 with the RSA public key as secret, unknown kid, crit, jku/x5u/jwk, tampering, oversized", async () => {
    const { keys } = auth.scenario;
    const rs = keys.byAlg.RS256;
    const good = await mint(rs);
    const [header, payload, signature] = good.split(".");
    await expect401(`${b64({ alg: "none", typ: "JWT" })}.${payload}.`, "invalid_credentials", /algorithm 'none'/);
    const confused = b64({ alg: "HS256", typ: "JWT", kid: rs.kid });
    for (const secret of [JSON.stringify(rs.jwk), rs.jwk.n as string]) {
      const mac = createHmac("sha256", secret).update(`${confused}.${payload}`).digest("base64url");
      await expect401(`${confused}.${payload}.${mac}`, "invalid_credentials", /no key/);
    }
    await expect401(await mint(rs, {}, { kid: "kid-nobody-published" }), "invalid_credentials", /no key/);
    await expect401(await mint(rs, {}, { header: { "x-policy": "v2" }, critical: ["x-policy"] }), "invalid_credentials", /critical/);
    const attacker = keys.strangers.ES256;
    const pointing = await mint(attacker, {}, { kid: keys.byAlg.ES256.kid, header: { jwk: attacker.jwk, jku: "http://127.0.0.1:1/jwks", x5u: "http://127.0.0.1:1/cert" } });
    await expect401(pointing, "invalid_credentials", /signature/);
    await expect401(`${header}.${b64({ iss: "https://idp.example.com", aud: "orders-api", sub: "admin" })}.${signature}`, "invalid_credentials", /signature/);
    await expect401(`${header}.${payload}.${signature.slice(0, -4)}AAAA`, "invalid_credentials", /signature/);
    await expect401(await mint(keys.strangers.HS256), "invalid_credentials", /signature/);
    await expect401(await mint(rs, { padding: "p".repeat(8200) }), "invalid_credentials", /larger than 8192 bytes/);
    for (const junk of ["x", "a.b", "a.b.c.d", "..", `${header}.%%%.${signature}`]) {
      assert.equal((await send(url("/jwt/x"), bearer(junk))).status, 401, junk);
    }
  });

  test("scope, groups and nested claims authorize; a valid token without them is 403", async () => {
    const es = auth.scenario.keys.byAlg.ES256;
    const ok = await mint(es, { scope: "orders:read orders:write", groups: ["admins"], org: { tier: "gold" } });
    assert.equal((await send(url("/scoped/x"), bearer(ok))).status, 200);
    const weak = await send(url("/scoped/x"), bearer(await mint(es, { scope: "orders:read", groups: ["admins"], org: { tier: "gold" } })));
    assert.equal(weak.status, 403);
    assert.equal(JSON.parse(weak.body).error, "forbidden");
  });

  test("a repeated token is served from the worker's token cache", async () => {
    const token = await mint(auth.scenario.keys.byAlg.PS512, { sub: "cached" });
    const before = await stat("token_cache.hits");
    for (let i = 0; i < 6; i++) assert.equal((await send(url("/jwt/x"), bearer(token))).status, 200);
    // Each worker verifies the token once at most; the other requests are hits.
    assert.ok((await stat("token_cache.hits")) - before >= 4);
  });
});
