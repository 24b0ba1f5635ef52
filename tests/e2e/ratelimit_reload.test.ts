// A new plugin configuration pushed to a running Envoy (listener from a file, updated in place; the VMs' shared data
// lives on): a rule whose limit changed starts from zero, a rule left as it was keeps counting, and going back to an
// earlier limit goes back to that limit's counters. This is what puts the rule's configuration hash in its keys.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { startLdsScenario } from "../../harness/scenarios/ratelimit_lds.js";
import { burst, countStatuses } from "../../harness/scenarios/ratelimit.js";
import { useScenario } from "../../harness/testing.js";

/** A version of the configuration: the limited rule, and a probe rule whose limit tells which version answered. */
function version(tag: string, requests: number, probeLimit: number) {
  return {
    rules: [
      { name: "reload", match: { path_prefixes: ["/reload"] }, limit: { requests, per: "hour" } },
      { name: "probe", match: { path_prefixes: ["/probe"] }, limit: { requests: probeLimit, per: "hour" } },
    ],
    response: { body: `limited by ${tag}\n`, headers_on_allowed: true },
  };
}

describe("ratelimit: a configuration update in a running Envoy", () => {
  const fixture = useScenario("ratelimit listener file", () => startLdsScenario(version("v1", 5, 1001)));
  const test = fixture.test;

  /** Applies a version, then probes both workers (4 connections at once) until every answer comes from it. */
  async function update(config: ReturnType<typeof version>): Promise<string> {
    const lds = fixture.scenario;
    assert.equal(await lds.apply(config), "accepted");
    const url = await lds.url();
    const expected = String(config.rules[1].limit.requests);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const answers = await burst(url + "/probe", 4, { connections: 4 });
      if (answers.every((a) => a.headers.get("x-ratelimit-limit") === expected)) return url;
      assert.ok(Date.now() < deadline, `the workers still answer with the previous configuration: ${answers.map((a) => a.headers.get("x-ratelimit-limit"))}`);
    }
  }

  test("a changed limit applies from zero; an unchanged rule keeps its counters; an earlier limit finds its own again", async () => {
    const lds = fixture.scenario;
    const first = await burst((await lds.url()) + "/reload", 10, { connections: 8 });
    assert.deepEqual(countStatuses(first), { 200: 5, 429: 5 });
    assert.ok(first.filter((a) => a.status === 429).every((a) => a.body === "limited by v1\n"));

    // The limit changed: new keys, a full bucket of the new size, whatever the old one had used.
    let url = await update(version("v2", 8, 1002));
    const second = await burst(url + "/reload", 12, { connections: 8 });
    assert.deepEqual(countStatuses(second), { 200: 8, 429: 4 });
    assert.ok(second.filter((a) => a.status === 429).every((a) => a.body === "limited by v2\n"));

    // The rule is as in v2, only the response changed: the rule's counters carry on, still spent.
    url = await update(version("v3", 8, 1003));
    const third = await burst(url + "/reload", 3, { connections: 3 });
    assert.deepEqual(countStatuses(third), { 429: 3 });
    assert.ok(third.every((a) => a.body === "limited by v3\n"));

    // Back to the first limit: its keys still hold what it spent.
    url = await update(version("v4", 5, 1004));
    const fourth = await burst(url + "/reload", 3, { connections: 3 });
    assert.deepEqual(countStatuses(fourth), { 429: 3 });
    assert.ok(fourth.every((a) => a.body === "limited by v4\n"));
  });
});
