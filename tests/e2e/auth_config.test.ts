// filters/auth/config.schema.json and the filter's own validation agree: each configuration of the shared table
// (tests/shared/auth_config_cases.ts) goes to ajv and, as a listener update, to a running Envoy. The ones Envoy
// rejects name the field in its log, and Envoy keeps serving the configuration it had.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import { projectRoot } from "../../harness/paths.js";
import { AUTH_STRICT_CONFIG, authHttpConfig, authKeys, send } from "../../harness/scenarios/auth.js";
import { AuthLdsScenario, startAuthLdsScenario } from "../../harness/scenarios/auth_lds.js";
import { showingEnvoyLog, wasmVmFailure } from "../../harness/testing.js";
import { INVALID_CONFIGS, VALID_CONFIGS } from "../shared/auth_config_cases.js";

describe("auth: configuration schema and validation in Envoy", () => {
  const schema = JSON.parse(readFileSync(join(projectRoot(), "filters/auth/config.schema.json"), "utf8")) as object;
  const validate = new Ajv2020({ strict: true }).compile(schema);
  let scenario: AuthLdsScenario | undefined;
  before(async () => {
    scenario = await startAuthLdsScenario(AUTH_STRICT_CONFIG);
  });
  after(async () => {
    const log = scenario?.envoy.log() ?? "";
    await scenario?.stop();
    const failure = wasmVmFailure(log);
    if (failure) throw new Error(`a Wasm VM failed during the tests: ${failure}`);
  });
  const test = (name: string, body: (t: TestContext) => Promise<void>) => it(name, showingEnvoyLog(() => scenario?.envoy, body));
  /** Envoy's log from `offset` on, once it holds `text` (or after 5 s). */
  const logAfter = async (offset: number, text: string) => {
    const deadline = Date.now() + 5_000;
    let logged = scenario!.envoy.log().slice(offset);
    while (!logged.includes(text) && Date.now() < deadline) {
      await sleep(20);
      logged = scenario!.envoy.log().slice(offset);
    }
    return logged;
  };

  test("configurations in use are valid for the schema and accepted by Envoy", async () => {
    const all: [string, object][] = [["the e2e scenario's listener", authHttpConfig(await authKeys())], ...VALID_CONFIGS];
    for (const [what, config] of all) {
      assert.equal(validate(config), true, `${what}: ${JSON.stringify(validate.errors)}`);
      assert.equal(await scenario!.apply(config), "accepted", what);
    }
  });

  test("invalid configurations are rejected by the schema and by Envoy, whose log names the field", async () => {
    await scenario!.apply(AUTH_STRICT_CONFIG);
    for (const { config, message, filterOnly } of INVALID_CONFIGS) {
      const text = typeof config === "string" ? config : JSON.stringify(config);
      if (typeof config !== "string") assert.equal(validate(config), filterOnly === true, `schema on ${text}: ${JSON.stringify(validate.errors)}`);
      const logBefore = scenario!.envoy.log().length;
      assert.equal(await scenario!.apply(config), "rejected", text);
      const expected = `auth: invalid configuration: ${message}`;
      const logged = await logAfter(logBefore, expected);
      assert.ok(logged.includes(expected), `Envoy's log for ${text} lacks "${message}":\n${logged.slice(-1500)}`);
    }
  });

  test("after the rejected updates Envoy still serves with the last accepted configuration", async () => {
    const url = await scenario!.url();
    assert.equal((await send(url + "/api/x", { headers: { "x-api-key": "alice-key-1" } })).status, 200);
    assert.equal((await send(url + "/api/x")).status, 401);
  });
});
