// The dubbo filter in a real Envoy (--concurrency 2) between a real Apache Dubbo 3.3.6 Java consumer and provider
// (hessian2, direct URL): per-method stats and latency, deny rules answered with an error the consumer raises while
// its connection keeps serving, pipelined calls, and Envoy's dubbo_proxy decoding the same calls.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { projectRoot } from "../../harness/paths.js";
import { startDubboConsumer, type DubboConsumer } from "../../harness/peers/dubbo.js";
import { startDubboScenario, type DubboScenario } from "../../harness/scenarios/dubbo.js";
import { exchangeBytes, wasmVmFailure } from "../../harness/testing.js";

const CALL = "wasmcustom.dubbo.call.shop.GreeterService";
const FRAMES: { call: string; direction: string; hex: string }[] = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/dubbo/frames.json"), "utf8")).frames;
const captured = (call: string) => Buffer.from(FRAMES.find((f) => f.call === call && f.direction === "request")!.hex, "hex");

const exchange = (port: number, chunks: Buffer[], bytes: number) => exchangeBytes("::1", port, chunks, bytes);

describe("dubbo filter in Envoy with a real Java consumer and provider", () => {
  let scenario: DubboScenario;
  let consumer: DubboConsumer;
  let native: DubboConsumer;
  before(async () => {
    scenario = await startDubboScenario();
    [consumer, native] = await Promise.all([startDubboConsumer(scenario.port), startDubboConsumer(scenario.nativePort)]);
  });
  after(async () => {
    await Promise.all([consumer?.stop(), native?.stop()]);
    assert.equal(wasmVmFailure(scenario.envoy.log()), undefined);
    await scenario?.stop();
  });
  const stat = (name: string) => scenario.envoy.admin.stat(name);

  it("a call goes through with its attachments; requests and responses are counted per method", async () => {
    const before = await stat(`${CALL}.greet.responses_ok`);
    const answer = await consumer.call({ method: "greet", arg: "ann", attachments: { "x-tenant": "t1" } });
    assert.deepEqual(answer, { ok: true, text: "hello, ann from p1 (default) {x-tenant=t1}" });
    assert.equal(await scenario.envoy.admin.waitForStat(`${CALL}.greet.responses_ok`, (v) => v === before + 1), before + 1);
    assert.ok((await stat(`${CALL}.greet.requests`)) >= 1);
  });

  it("a denied call raises RpcException with the rule's message, and the same connection serves the next call", async () => {
    const denied = await consumer.call({ method: "slow", arg: "10", group: "beta", version: "2.0.0" });
    assert.equal(denied.ok, false);
    assert.match(denied.text, /^org\.apache\.dubbo\.rpc\.RpcException: .*slow is closed in beta/);
    const plain = await consumer.call({ method: "slow", arg: "10" });
    assert.deepEqual(plain, { ok: true, text: "slept 10" });
    const beta = await consumer.call({ method: "greet", arg: "bob", group: "beta", version: "2.0.0" });
    assert.deepEqual(beta, { ok: true, text: "hello, bob from p1 (beta/2.0.0)" });
    assert.equal(await stat(`${CALL}.slow.denied`), 1);
  });

  it("an attachment after arguments of every Hessian2 shape is found: the blocked tenant is denied", async () => {
    const allowed = await consumer.call({ method: "describe", arg: "a" });
    assert.deepEqual(allowed, { ok: true, text: "values=8 items=5 orders=100 blob=100000 big=-9223372036854775808 ratio=-0.125" });
    const denied = await consumer.call({ method: "describe", arg: "a", attachments: { "x-tenant": "blocked" } });
    assert.equal(denied.ok, false);
    assert.match(denied.text, /denied by the dubbo filter \(rule blocked-tenant\)/);
  });

  it("a declared exception and a null answer pass and are counted", async () => {
    const failed = await consumer.call({ method: "fail", arg: "why" });
    assert.deepEqual(failed, { ok: false, text: "shop.GreetingException: refused: why" });
    assert.deepEqual(await consumer.call({ method: "nothing" }), { ok: true, text: "null" });
    assert.equal(await scenario.envoy.admin.waitForStat(`${CALL}.fail.exceptions`, (v) => v === 1), 1);
  });

  it("a limit per attachment value holds across both workers; a limited call raises RpcException, other tenants go on", async () => {
    const second = await startDubboConsumer(scenario.port);
    try {
      const tenant = { "x-tenant": "limited-1" };
      assert.deepEqual(await consumer.call({ method: "nothing", attachments: tenant }), { ok: true, text: "null" });
      assert.deepEqual(await second.call({ method: "nothing", attachments: tenant }), { ok: true, text: "null" });
      const third = await consumer.call({ method: "nothing", attachments: tenant });
      assert.equal(third.ok, false);
      assert.match(third.text, /^org\.apache\.dubbo\.rpc\.RpcException: .*rate limited by the dubbo filter \(rule nothing-per-tenant\)/);
      assert.equal((await second.call({ method: "nothing", attachments: tenant })).ok, false);
      assert.deepEqual(await second.call({ method: "nothing", attachments: { "x-tenant": "limited-2" } }), { ok: true, text: "null" });
      assert.equal(await stat(`${CALL}.nothing.limited`), 2);
      assert.equal(await stat("wasmcustom.dubbo.limited"), 2);
    } finally {
      await second.stop();
    }
  });

  it("an abort rule answers its share of callers with an error, the same callers every time (sticky by x-user)", async () => {
    const users = Array.from({ length: 16 }, (_, i) => `user-${i}`);
    const round = () => Promise.all(users.map((user) => consumer.call({ method: "greet", arg: user, attachments: { "x-fault": "on", "x-user": user } })));
    const [first, second] = [await round(), await round()];
    const aborted = first.filter((answer) => !answer.ok);
    assert.ok(aborted.length > 0 && aborted.length < users.length, `${aborted.length} of ${users.length} aborted`);
    assert.deepEqual(second.map((answer) => answer.ok), first.map((answer) => answer.ok));
    for (const answer of aborted) assert.match(answer.text, /RpcException: .*aborted \(fault injection\) by the dubbo filter \(rule fault-greet\)/);
    assert.equal(await stat(`${CALL}.greet.aborted`), aborted.length * 2);
  });

  it("a delay rule holds a call for delay_ms before the provider sees it; calls behind it on its connection wait, other connections do not", async () => {
    const other = await startDubboConsumer(scenario.port);
    try {
      await other.call({ method: "greet", arg: "warm" });
      const started = Date.now();
      const timed = (answer: Promise<unknown>) => answer.then((value) => ({ value, ms: Date.now() - started }));
      const delayed = timed(consumer.call({ method: "greet", arg: "late", attachments: { "x-delay": "on" } }));
      await sleep(100);
      const behind = timed(consumer.call({ method: "greet", arg: "behind" }));
      const elsewhere = await timed(other.call({ method: "greet", arg: "elsewhere" }));
      assert.deepEqual(elsewhere.value, { ok: true, text: "hello, elsewhere from p1 (default)" });
      assert.ok(elsewhere.ms < 800, `another connection answered in ${elsewhere.ms} ms`);
      const [late, second] = [await delayed, await behind];
      assert.deepEqual(late.value, { ok: true, text: "hello, late from p1 (default) {x-delay=on}" });
      assert.ok(late.ms >= 1000 && late.ms < 2500, `the delayed call answered in ${late.ms} ms`);
      assert.deepEqual(second.value, { ok: true, text: "hello, behind from p1 (default)" });
      assert.ok(second.ms >= 950, `the call behind it answered in ${second.ms} ms`);
      assert.equal(await stat(`${CALL}.greet.delayed`), 1);
      assert.equal(await stat("wasmcustom.dubbo.delayed"), 1);
    } finally {
      await other.stop();
    }
  });

  it("a delay past the consumer's timeout raises its TimeoutException; the connection serves calls once the hold ends", async () => {
    const held = await startDubboConsumer(scenario.port);
    try {
      const started = Date.now();
      const answer = await held.call({ method: "greet", arg: "too-late", attachments: { "x-delay": "long" } });
      assert.equal(answer.ok, false);
      assert.match(answer.text, /TimeoutException/);
      assert.ok(Date.now() - started >= 4900);
      await sleep(Math.max(0, 5600 - (Date.now() - started)));
      assert.deepEqual(await held.call({ method: "greet", arg: "after" }), { ok: true, text: "hello, after from p1 (default)" });
      assert.equal(await stat("wasmcustom.dubbo.delayed"), 2);
    } finally {
      await held.stop();
    }
  });

  it("pipelined calls on one connection each get their own answer; dubbo_proxy decodes the same calls", async () => {
    const calls = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? { method: "slow" as const, arg: String(80 - i * 3) } : { method: "greet" as const, arg: `u${i}` }));
    for (const target of [consumer, native]) {
      const answers = await Promise.all(calls.map((call) => target.call(call)));
      answers.forEach((answer, i) => assert.deepEqual(answer, { ok: true, text: calls[i].method === "slow" ? `slept ${calls[i].arg}` : `hello, ${calls[i].arg} from p1 (default)` }));
    }
    assert.ok((await stat("dubbo.native.request_decoding_success")) >= 24);
  });

  it("a call written one byte at a time is answered; a heartbeat is answered with Hessian2 null", async () => {
    const call = captured("greet");
    const { received } = await exchange(scenario.port, [...call].map((b) => Buffer.from([b])), 17);
    assert.equal(received.readUInt16BE(0), 0xdabb);
    assert.equal(received[3], 20, "status OK");
    assert.equal(received.readBigUInt64BE(4), call.readBigUInt64BE(4));
    const heartbeat = Buffer.from("dabbe2000000000000000063000000014e", "hex");
    const answer = await exchange(scenario.port, [heartbeat], 17);
    assert.equal(answer.received.subarray(0, 17).toString("hex"), "dabb2214000000000000006300000001" + "4e");
  });

  it("bad magic and an oversized frame close that connection only, counted; other connections keep serving", async () => {
    const errors = await stat("wasmcustom.dubbo.decode_errors");
    const bad = await exchange(scenario.port, [Buffer.from("GET / HTTP/1.1\r\nhost: x\r\n\r\n")], 1);
    assert.deepEqual(bad, { received: Buffer.alloc(0), closed: true });
    const oversized = Buffer.from("dabbc2000000000000000001" + "01000001", "hex");
    assert.equal((await exchange(scenario.port, [oversized], 1)).closed, true);
    assert.equal(await stat("wasmcustom.dubbo.decode_errors"), errors + 2);
    assert.deepEqual(await consumer.call({ method: "greet", arg: "still" }), { ok: true, text: "hello, still from p1 (default)" });
    assert.match(scenario.envoy.log(), /dubbo: closing connection \d+: not a Dubbo frame \(bad magic\) from the client/);
  });
});
