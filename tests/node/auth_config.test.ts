// The shared configuration table (tests/shared/auth_config_cases.ts) on the host emulator: the filter accepts the
// valid configurations and rejects the invalid ones with the log line naming the field, as it must in Envoy
// (tests/e2e/auth_config.test.ts); ajv agrees with both. The scenario's own configuration is valid too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost } from "../../harness/emulator/index.js";
import { projectRoot } from "../../harness/paths.js";
import { authHttpConfig, authKeys } from "../../harness/scenarios/auth.js";
import { INVALID_CONFIGS, VALID_CONFIGS } from "../shared/auth_config_cases.js";

const schema = JSON.parse(readFileSync(join(projectRoot(), "filters/auth/config.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ strict: true }).compile(schema);

async function configure(configuration: object | string) {
  return new EmulatedHost({ clusters: ["jwks", "authz"] }).loadPlugin(wasmPath("auth"), { name: "auth", vmId: "auth", configuration });
}

describe("auth configuration on the host emulator", () => {
  it("accepts the scenario's configuration (every provider type, every algorithm's key)", async () => {
    const config = authHttpConfig(await authKeys());
    assert.equal(validate(config), true, JSON.stringify(validate.errors));
    const plugin = await configure(config);
    assert.equal(plugin.configured, true, plugin.logs.map((l) => l.message).join("\n"));
  });

  for (const [what, config] of VALID_CONFIGS) {
    it(`accepts ${what}`, async () => {
      assert.equal(validate(config), true, JSON.stringify(validate.errors));
      const plugin = await configure(config);
      assert.equal(plugin.configured, true, plugin.logs.map((l) => l.message).join("\n"));
    });
  }

  for (const { config, message, filterOnly } of INVALID_CONFIGS) {
    const text = typeof config === "string" ? config : JSON.stringify(config);
    it(`rejects ${text.length > 90 ? text.slice(0, 90) + "..." : text}`, async () => {
      if (typeof config !== "string") assert.equal(validate(config), filterOnly === true, `schema: ${JSON.stringify(validate.errors)}`);
      const plugin = await configure(config);
      assert.equal(plugin.configured, false);
      const errors = plugin.logs.filter((l) => l.level === "error").map((l) => l.message);
      assert.ok(errors.some((m) => m.startsWith(`auth: invalid configuration: ${message}`)), errors.join("\n"));
    });
  }
});
