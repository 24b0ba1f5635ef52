// The differential: 2,000 tokens across every algorithm (valid, expired, not yet valid, tampered signature, tampered
// payload, signed by a key outside the JWKS, wrong audience) go through Envoy; the filter's allow/deny must match
// jose's own jwtVerify with the same JWKS, issuer, audiences and clock skew for every one.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { createLocalJWKSet, importJWK, jwtVerify, type JWSHeaderParameters } from "jose";
import { ALGORITHMS, AUDIENCE, ISSUER, mint, send, type AuthKeys } from "../../harness/scenarios/auth.js";
import { useAuthScenario } from "./auth_fixture.js";

const TOKENS = 2000;
const KINDS = ["valid", "expired", "not_yet_valid", "tampered_signature", "tampered_payload", "wrong_key", "wrong_audience", "within_skew"] as const;
type Kind = (typeof KINDS)[number];

async function token(keys: AuthKeys, index: number): Promise<{ kind: Kind; alg: string; token: string }> {
  const alg = ALGORITHMS[index % ALGORITHMS.length];
  const kind = KINDS[Math.floor(index / ALGORITHMS.length) % KINDS.length];
  const now = Math.floor(Date.now() / 1000);
  // Times stay well clear of the 60 s skew boundary, so the few seconds the run takes cannot flip an answer.
  const claims: Record<string, unknown> = { sub: `user-${index}`, n: index };
  if (kind === "expired") claims.exp = now - 120 - (index % 1000);
  if (kind === "not_yet_valid") claims.nbf = now + 180 + (index % 1000);
  if (kind === "within_skew") claims.exp = now - 20;
  if (kind === "wrong_audience") claims.aud = `api-${index}`;
  const signer = kind === "wrong_key" ? keys.strangers[alg] : keys.byAlg[alg];
  let text = await mint(signer, claims);
  const [header, payload, signature] = text.split(".");
  if (kind === "tampered_signature") {
    const bytes = Buffer.from(signature, "base64url");
    bytes[index % bytes.length] ^= 1 << (index % 8);
    text = `${header}.${payload}.${bytes.toString("base64url")}`;
  }
  if (kind === "tampered_payload") {
    const body = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    body.sub = "admin";
    text = `${header}.${Buffer.from(JSON.stringify(body)).toString("base64url")}.${signature}`;
  }
  return { kind, alg, token: text };
}

describe("auth: 2,000 tokens, the filter in Envoy against jose's jwtVerify", () => {
  const auth = useAuthScenario();

  auth.test("every token gets the same allow/deny from the filter as from jose", async () => {
    const { keys } = auth.scenario;
    // jose's local JWK Set holds asymmetric keys only; HMAC keys are found by kid, their alg checked as it pins one.
    const asymmetric = createLocalJWKSet({ keys: keys.inlineJwks.keys.filter((k) => k.kty !== "oct") });
    const secrets = new Map(keys.inlineJwks.keys.filter((k) => k.kty === "oct").map((k) => [k.kid, k]));
    const jwks = async (header: JWSHeaderParameters, token: Parameters<typeof asymmetric>[1]) => {
      if (!header.alg?.startsWith("HS")) return asymmetric(header, token);
      const jwk = secrets.get(header.kid);
      if (!jwk || (jwk.alg && jwk.alg !== header.alg)) throw new Error("no matching HMAC key");
      return importJWK(jwk, header.alg);
    };
    const tokens = await Promise.all(Array.from({ length: TOKENS }, (_, i) => token(keys, i)));
    const expected = await Promise.all(
      tokens.map(({ token }) =>
        jwtVerify(token, jwks, { issuer: ISSUER, audience: [AUDIENCE, "other-api"], clockTolerance: 60, algorithms: [...ALGORITHMS] }).then(() => true, () => false),
      ),
    );
    const actual: boolean[] = [];
    for (let start = 0; start < TOKENS; start += 50) {
      const batch = tokens.slice(start, start + 50);
      const answers = await Promise.all(batch.map(({ token }) => send(auth.scenario.httpUrl + "/jwt/diff", { headers: { authorization: `Bearer ${token}` } })));
      for (const answer of answers) {
        assert.ok(answer.status === 200 || answer.status === 401, `status ${answer.status}: ${answer.body}`);
        actual.push(answer.status === 200);
      }
    }
    const disagreements = tokens.filter((_, i) => actual[i] !== expected[i]).map((t, i) => `${t.alg} ${t.kind}`);
    assert.deepEqual(disagreements, []);
    // The table really covers both answers for every algorithm.
    for (const alg of ALGORITHMS) {
      const mine = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.alg === alg);
      assert.ok(mine.some(({ i }) => expected[i]) && mine.some(({ i }) => !expected[i]), alg);
    }
    assert.equal(expected.filter(Boolean).length, tokens.filter((t) => t.kind === "valid" || t.kind === "within_skew").length);
  });
});
