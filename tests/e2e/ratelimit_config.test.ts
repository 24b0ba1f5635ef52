// filters/ratelimit/config.schema.json and the filter's own validation agree: each configuration of the shared table
// (tests/shared/ratelimit_config_cases.ts) goes to ajv and, as a listener update, to a running Envoy. The ones Envoy
// rejects name the field in its log, and Envoy keeps serving the configuration it had.
import assert from "node:assert/strict";
import { describeConfigTableInEnvoy } from "../../harness/config_table.js";
import { LOCAL_HTTP_CONFIG } from "../../harness/scenarios/ratelimit.js";
import { startLdsScenario } from "../../harness/scenarios/ratelimit_lds.js";
import { CONFIG_TABLE } from "../shared/ratelimit_config_cases.js";

describeConfigTableInEnvoy(CONFIG_TABLE, {
  start: () => startLdsScenario(LOCAL_HTTP_CONFIG),
  keptServing: {
    test: "after the rejected updates Envoy still serves with the last accepted configuration",
    async check(url) {
      const response = await fetch(url + "/");
      assert.equal(response.status, 200);
      await response.text();
    },
  },
});
