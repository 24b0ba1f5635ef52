// State shared across Envoy's workers and the VM's own timers: shared data with CAS, shared queues, ticks, and
// metrics on /stats and /stats/prometheus. Envoy runs with --concurrency 2 and spreads connections evenly.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { Agent, fetch } from "undici";
import { useConformanceScenario } from "./fixtures.js";

const CONCURRENT_CONNECTIONS = 16;

/** `count` GETs of `path`, `CONCURRENT_CONNECTIONS` at a time over their own connections; returns the responses' headers. */
async function getConcurrently(url: string, count: number) {
  const dispatcher = new Agent({ connections: CONCURRENT_CONNECTIONS, pipelining: 1 });
  const results: { get(name: string): string | null }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const response = await fetch(url, { dispatcher });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      results.push(response.headers);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CONNECTIONS }, worker));
  await dispatcher.close();
  return results;
}

describe("SDK shared state in Envoy", () => {
  const env = useConformanceScenario();

  env.test("shared data CAS increments from 400 concurrent requests on both workers all land", async (t) => {
    const { httpUrl, envoy } = env.scenario;
    const readCount = async () => {
      const response = await fetch(httpUrl + "/shared/read");
      await response.arrayBuffer();
      return Number(response.headers.get("x-conf-shared"));
    };
    const start = await readCount();
    const headers = await getConcurrently(httpUrl + "/shared/incr", 400);
    const vms = new Set(headers.map((h) => h.get("x-conf-vm")));
    assert.equal(vms.size, 2, `requests should be served by both worker VMs, saw ${[...vms].join(", ")}`);
    const seen = headers.map((h) => Number(h.get("x-conf-shared"))).sort((a, b) => a - b);
    assert.deepEqual(seen, Array.from({ length: 400 }, (_, i) => start + i + 1), "every increment returns a distinct value");
    assert.equal(await readCount(), start + 400);
    t.diagnostic(`cas retries: ${await envoy.admin.stat("wasmcustom.conformance.cas_retries")}`);
  });

  env.test("counter and gauge move with traffic on /stats; the gauge returns to zero", async () => {
    const { httpUrl, envoy } = env.scenario;
    const before = await envoy.admin.stat("wasmcustom.conformance.requests");
    await getConcurrently(httpUrl + "/hello", 25);
    assert.equal(await envoy.admin.stat("wasmcustom.conformance.requests"), before + 25);
    assert.equal(await envoy.admin.waitForStat("wasmcustom.conformance.active_requests", (v) => v === 0), 0);
  });

  env.test("counter, gauge and histogram are exported on /stats/prometheus without the wasmcustom prefix", async () => {
    const { httpUrl, envoy } = env.scenario;
    const response = await fetch(httpUrl + "/body", { method: "POST", body: "twelve bytes" });
    await response.arrayBuffer();
    const requests = await envoy.admin.stat("wasmcustom.conformance.requests");
    // Histogram samples reach the admin endpoints at the next stats flush (stats_flush_interval, 1 s here).
    const recorded = /^conformance_request_body_bytes_count\{\} [1-9]\d*$/m;
    const deadline = Date.now() + 15_000;
    let text = await envoy.admin.prometheus();
    while (!recorded.test(text) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      text = await envoy.admin.prometheus();
    }
    assert.match(text, /^# TYPE conformance_requests counter$/m);
    assert.match(text, new RegExp(`^conformance_requests\\{\\} ${requests}$`, "m"));
    assert.match(text, /^# TYPE conformance_active_requests gauge$/m);
    assert.match(text, /^# TYPE conformance_request_body_bytes histogram$/m);
    assert.match(text, recorded);
  });

  env.test("the tick timer set in onConfigure fires repeatedly", async () => {
    const ticks = await env.scenario.envoy.admin.waitForStat("wasmcustom.conformance.ticks", (v) => v >= 10);
    assert.ok(ticks >= 10, `ticks: ${ticks}`);
  });

  env.test("messages enqueued from both workers are all dequeued by the queue's listener", async () => {
    const { httpUrl, envoy } = env.scenario;
    const before = await envoy.admin.stat("wasmcustom.conformance.queue_messages");
    const headers = await getConcurrently(httpUrl + "/queue", 30);
    assert.deepEqual(new Set(headers.map((h) => h.get("x-conf-enqueue"))), new Set(["Ok"]));
    assert.equal(await envoy.admin.waitForStat("wasmcustom.conformance.queue_messages", (v) => v >= before + 30), before + 30);
  });
});
