// Global rules against Envoy's own rate limit service backed by Redis, both started for real: two Envoys admit the
// limit together; hits_addend is sent; a stopped service fails as configured (deny or allow), counted; a slow one hits
// the timeout, counted.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { GlobalScenario, startGlobalScenario } from "../../harness/scenarios/ratelimit_global.js";
import { burst, countStatuses, sequentially } from "../../harness/scenarios/ratelimit.js";
import { showingEnvoyLog, wasmVmFailure } from "../../harness/testing.js";

const DAY_SECONDS = 86_400;

/** The service counts in fixed windows aligned to UTC days; a test that straddled midnight would see two windows. */
async function awayFromWindowEdge(): Promise<number> {
  const left = DAY_SECONDS - (Math.floor(Date.now() / 1000) % DAY_SECONDS);
  if (left < 60) await sleep((left + 1) * 1000);
  return DAY_SECONDS - (Math.floor(Date.now() / 1000) % DAY_SECONDS);
}

describe("ratelimit: global rules with Envoy's rate limit service and Redis", () => {
  let scenario: GlobalScenario | undefined;
  before(async () => {
    // The first run builds the service with go install (about a minute).
    scenario = await startGlobalScenario(2, (line) => console.log(line));
  });
  after(async () => {
    const logs = scenario?.envoys.map((e) => e.envoy.log()) ?? [];
    await scenario?.stop();
    for (const log of logs) {
      const failure = wasmVmFailure(log);
      if (failure) throw new Error(`a Wasm VM failed during the tests: ${failure}`);
    }
  });
  const env = () => {
    if (!scenario) throw new Error("the global scenario did not start");
    return scenario;
  };
  const test = (name: string, body: (t: TestContext) => Promise<void>) => it(name, showingEnvoyLog(() => scenario?.envoys[0].envoy, body));
  const statSum = async (name: string) => {
    const values = await Promise.all(env().envoys.map((e) => e.envoy.admin.stat(`wasmcustom.ratelimit.${name}`)));
    return values.reduce((a, b) => a + b, 0);
  };

  test("two Envoys sharing one service and one Redis admit 20 per consumer together", async () => {
    const secondsLeft = await awayFromWindowEdge();
    const consumer = `consumer-${randomBytes(4).toString("hex")}`;
    const headers = { "x-auth-consumer": consumer };
    const [first, second] = await Promise.all(env().envoys.map((e) => burst(e.httpUrl + "/orders", 30, { headers, connections: 16 })));
    const all = [...first, ...second];
    // Separate counts would admit 20 at each Envoy; 20 in all means one count.
    assert.deepEqual(countStatuses(all), { 200: 20, 429: 40 });
    assert.equal(await statSum("rule.global_consumer.allowed"), 20);
    assert.equal(await statSum("rule.global_consumer.limited"), 40);

    const limited = all.find((a) => a.status === 429)!;
    assert.equal(limited.body, "rate limited\n");
    assert.equal(limited.headers.get("x-ratelimit-limit"), "20");
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    const reset = Number(limited.headers.get("x-ratelimit-reset"));
    assert.ok(reset >= 1 && reset <= secondsLeft, `x-ratelimit-reset ${reset} within the day's ${secondsLeft} s left`);
    assert.equal(limited.headers.get("retry-after"), String(reset));
    // An allowed response carries the limit headers (headers_on_allowed) and the ones the service asked for.
    const allowed = all.find((a) => a.status === 200)!;
    assert.equal(allowed.headers.get("x-ratelimit-limit"), "20");
    assert.ok(Number(allowed.headers.get("x-ratelimit-remaining")) < 20);
    assert.equal(allowed.headers.get("ratelimit-limit"), "20");
  });

  test("hits_addend is sent: each request counts 5 hits, so a limit of 20 admits 4", async () => {
    await awayFromWindowEdge();
    const answers = await sequentially(env().envoys[0].allowUrl + "/weighted", 6);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 429, 429]);
  });

  test("a service slower than the timeout: failure mode deny answers 500, counted as a timeout", async () => {
    const { envoy, slowUrl } = env().envoys[0];
    const [timeoutsBefore, errorsBefore, deniedBefore] = await Promise.all(
      ["service.timeouts", "service.errors", "service.failure_mode_denied"].map((name) => envoy.admin.stat(`wasmcustom.ratelimit.${name}`)),
    );
    const response = await fetch(slowUrl + "/anything");
    assert.equal(response.status, 500);
    assert.equal(await response.text(), "rate limit service unavailable\n");
    assert.ok(env().slow.calls >= 1, "the call reached the slow service");
    assert.equal(await envoy.admin.stat("wasmcustom.ratelimit.service.timeouts"), timeoutsBefore + 1);
    assert.equal(await envoy.admin.stat("wasmcustom.ratelimit.service.errors"), errorsBefore);
    assert.equal(await envoy.admin.stat("wasmcustom.ratelimit.service.failure_mode_denied"), deniedBefore + 1);
  });

  test("with the service stopped, deny answers 500 and allow passes, each counted; restarted, it limits again", async () => {
    const { envoy, httpUrl, allowUrl } = env().envoys[0];
    const stat = (name: string) => envoy.admin.stat(`wasmcustom.ratelimit.${name}`);
    const [errorsBefore, deniedBefore, allowedBefore] = await Promise.all(
      ["service.errors", "service.failure_mode_denied", "service.failure_mode_allowed"].map(stat),
    );
    await env().service.stop();
    try {
      const denied = await fetch(httpUrl + "/orders", { headers: { "x-auth-consumer": "nobody-counts" } });
      assert.equal(denied.status, 500);
      assert.equal(await denied.text(), "rate limit service unavailable\n");
      const passed = await fetch(allowUrl + "/weighted");
      assert.equal(passed.status, 200);
      await passed.text();
      assert.equal(await stat("service.errors"), errorsBefore + 2);
      assert.equal(await stat("service.failure_mode_denied"), deniedBefore + 1);
      assert.equal(await stat("service.failure_mode_allowed"), allowedBefore + 1);
    } finally {
      await env().service.start();
    }
    await awayFromWindowEdge();
    const again = await sequentially(httpUrl + "/orders", 1, { headers: { "x-auth-consumer": `after-${randomBytes(4).toString("hex")}` } });
    assert.equal(again[0].status, 200);
  });
});
