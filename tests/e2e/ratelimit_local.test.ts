// Local rules in real Envoy at --concurrency 2: token buckets in shared data hold a limit exactly across both worker
// VMs, per value, with refill from elapsed time, a bounded table, shadow mode and the documented response headers.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  burst, countStatuses, sequentially, startRateLimitScenario,
} from "../../harness/scenarios/ratelimit.js";
import { useScenario } from "../../harness/testing.js";

describe("ratelimit: local rules in Envoy", () => {
  const fixture = useScenario("ratelimit", () => startRateLimitScenario());
  const env = () => fixture.scenario;
  const test = fixture.test;
  const stat = (name: string) => env().envoy.admin.stat(`wasmcustom.ratelimit.rule.${name}`);
  const workerConnections = async () => {
    const stats = await env().envoy.admin.stats();
    return [0, 1].map((worker) => stats.get(`listener.http.worker_${worker}.downstream_cx_total`) ?? 0);
  };

  test("a limit of 50 per hour admits exactly 50 of 200 concurrent requests spread over both workers", async () => {
    const connectionsBefore = await workerConnections();
    const answers = await burst(env().httpUrl + "/exact", 200, { connections: 32 });
    const connectionsAfter = await workerConnections();
    assert.deepEqual(countStatuses(answers), { 200: 50, 429: 150 });
    for (const worker of [0, 1]) {
      assert.ok(connectionsAfter[worker] - connectionsBefore[worker] >= 8, `worker ${worker} served connections: ${connectionsBefore} -> ${connectionsAfter}`);
    }
    assert.equal(await stat("exact.allowed"), 50);
    assert.equal(await stat("exact.limited"), 150);
    assert.equal(await env().envoy.admin.stat("wasmcustom.ratelimit.cas_exhausted"), 0);
    // The bootstrap's stats_tags turn the rule's name into a Prometheus label.
    const prometheus = await env().envoy.admin.prometheus();
    assert.match(prometheus, /^ratelimit_rule_allowed\{rule="exact"\} 50$/m);
    assert.match(prometheus, /^ratelimit_rule_limited\{rule="exact"\} 150$/m);
  });

  test("per-consumer limits are independent; a listed consumer gets its own limit, others the default", async () => {
    const [alice, bob, carol] = await Promise.all(
      ["alice", "bob", "carol"].map((consumer) => burst(env().httpUrl + "/consumer", 20, { headers: { "x-auth-consumer": consumer } })),
    );
    assert.deepEqual(countStatuses(alice), { 200: 6, 429: 14 });
    assert.deepEqual(countStatuses(bob), { 200: 3, 429: 17 });
    assert.deepEqual(countStatuses(carol), { 200: 3, 429: 17 });
    // A request without the header has no descriptor value: the rule does not apply to it.
    assert.deepEqual(countStatuses(await burst(env().httpUrl + "/consumer", 10)), { 200: 10 });
  });

  test("a limited response carries the limit headers, whole-second retry-after and the body; an allowed one is untouched", async () => {
    const [first, , , limited] = await sequentially(env().httpUrl + "/consumer", 4, { headers: { "x-auth-consumer": "dave" } });
    assert.equal(first.status, 200);
    for (const name of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"]) {
      assert.equal(first.headers.get(name), null, `${name} on an allowed response`);
    }
    const echoedHeaders = (JSON.parse(first.body) as { headers: Record<string, string> }).headers;
    assert.deepEqual(Object.keys(echoedHeaders).filter((name) => name.startsWith("x-ratelimit")), []);
    assert.equal(limited.status, 429);
    assert.equal(limited.body, "rate limited\n");
    assert.equal(limited.headers.get("content-type"), "text/plain");
    assert.equal(limited.headers.get("x-ratelimit-limit"), "3");
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    // 3 per hour: full again in just under an hour, the next token in just under 20 minutes.
    assertBetween(Number(limited.headers.get("x-ratelimit-reset")), 3590, 3600, "x-ratelimit-reset");
    assertBetween(Number(limited.headers.get("retry-after")), 1190, 1200, "retry-after");
  });

  test("refill is computed from elapsed time: after exhausting a burst of 3 at 1/s, a 2.2 s wait admits 2", async () => {
    const url = env().httpUrl + "/refill";
    const seconds = (ms: number) => Math.floor(ms / 1000);
    const firstSent = performance.now();
    const exhaust = await sequentially(url, 4);
    const exhausted = performance.now();
    await sleep(2200);
    const secondSent = performance.now();
    const later = await sequentially(url, 6);
    const secondDone = performance.now();
    const admittedFirst = exhaust.filter((a) => a.status === 200).length;
    const admittedLater = later.filter((a) => a.status === 200).length;
    // Every token beyond the first 3 was earned between the first request and the last answer; the wait alone
    // earned at least its own length (the bucket holds 3 at most). On a quiet machine both bounds give exactly 3, then 2.
    assert.deepEqual(exhaust.slice(0, 3).map((a) => a.status), [200, 200, 200]);
    assertBetween(admittedFirst, 3, 3 + seconds(exhausted - firstSent), "admitted at first");
    assertBetween(admittedLater, Math.min(3, seconds(secondSent - exhausted)), 3 + seconds(secondDone - firstSent) - admittedFirst, "admitted after the wait");
    assert.ok(seconds(secondSent - exhausted) >= 2, "the wait lasted at least 2 s");
    const refused = exhaust.find((a) => a.status === 429);
    if (refused) {
      // Less than one token left: the next one comes within a second, a full bucket within 3.
      assert.equal(refused.headers.get("retry-after"), "1");
      assert.equal(refused.headers.get("x-ratelimit-reset"), "3");
    }
  });

  test("client_ip with prefixes counts per /24 and per /64 network", async () => {
    const from = async (address: string) => (await fetch(env().httpUrl + "/network", { headers: { "x-forwarded-for": address } })).status;
    assert.deepEqual([await from("10.1.2.3"), await from("10.1.2.77"), await from("10.1.2.200")], [200, 200, 429]);
    assert.equal(await from("10.1.3.1"), 200);
    assert.deepEqual([await from("2001:db8:1:2::1"), await from("2001:db8:1:2:ffff::9"), await from("2001:db8:1:2::5")], [200, 200, 429]);
    assert.equal(await from("2001:db8:1:3::1"), 200);
    // An IPv4-mapped IPv6 client counts as the IPv4 address it carries.
    assert.equal(await from("::ffff:10.1.2.4"), 429);
  });

  test("a combination of header and method counts each pair apart; unmatched methods are not limited", async () => {
    const send = async (consumer: string, method: string) =>
      (await fetch(env().httpUrl + "/combo", { method, headers: { "x-auth-consumer": consumer } })).status;
    assert.deepEqual([await send("erin", "GET"), await send("erin", "GET")], [200, 429]);
    assert.deepEqual([await send("erin", "POST"), await send("erin", "POST")], [200, 429]);
    assert.equal(await send("frank", "GET"), 200);
    assert.deepEqual([await send("erin", "PUT"), await send("erin", "PUT")], [200, 200]);
  });

  test("the value table is bounded: a value beyond it shares the rule's overflow bucket and is counted as table_full", async () => {
    const send = async (client: string) => (await fetch(env().httpUrl + "/table", { headers: { "x-client": client } })).status;
    // max_values 4: one set of 4 ways, each value's only token spent, so none is idle.
    for (const client of ["c1", "c2", "c3", "c4"]) assert.equal(await send(client), 200);
    assert.equal(await stat("small_table.table_full"), 0);
    assert.deepEqual([await send("c5"), await send("c6"), await send("c7")], [200, 429, 429]);
    assert.equal(await stat("small_table.table_full"), 3);
    // The tracked values keep their own buckets.
    assert.equal(await send("c1"), 429);
    assert.equal(await stat("small_table.table_full"), 3);
  });

  test("a shadow rule only counts: every request passes, the would-be limited ones show in shadow_limited", async () => {
    assert.deepEqual(countStatuses(await sequentially(env().httpUrl + "/shadow", 5)), { 200: 5 });
    assert.equal(await stat("shadowed.allowed"), 2);
    assert.equal(await stat("shadowed.shadow_limited"), 3);
    assert.equal(await stat("shadowed.limited"), 0);
  });

  test("custom status, body and headers; a configured retry-after is kept; limit headers on allowed responses", async () => {
    const answers = await sequentially(env().customUrl + "/anything", 3);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 503]);
    assert.deepEqual(answers.slice(0, 2).map((a) => a.headers.get("x-ratelimit-remaining")), ["1", "0"]);
    assert.equal(answers[0].headers.get("x-ratelimit-limit"), "2");
    assertBetween(Number(answers[0].headers.get("x-ratelimit-reset")), 1790, 1800, "x-ratelimit-reset after one of two");
    const limited = answers[2];
    assert.equal(limited.body, "slow down\n");
    assert.equal(limited.headers.get("retry-after"), "120");
    assert.equal(limited.headers.get("x-limited-by"), "ratelimit");
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(await env().envoy.admin.stat("wasmcustom.ratelimit.rule.custom_all.limited"), 1);
  });
});

function assertBetween(value: number, low: number, high: number, what: string): void {
  assert.ok(value >= low && value <= high, `${what}: ${value} is not within [${low}, ${high}]`);
}

