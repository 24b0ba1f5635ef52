// The starter filter (examples/starter) in a real Envoy started from the example's own envoy.yaml: the header on
// responses over both workers, the counter on /stats, and a bad configuration that stops Envoy naming the field.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EnvoyStartError } from "../../harness/envoy.js";
import { type StarterScenario, startStarterScenario } from "../../harness/scenarios/starter.js";
import { wasmVmFailure } from "../../harness/testing.js";

describe("starter in Envoy", () => {
  let scenario: StarterScenario;
  before(async () => {
    scenario = await startStarterScenario({ header: "x-starter", value: "from the example" });
  });
  after(async () => {
    assert.equal(wasmVmFailure(scenario.envoy.log()), undefined);
    await scenario.stop();
  });

  it("every response carries the configured header; the upstream sees the request unchanged", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`${scenario.httpUrl}/hello`)));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get("x-starter"), "from the example");
      await answer.arrayBuffer();
    }
    assert.equal(scenario.echo.requests.at(-1)?.headers["x-starter"], undefined);
  });

  it("counts the requests on /stats", async () => {
    const before = await scenario.envoy.admin.stat("wasmcustom.starter.requests");
    await (await fetch(`${scenario.httpUrl}/count`)).arrayBuffer();
    assert.equal(await scenario.envoy.admin.stat("wasmcustom.starter.requests"), before + 1);
  });

  it("a bad configuration stops Envoy with a log line naming the field", async () => {
    await assert.rejects(startStarterScenario({ header: "Not A Header" }), (error: EnvoyStartError) => {
      assert.match(error.log, /starter: invalid configuration: field 'header': expected a lower-case HTTP header name/);
      return true;
    });
  });
});
