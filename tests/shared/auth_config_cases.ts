// The auth plugin's table of configurations, checked by ajv against filters/auth/config.schema.json and by the
// filter on the host emulator (tests/node/auth_config.test.ts) and in a running Envoy
// (tests/e2e/auth_config.test.ts), through harness/config_table.ts.
import type { ConfigTable, InvalidConfig, ValidConfig } from "../../harness/config_table.js";
import { AUTH_STRICT_CONFIG, authHttpConfig, authKeys } from "../../harness/scenarios/auth.js";

const SECRET = Buffer.from("a-shared-secret-of-32-bytes-long").toString("base64url");
const HS_JWKS = JSON.stringify({ keys: [{ kty: "oct", kid: "hs", alg: "HS256", k: SECRET }] });
const KEYS = { name: "keys", type: "api_key", consumers: [{ name: "alice", keys: ["k1"] }] };
const SHA256_OF_SECRET = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";
const basic = (consumer: object) => ({ name: "users", type: "basic", consumers: [{ name: "carol", user: "carol", ...consumer }] });
const jwt = (extra: object = {}) => ({ name: "idp", type: "jwt", issuer: "https://idp", jwks: HS_JWKS, ...extra });
const withProviders = (...providers: object[]) => ({ providers, default_rule: { any_of: providers.map((p) => (p as { name: string }).name) } });

export const VALID_CONFIGS: ValidConfig[] = [
  ["the strict listener", AUTH_STRICT_CONFIG],
  ["a public default rule", { providers: [KEYS], default_rule: { public: true } }],
  ["Basic with SHA-256 and htpasswd {SHA}", withProviders({ name: "users", type: "basic", consumers: [
    { name: "carol", user: "carol", password_hash: SHA256_OF_SECRET },
    { name: "dave", user: "dave", password_hash: "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=" },
  ] })],
  ["a JWT provider with every option", withProviders(jwt({
    audiences: ["a", "b"], sources: [{ header: "Authorization", prefix: "Bearer " }, { query: "t" }, { cookie: "c" }], clock_skew_seconds: 0,
    max_token_bytes: 4096, forward_token: false, consumer_claim: "user.id", token_cache_size: 0, claims_to_headers: [{ claim: "org.id", header: "X-Org" }],
  }))],
  ["a remote JWKS", withProviders({ name: "idp", type: "jwt", issuer: "https://idp", remote_jwks: { cluster: "jwks", path: "/keys", refresh_seconds: 60, min_refetch_seconds: 0 } })],
  ["an external provider", withProviders({ name: "ext", type: "external", cluster: "authz", path_prefix: "/check", headers: ["authorization", "cookie"], upstream_headers: ["x-tenant"], failure_mode: "allow", status_on_error: 500 })],
  ["rules with every match and allow list", {
    providers: [KEYS, jwt()],
    rules: [
      { name: "a", match: { path: "/x", methods: ["GET"], hosts: ["a.example.com", "*.example.org"] }, all_of: ["keys", "idp"], allow: { consumers: ["alice"], claims: [{ claim: "scope", contains: "w" }, { claim: "groups", includes: "g" }, { claim: "t", equals: "1" }] } },
      { match: { path_prefix: "/p/" }, public: true },
    ],
  }],
];

// filterOnly: rules across several values (names a rule refers to, uniqueness, JWKS contents) that JSON Schema cannot state.
export const INVALID_CONFIGS: InvalidConfig[] = [
  { config: "{not json", message: "invalid JSON" },
  { config: {}, message: "field 'providers': expected at least one provider" },
  { config: { providers: [KEYS] }, message: "field 'rules': expected at least one rule or a default_rule" },
  { config: { ...withProviders(KEYS), colour: "red" }, message: "field 'colour': unknown field" },
  { config: withProviders({ ...KEYS, type: "oauth" }), message: "field 'providers[0].type': expected \"jwt\", \"api_key\", \"basic\" or \"external\"" },
  { config: withProviders({ ...KEYS, name: "Keys" }), message: "field 'providers[0].name': expected 1 to 64 characters" },
  { config: { providers: [KEYS, KEYS], default_rule: { any_of: ["keys"] } }, message: "field 'providers[1].name': duplicate provider name 'keys'", filterOnly: true },
  { config: { providers: [KEYS], default_rule: { any_of: ["keys", "ldap"] } }, message: "field 'default_rule.any_of': unknown provider 'ldap'", filterOnly: true },
  { config: { providers: [KEYS], rules: [{ match: { path_prefix: "/a" }, all_of: ["nobody"] }] }, message: "field 'rules[0].all_of': unknown provider 'nobody'", filterOnly: true },
  { config: { providers: [KEYS], rules: [{ any_of: ["keys"] }] }, message: "field 'rules[0].match': is required" },
  { config: { providers: [KEYS], rules: [{ match: { path: "a" }, any_of: ["keys"] }] }, message: "field 'rules[0].match.path': expected a path starting with \"/\"" },
  { config: { providers: [KEYS], rules: [{ match: { path: "/a", path_prefix: "/b" }, any_of: ["keys"] }] }, message: "field 'rules[0].match.path_prefix': give one of \"path\", \"path_prefix\" and \"path_separated_prefix\"" },
  { config: { providers: [KEYS], rules: [{ match: { path_separated_prefix: "/admin/" }, any_of: ["keys"] }] }, message: "field 'rules[0].match.path_separated_prefix': expected a prefix without a trailing \"/\"" },
  { config: { providers: [KEYS], rules: [{ match: { path_prefix: "/api/../admin" }, any_of: ["keys"] }] }, message: "field 'rules[0].match.path_prefix': expected a normalized path", filterOnly: true },
  { config: { providers: [KEYS], rules: [{ match: { methods: ["get"] }, any_of: ["keys"] }] }, message: "field 'rules[0].match.methods': expected upper-case method names" },
  { config: { providers: [KEYS], rules: [{ match: { hosts: ["a.*.com"] }, any_of: ["keys"] }] }, message: "field 'rules[0].match.hosts': expected virtual host domains" },
  { config: { providers: [KEYS], default_rule: { public: true, any_of: ["keys"] } }, message: "field 'default_rule': expected exactly one of \"public\": true, \"any_of\" or \"all_of\"" },
  { config: { providers: [KEYS], default_rule: { public: true, allow: { consumers: ["a"] } } }, message: "field 'default_rule.allow': does not apply to a public rule" },
  { config: { providers: [KEYS], default_rule: { any_of: [] } }, message: "field 'default_rule.any_of': expected at least one provider name" },
  { config: { providers: [KEYS], default_rule: { any_of: ["keys"], allow: { claims: [{ claim: "scope" }] } } }, message: "field 'default_rule.allow.claims[0]': expected exactly one of \"contains\", \"includes\" or \"equals\"" },
  { config: withProviders({ ...KEYS, consumers: [] }), message: "field 'providers[0].consumers': expected at least one consumer" },
  { config: withProviders({ ...KEYS, consumers: [{ name: "a", keys: ["k1"] }, { name: "b", keys: ["k1"] }] }), message: "field 'providers[0].consumers[1].keys': duplicate API key (also held by 'a')", filterOnly: true },
  { config: withProviders({ ...KEYS, sources: [{ header: "x-key", query: "key" }] }), message: "field 'providers[0].sources[0]': expected exactly one of \"header\", \"query\" or \"cookie\"" },
  { config: withProviders({ ...KEYS, sources: [{ query: "key", prefix: "K " }] }), message: "field 'providers[0].sources[0].prefix': applies to \"header\" sources only" },
  { config: withProviders(basic({ password: "hunter2" })), message: "field 'providers[0].consumers[0].password': plain-text passwords are not accepted" },
  { config: withProviders(basic({ password_hash: "hunter2" })), message: "field 'providers[0].consumers[0].password_hash': expected 64 hex digits (SHA-256) or {SHA}" },
  { config: withProviders(basic({ user: "a:b", password_hash: SHA256_OF_SECRET })), message: "field 'providers[0].consumers[0].user': expected a non-empty user name without ':'" },
  { config: withProviders({ name: "idp", type: "jwt", jwks: HS_JWKS }), message: "field 'providers[0].issuer': is required" },
  { config: withProviders({ name: "idp", type: "jwt", issuer: "https://idp" }), message: "field 'providers[0].jwks': give exactly one of \"jwks\" (inline) or \"remote_jwks\"" },
  { config: withProviders(jwt({ jwks: "{" })), message: "field 'providers[0].jwks': not JSON", filterOnly: true },
  { config: withProviders(jwt({ jwks: JSON.stringify({ keys: [] }) })), message: "field 'providers[0].jwks': no usable signing key", filterOnly: true },
  { config: withProviders(jwt({ jwks: JSON.stringify({ keys: [{ kty: "EC", crv: "P-256", x: "AAAA", y: "AAAA" }] }) })), message: "field 'providers[0].jwks': keys[0]: EC key: the point is not on the curve", filterOnly: true },
  { config: withProviders(jwt({ jwks: JSON.stringify({ keys: [{ kty: "oct", k: SECRET, alg: "RS256" }] }) })), message: "field 'providers[0].jwks': keys[0]: 'alg': not a signing algorithm for this key type", filterOnly: true },
  { config: withProviders(jwt({ jwks: JSON.stringify({ keys: [{ kty: "RSA", n: "AQAB", e: "AQAB" }] }) })), message: "field 'providers[0].jwks': keys[0]: RSA key: unsupported modulus or exponent", filterOnly: true },
  { config: withProviders(jwt({ max_token_bytes: 10 })), message: "field 'providers[0].max_token_bytes': expected an integer between 64 and 65536" },
  { config: withProviders(jwt({ claims_to_headers: [{ claim: "sub", header: "x-auth-consumer" }] })), message: "field 'providers[0].claims_to_headers[0].header': 'x-auth-consumer' is set by the filter", filterOnly: true },
  { config: withProviders({ name: "idp", type: "jwt", issuer: "i", remote_jwks: { cluster: "jwks" } }), message: "field 'providers[0].remote_jwks.path': is required" },
  { config: withProviders({ name: "ext", type: "external" }), message: "field 'providers[0].cluster': is required" },
  { config: withProviders({ name: "ext", type: "external", cluster: "a", failure_mode: "open" }), message: "field 'providers[0].failure_mode': expected \"deny\" or \"allow\"" },
  { config: withProviders({ name: "ext", type: "external", cluster: "a", headers: ["content-length"] }), message: "field 'providers[0].headers': 'content-length' is set by the filter" },
];

export const CONFIG_TABLE: ConfigTable = {
  filter: "auth",
  valid: VALID_CONFIGS,
  validMadeAtRunTime: [["the scenario's configuration (every provider type, every algorithm's key)", async () => authHttpConfig(await authKeys())]],
  invalid: INVALID_CONFIGS,
};
