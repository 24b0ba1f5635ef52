// filters/ratelimit/config.schema.json and the filter's own validation agree: each configuration below goes to ajv
// and, as a listener update, to a running Envoy. The ones Envoy rejects name the field in its log, and Envoy keeps
// serving the configuration it had.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { projectRoot } from "../../harness/paths.js";
import { LOCAL_CUSTOM_CONFIG, LOCAL_HTTP_CONFIG, vmFailure } from "../../harness/scenarios/ratelimit.js";
import { GLOBAL_ALLOW_CONFIG, GLOBAL_HTTP_CONFIG, GLOBAL_SLOW_CONFIG } from "../../harness/scenarios/ratelimit_global.js";
import { LdsScenario, startLdsScenario } from "../../harness/scenarios/ratelimit_lds.js";
import { showingEnvoyLog } from "../../harness/testing.js";

const LIMIT = { requests: 10, per: "minute" };
const rule = (extra: object = {}) => ({ name: "r", limit: LIMIT, ...extra });
const SERVICE = { cluster: "ratelimit_service", domain: "edge" };

const VALID: [string, object][] = [
  ["the local scenario's listener", LOCAL_HTTP_CONFIG],
  ["the local scenario's custom listener", LOCAL_CUSTOM_CONFIG],
  ["the global scenario's listeners", GLOBAL_HTTP_CONFIG],
  ["failure mode allow with hits_addend", GLOBAL_ALLOW_CONFIG],
  ["a global rule without by", GLOBAL_SLOW_CONFIG],
  ["every source at once", { rules: [rule({ by: [{ source: "client_ip", ipv4_prefix: 16, ipv6_prefix: 48 }, { source: "header", name: "X-Tenant", key: "tenant" }, { source: "path_prefix", prefixes: ["/a", "/b"] }, { source: "method" }, { source: "literal", value: "x" }] })] }],
];

/** A configuration, the text Envoy's log must show for it, and whether the schema can say it too. */
interface Invalid {
  config: object | string;
  message: string;
  /** Rules across several values (uniqueness, counts matching another list) that JSON Schema cannot state. */
  filterOnly?: true;
}

const INVALID: Invalid[] = [
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

describe("ratelimit: configuration schema and validation in Envoy", () => {
  const schema = JSON.parse(readFileSync(join(projectRoot(), "filters/ratelimit/config.schema.json"), "utf8")) as object;
  const validate = new Ajv2020({ strict: true }).compile(schema);
  let scenario: LdsScenario | undefined;
  before(async () => {
    scenario = await startLdsScenario(LOCAL_HTTP_CONFIG);
  });
  after(async () => {
    const log = scenario?.envoy.log() ?? "";
    await scenario?.stop();
    const failure = vmFailure(log);
    if (failure) throw new Error(`a Wasm VM failed during the tests: ${failure}`);
  });
  const test = (name: string, body: (t: TestContext) => Promise<void>) => it(name, showingEnvoyLog(() => scenario?.envoy, body));

  test("configurations in use are valid for the schema and accepted by Envoy", async () => {
    for (const [what, config] of VALID) {
      assert.equal(validate(config), true, `${what}: ${JSON.stringify(validate.errors)}`);
      assert.equal(await scenario!.apply(config), "accepted", what);
    }
  });

  test("invalid configurations are rejected by the schema and by Envoy, whose log names the field", async () => {
    for (const { config, message, filterOnly } of INVALID) {
      const text = typeof config === "string" ? config : JSON.stringify(config);
      if (typeof config !== "string") {
        // A rule the schema cannot state is accepted by it; the filter alone catches it.
        assert.equal(validate(config), filterOnly === true, `schema on ${text}: ${JSON.stringify(validate.errors)}`);
      }
      const logBefore = scenario!.envoy.log().length;
      assert.equal(await scenario!.apply(config), "rejected", text);
      const logged = scenario!.envoy.log().slice(logBefore);
      assert.ok(logged.includes(`ratelimit: invalid configuration: ${message}`), `Envoy's log for ${text} lacks "${message}":\n${logged.slice(-1500)}`);
    }
  });

  test("after the rejected updates Envoy still serves with the last accepted configuration", async () => {
    const response = await fetch((await scenario!.url()) + "/");
    assert.equal(response.status, 200);
    await response.text();
  });
});
