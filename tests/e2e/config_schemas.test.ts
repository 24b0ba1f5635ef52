// Each filter's config.schema.json agrees with the filter's own validation: the configurations the scenarios boot
// with are valid, and the ones Envoy must reject (see sdk_lifecycle.test.ts) are invalid.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { projectRoot } from "../../harness/paths.js";
import { AUTH_STRICT_CONFIG } from "../../harness/scenarios/auth.js";
import { DEFAULT_CONFORMANCE_CONFIGS } from "../../harness/scenarios/conformance.js";

function validator(schemaPath: string) {
  const schema = JSON.parse(readFileSync(join(projectRoot(), schemaPath), "utf8")) as object;
  return new Ajv2020({ strict: true }).compile(schema);
}

describe("config schemas", () => {
  it("conformance: the scenario's configurations are valid, the rejected ones are not", () => {
    const validate = validator("tests/conformance/config.schema.json");
    assert.equal(validate(DEFAULT_CONFORMANCE_CONFIGS.http), true, JSON.stringify(validate.errors));
    assert.equal(validate(DEFAULT_CONFORMANCE_CONFIGS.tcp), true, JSON.stringify(validate.errors));
    assert.equal(validate({ mode: "http", tick_period_ms: "fast" }), false);
    assert.equal(validate({ mode: "http", colour: "red" }), false);
    assert.equal(validate({ mode: "udp" }), false);
  });

  it("auth: the strict listener's configuration is valid; an unknown field and a plain-text password are not", () => {
    const validate = validator("filters/auth/config.schema.json");
    assert.equal(validate(AUTH_STRICT_CONFIG), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...AUTH_STRICT_CONFIG, colour: "red" }), false);
    assert.equal(validate({ providers: [{ name: "users", type: "basic", consumers: [{ name: "c", user: "c", password: "hunter2" }] }], default_rule: { any_of: ["users"] } }), false);
  });
});
