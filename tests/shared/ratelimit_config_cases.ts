// The ratelimit plugin's table of configurations, checked by ajv against filters/ratelimit/config.schema.json and by the
// filter on the host emulator (tests/node/ratelimit_config.test.ts) and in a running Envoy
// (tests/e2e/ratelimit_config.test.ts), through harness/config_table.ts.
import type { ConfigTable, InvalidConfig, ValidConfig } from "../../harness/config_table.js";
import { LOCAL_CUSTOM_CONFIG, LOCAL_HTTP_CONFIG } from "../../harness/scenarios/ratelimit.js";
import { GLOBAL_ALLOW_CONFIG, GLOBAL_HTTP_CONFIG, GLOBAL_SLOW_CONFIG } from "../../harness/scenarios/ratelimit_global.js";

const LIMIT = { requests: 10, per: "minute" };
const rule = (extra: object = {}) => ({ name: "r", limit: LIMIT, ...extra });
const SERVICE = { cluster: "ratelimit_service", domain: "edge" };

export const VALID_CONFIGS: ValidConfig[] = [
  ["the local scenario's listener", LOCAL_HTTP_CONFIG],
  ["the local scenario's custom listener", LOCAL_CUSTOM_CONFIG],
  ["the global scenario's listeners", GLOBAL_HTTP_CONFIG],
  ["failure mode allow with hits_addend", GLOBAL_ALLOW_CONFIG],
  ["a global rule without by", GLOBAL_SLOW_CONFIG],
  ["every source at once", { rules: [rule({ by: [{ source: "client_ip", ipv4_prefix: 16, ipv6_prefix: 48 }, { source: "header", name: "X-Tenant", key: "tenant" }, { source: "path_prefix", prefixes: ["/a", "/b"] }, { source: "method" }, { source: "literal", value: "x" }] })] }],
];

// filterOnly: rules across several values (uniqueness, counts matching another list) that JSON Schema cannot state.
export const INVALID_CONFIGS: InvalidConfig[] = [
  { config: "{not json", message: "invalid JSON" },
  { config: {}, message: "field 'rules': expected at least one rule" },
  { config: { rules: [rule()], colour: "red" }, message: "field 'colour': unknown field" },
  { config: { rules: [{ limit: LIMIT }] }, message: "field 'rules[0].name': is required" },
  { config: { rules: [rule({ name: "Per-Consumer" })] }, message: "field 'rules[0].name': expected 1 to 64 characters" },
  { config: { rules: [rule(), rule()] }, message: "field 'rules[1].name': duplicate rule name 'r'", filterOnly: true },
  { config: { rules: [rule({ mode: "regional" })] }, message: "field 'rules[0].mode': expected \"local\" or \"global\"" },
  { config: { rules: [{ name: "r" }] }, message: "field 'rules[0].limit': is required for a local rule" },
  { config: { rules: [rule({ limit: { requests: 10, per: "day" } })] }, message: "field 'rules[0].limit.per': expected \"second\", \"minute\" or \"hour\"" },
  { config: { rules: [rule({ limit: { requests: 0, per: "second" } })] }, message: "field 'rules[0].limit.requests': expected an integer between 1 and 1000000" },
  { config: { rules: [rule({ limit: { requests: "ten", per: "second" } })] }, message: "field 'rules[0].limit.requests': expected an integer" },
  { config: { rules: [rule({ limit: { requests: 10, per: "second", burst: 2000000 } })] }, message: "field 'rules[0].limit.burst': expected an integer between 1 and 1000000" },
  { config: { rules: [rule({ limit: { per: "second" } })] }, message: "field 'rules[0].limit.requests': is required" },
  { config: { rules: [rule({ by: [{ source: "cookie" }] })] }, message: "field 'rules[0].by[0].source': expected \"client_ip\", \"header\"" },
  { config: { rules: [rule({ by: [{ source: "header" }] })] }, message: "field 'rules[0].by[0].name': is required" },
  { config: { rules: [rule({ by: [{ source: "header", name: "x y" }] })] }, message: "field 'rules[0].by[0].name': expected an HTTP header name" },
  { config: { rules: [rule({ by: [{ source: "client_ip", ipv4_prefix: 33 }] })] }, message: "field 'rules[0].by[0].ipv4_prefix': expected an integer between 0 and 32" },
  { config: { rules: [rule({ by: [{ source: "client_ip", name: "x-real-ip" }] })] }, message: "field 'rules[0].by[0].name': does not apply to source \"client_ip\"" },
  { config: { rules: [rule({ by: [{ source: "path_prefix", prefixes: ["api"] }] })] }, message: "field 'rules[0].by[0].prefixes': expected prefixes starting with \"/\"" },
  { config: { rules: [rule({ by: [{ source: "literal" }] })] }, message: "field 'rules[0].by[0].value': is required" },
  { config: { rules: [rule({ by: [{ source: "method", key: "" }] })] }, message: "field 'rules[0].by[0].key': expected a non-empty string" },
  { config: { rules: [rule({ match: { methods: ["get"] } })] }, message: "field 'rules[0].match.methods': expected upper-case method names" },
  { config: { rules: [rule({ match: { path_prefixes: "/api" } })] }, message: "field 'rules[0].match.path_prefixes': expected an array of strings" },
  { config: { rules: [rule({ overrides: [{ values: ["a"], limit: LIMIT }] })] }, message: "field 'rules[0].overrides': needs \"by\"" },
  {
    config: { rules: [rule({ by: [{ source: "method" }], overrides: [{ values: ["GET", "x"], limit: LIMIT }] })] },
    message: "field 'rules[0].overrides[0].values': expected 1 value(s), one per \"by\" entry",
    filterOnly: true,
  },
  {
    config: { rules: [rule({ by: [{ source: "method" }], overrides: [{ values: ["GET"], limit: LIMIT }, { values: ["GET"], limit: LIMIT }] })] },
    message: "field 'rules[0].overrides[1].values': the same values appear in an earlier override",
    filterOnly: true,
  },
  { config: { rules: [rule({ by: [{ source: "method" }], max_values: 2 })] }, message: "field 'rules[0].max_values': expected an integer between 4 and 65536" },
  { config: { rules: [rule({ max_values: 8 })] }, message: "field 'rules[0].max_values': needs \"by\"" },
  { config: { rules: [{ name: "g", mode: "global" }] }, message: "field 'global': is required when a rule has mode \"global\"" },
  { config: { rules: [{ name: "g", mode: "global", limit: LIMIT }], global: SERVICE }, message: "field 'rules[0].limit': applies to local rules only" },
  { config: { rules: [rule()], global: { ...SERVICE, failure_mode: "open" } }, message: "field 'global.failure_mode': expected \"deny\" or \"allow\"" },
  { config: { rules: [rule()], global: { ...SERVICE, timeout_ms: 0 } }, message: "field 'global.timeout_ms': expected an integer between 1 and 60000" },
  { config: { rules: [rule()], global: { cluster: "ratelimit_service" } }, message: "field 'global.domain': is required" },
  { config: { rules: [rule()], response: { status: 200 } }, message: "field 'response.status': expected an integer between 400 and 599" },
  { config: { rules: [rule()], response: { headers: [{ name: "x-a" }] } }, message: "field 'response.headers[0].value': is required" },
];

export const CONFIG_TABLE: ConfigTable = {
  filter: "ratelimit",
  valid: VALID_CONFIGS,
  invalid: INVALID_CONFIGS,
};
