// The auth filter in front of an echo server (envoy-configs/auth.yaml) with its peers: a JWKS server and an external
// auth service. Keys are made fresh per run with jose (RSA, EC P-256/P-384, Ed25519, HMAC); the plugin
// configuration is built from them, and tests, the emulator suite and the demo share it.
import { createHash, randomBytes } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload, type CryptoKey } from "jose";
import { request } from "undici";
import { wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { freeLoopbackPort } from "../peers/local_process.js";
import { ExtAuthzServer, startExtAuthzServer } from "../peers/ext_authz_server.js";
import { JwksServer, startJwksServer } from "../peers/jwks_server.js";
import { HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

export const ISSUER = "https://idp.example.com";
export const AUDIENCE = "orders-api";
export const REMOTE_ISSUER = "https://remote-idp.example.com";
/** Provider "remote" fetches this path (refetching on an unknown kid); "remote_periodic" the other, every 2 s. */
export const JWKS_PATH = "/.well-known/jwks.json";
export const PERIODIC_JWKS_PATH = "/periodic/jwks.json";

/** Every algorithm jwt_authn accepts. */
export const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "HS256", "HS384", "HS512", "EdDSA"] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export interface SigningKey {
  kid: string;
  alg: Algorithm;
  /** What signs (a private key, or the HMAC secret). */
  key: CryptoKey | Uint8Array;
  /** The public JWK as the JWKS publishes it. */
  jwk: JWK;
}

export interface AuthKeys {
  /** One signing key per algorithm, all in the inline JWKS. */
  byAlg: Record<Algorithm, SigningKey>;
  /** A second key per algorithm, in no JWKS (a token signed with it must fail). */
  strangers: Record<Algorithm, SigningKey>;
  inlineJwks: { keys: JWK[] };
  /** The remote JWKS's keys: the first is published from the start, the second after a rotation. */
  remote: [SigningKey, SigningKey];
}

async function signingKey(alg: Algorithm, kid: string, pinAlg: boolean): Promise<SigningKey> {
  if (alg.startsWith("HS")) {
    const secret = new Uint8Array(randomBytes(alg === "HS256" ? 32 : 64));
    const jwk: JWK = { kty: "oct", kid, k: Buffer.from(secret).toString("base64url") };
    if (pinAlg) jwk.alg = alg;
    return { kid, alg, key: secret, jwk };
  }
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const jwk = await exportJWK(pair.publicKey);
  jwk.kid = kid;
  jwk.use = "sig";
  if (pinAlg) jwk.alg = alg;
  return { kid, alg, key: pair.privateKey, jwk };
}

let cachedKeys: Promise<AuthKeys> | undefined;

/** The run's keys (made once per process: RSA key generation takes a while). */
export function authKeys(): Promise<AuthKeys> {
  cachedKeys ??= (async () => {
    const byAlg = {} as Record<Algorithm, SigningKey>;
    const strangers = {} as Record<Algorithm, SigningKey>;
    for (const alg of ALGORITHMS) {
      // Half the keys pin their alg in the JWK; the others leave the key type to decide.
      byAlg[alg] = await signingKey(alg, `${alg.toLowerCase()}-1`, ALGORITHMS.indexOf(alg) % 2 === 0);
      strangers[alg] = await signingKey(alg, `${alg.toLowerCase()}-1`, true);
    }
    const remote: [SigningKey, SigningKey] = [await signingKey("RS256", "remote-1", true), await signingKey("ES256", "remote-2", true)];
    return { byAlg, strangers, inlineJwks: { keys: ALGORITHMS.map((alg) => byAlg[alg].jwk) }, remote };
  })();
  return cachedKeys;
}

export interface MintOptions {
  kid?: string | null;
  header?: Record<string, unknown>;
  /** Extension header parameters marked critical (jose signs a crit header only when told it understands them). */
  critical?: string[];
}

/** A JWT for the inline provider "idp" unless the claims say otherwise: iss, aud, sub, a 10-minute exp. */
export async function mint(signer: SigningKey, claims: JWTPayload = {}, options: MintOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, sub: "user-1", iat: now, exp: now + 600, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  const kid = options.kid === undefined ? signer.kid : options.kid;
  const critical = options.critical ?? [];
  const header = { alg: signer.alg, typ: "JWT", ...(kid === null ? {} : { kid }), ...options.header, ...(critical.length ? { crit: critical } : {}) };
  const understood = Object.fromEntries(critical.map((name) => [name, true]));
  return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(signer.key, { crit: understood });
}

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
export const htpasswdSha = (text: string) => "{SHA}" + createHash("sha1").update(text).digest("base64");
export const basicAuth = (user: string, password: string) => "Basic " + Buffer.from(`${user}:${password}`).toString("base64");

/** The plugin configuration of listener "http": one rule per behaviour the tests prove, and the demo's. */
export function authHttpConfig(keys: AuthKeys) {
  const jwks = JSON.stringify(keys.inlineJwks);
  return {
    realm: "demo",
    providers: [
      {
        name: "keys",
        type: "api_key",
        sources: [{ header: "x-api-key" }, { header: "authorization", prefix: "ApiKey " }, { query: "api_key" }],
        consumers: [{ name: "alice", keys: ["alice-key-1", "alice-key-2"] }, { name: "bob", keys: ["bob-key"] }],
      },
      {
        name: "users",
        type: "basic",
        consumers: [
          { name: "carol", user: "carol", password_hash: sha256Hex("carol-password") },
          { name: "dave", user: "dave", password_hash: htpasswdSha("dave-password") },
        ],
      },
      {
        name: "idp",
        type: "jwt",
        issuer: ISSUER,
        audiences: [AUDIENCE, "other-api"],
        jwks,
        sources: [{ header: "authorization", prefix: "Bearer " }, { header: "x-token" }, { query: "access_token" }, { cookie: "session" }],
        claims_to_headers: [{ claim: "org.id", header: "x-auth-org" }, { claim: "email", header: "x-user-email" }],
        max_token_bytes: 8192,
      },
      { name: "idp_strip", type: "jwt", issuer: ISSUER, audiences: [AUDIENCE], jwks, forward_token: false, token_cache_size: 0, clock_skew_seconds: 0 },
      {
        name: "remote",
        type: "jwt",
        issuer: REMOTE_ISSUER,
        remote_jwks: { cluster: "jwks", path: JWKS_PATH, timeout_ms: 1000, refresh_seconds: 3600, min_refetch_seconds: 1 },
      },
      {
        name: "remote_periodic",
        type: "jwt",
        issuer: REMOTE_ISSUER,
        remote_jwks: { cluster: "jwks", path: PERIODIC_JWKS_PATH, timeout_ms: 1000, refresh_seconds: 2, min_refetch_seconds: 1 },
      },
      { name: "unreachable", type: "jwt", issuer: REMOTE_ISSUER, remote_jwks: { cluster: "dead", path: "/jwks.json", timeout_ms: 200, min_refetch_seconds: 0 } },
      { name: "stalled", type: "jwt", issuer: REMOTE_ISSUER, remote_jwks: { cluster: "jwks", path: "/stall/jwks.json", timeout_ms: 200, min_refetch_seconds: 0 } },
      {
        name: "ext",
        type: "external",
        cluster: "ext_authz",
        path_prefix: "/check",
        timeout_ms: 500,
        headers: ["authorization", "x-request-id"],
        upstream_headers: ["x-ext-tenant"],
      },
      { name: "ext_open", type: "external", cluster: "ext_authz", timeout_ms: 300, failure_mode: "allow" },
    ],
    rules: [
      { name: "public", match: { path_prefix: "/public/" }, public: true },
      { name: "key", match: { path_prefix: "/key/" }, any_of: ["keys"] },
      { name: "basic", match: { path_prefix: "/basic/" }, any_of: ["users"] },
      { name: "jwt", match: { path_prefix: "/jwt/" }, any_of: ["idp"] },
      { name: "strip", match: { path_prefix: "/strip/" }, any_of: ["idp_strip"] },
      { name: "both", match: { path_prefix: "/both/" }, all_of: ["keys", "idp"] },
      { name: "admin", match: { path: "/admin" }, any_of: ["keys", "users"], allow: { consumers: ["alice", "carol"] } },
      {
        name: "scoped",
        match: { path_prefix: "/scoped/" },
        any_of: ["idp"],
        allow: { claims: [{ claim: "scope", contains: "orders:write" }, { claim: "groups", includes: "admins" }, { claim: "org.tier", equals: "gold" }] },
      },
      { name: "orders_write", match: { path_prefix: "/orders", methods: ["POST", "PUT", "DELETE"] }, any_of: ["keys"] },
      { name: "orders_read", match: { path_prefix: "/orders" }, public: true },
      // Both forms, as Istio writes a virtual host's domains: the bare name, and the name with any port.
      { name: "admin_host", match: { hosts: ["admin.example.com", "admin.example.com:*"] }, any_of: ["users"] },
      { name: "remote", match: { path_prefix: "/remote/" }, any_of: ["remote"] },
      { name: "remote_periodic", match: { path_prefix: "/periodic/" }, any_of: ["remote_periodic"] },
      { name: "unreachable", match: { path_prefix: "/unreachable/" }, any_of: ["unreachable"] },
      { name: "stalled", match: { path_prefix: "/stalled/" }, any_of: ["stalled"] },
      { name: "ext", match: { path_prefix: "/ext/" }, any_of: ["ext"] },
      { name: "ext_open", match: { path_prefix: "/ext-open/" }, any_of: ["ext_open"] },
      { name: "key_or_ext", match: { path_prefix: "/key-or-ext/" }, any_of: ["keys", "ext"] },
    ],
    default_rule: { any_of: ["keys", "users", "idp"] },
  };
}

/** Listener "strict": no default rule, so a path no rule names is refused. */
export const AUTH_STRICT_CONFIG = {
  providers: [{ name: "keys", type: "api_key", consumers: [{ name: "alice", keys: ["alice-key-1"] }] }],
  rules: [{ match: { path_prefix: "/api/" }, any_of: ["keys"] }],
};

export interface AuthScenario {
  envoy: Envoy;
  echo: HttpEcho;
  jwks: JwksServer;
  extAuthz: ExtAuthzServer;
  keys: AuthKeys;
  httpUrl: string;
  strictUrl: string;
  stop(): Promise<void>;
}

export async function startAuthScenario(): Promise<AuthScenario> {
  const keys = await authKeys();
  const echo = await startHttpEcho("echo");
  const jwks = await startJwksServer({ keys: [keys.remote[0].jwk] });
  const extAuthz = await startExtAuthzServer();
  const deadPort = await freeLoopbackPort();
  let envoy: Envoy;
  try {
    envoy = await Envoy.start({
      name: "auth",
      template: "auth.yaml",
      vars: {
        WASM: wasmPath("auth"),
        HTTP_CONFIG: JSON.stringify(authHttpConfig(keys)),
        STRICT_CONFIG: JSON.stringify(AUTH_STRICT_CONFIG),
        ECHO_PORT: echo.port,
        JWKS_PORT: jwks.port,
        EXT_AUTHZ_PORT: extAuthz.port,
        DEAD_PORT: deadPort,
      },
    });
  } catch (error) {
    await Promise.all([echo.close(), jwks.close(), extAuthz.close()]);
    throw error;
  }
  const stop = async () => {
    await envoy.stop();
    await Promise.all([echo.close(), jwks.close(), extAuthz.close()]);
  };
  try {
    // Each worker fetches each remote JWKS from its first tick; wait until both have them.
    const deadline = Date.now() + 10_000;
    while (jwks.fetchesOf(JWKS_PATH) < 2 || jwks.fetchesOf(PERIODIC_JWKS_PATH) < 2) {
      if (Date.now() > deadline) throw new Error("the workers did not fetch the remote JWKS");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { envoy, echo, jwks, extAuthz, keys, httpUrl: await envoy.url("http"), strictUrl: await envoy.url("strict"), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  /** The headers the upstream received, when the request reached it. */
  upstream?: Record<string, string>;
}

/** One request (any header may be set, host included, or sent twice); `upstream` holds what the echo server saw. */
export async function send(url: string, init: { method?: string; headers?: Record<string, string | string[]> } = {}): Promise<Answer> {
  const response = await request(url, { method: (init.method ?? "GET") as "GET", headers: init.headers });
  const body = await response.body.text();
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, one);
  }
  const answer: Answer = { status: response.statusCode, headers, body };
  if (answer.status === 200 && headers.get("content-type")?.includes("json")) {
    const echoed = JSON.parse(body) as { headers?: Record<string, string> };
    if (echoed.headers) answer.upstream = echoed.headers;
  }
  return answer;
}
