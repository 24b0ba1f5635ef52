// filters/route-meta/config.schema.json and the filter's own validation agree in Envoy: each configuration of the
// shared table (tests/shared/route_meta_config_cases.ts) goes to ajv and, as a listener update, to a running Envoy.
// The ones Envoy rejects name the field in its log, and Envoy keeps routing with the configuration it had.
import assert from "node:assert/strict";
import { describeConfigTableInEnvoy } from "../../harness/config_table.js";
import { ROUTE_META_HTTP_CONFIG, routed } from "../../harness/scenarios/route_meta.js";
import { startRouteMetaLdsScenario } from "../../harness/scenarios/route_meta_lds.js";
import { CONFIG_TABLE } from "../shared/route_meta_config_cases.js";

describeConfigTableInEnvoy(CONFIG_TABLE, {
  start: () => startRouteMetaLdsScenario(ROUTE_META_HTTP_CONFIG),
  baseline: ROUTE_META_HTTP_CONFIG,
  keptServing: {
    test: "after the rejected updates Envoy still routes with the last accepted configuration",
    async check(url) {
      const r = await routed(url + "/", { "x-tester": "true" });
      assert.equal(r.status, 200);
      assert.equal(r.upstream, "v2");
    },
  },
});
