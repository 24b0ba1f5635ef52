// filters/auth/config.schema.json and the filter's own validation agree: each configuration of the shared table
// (tests/shared/auth_config_cases.ts) goes to ajv and, as a listener update, to a running Envoy. The ones Envoy
// rejects name the field in its log, and Envoy keeps serving the configuration it had.
import assert from "node:assert/strict";
import { describeConfigTableInEnvoy } from "../../harness/config_table.js";
import { AUTH_STRICT_CONFIG, send } from "../../harness/scenarios/auth.js";
import { startAuthLdsScenario } from "../../harness/scenarios/auth_lds.js";
import { CONFIG_TABLE } from "../shared/auth_config_cases.js";

describeConfigTableInEnvoy(CONFIG_TABLE, {
  start: () => startAuthLdsScenario(AUTH_STRICT_CONFIG),
  baseline: AUTH_STRICT_CONFIG,
  keptServing: {
    test: "after the rejected updates Envoy still serves with the last accepted configuration",
    async check(url) {
      assert.equal((await send(url + "/api/x", { headers: { "x-api-key": "alice-key-1" } })).status, 200);
      assert.equal((await send(url + "/api/x")).status, 401);
    },
  },
});
