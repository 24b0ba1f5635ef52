// The dubbo filter in a real Envoy (--concurrency 2) between a real Apache Dubbo 3.3.6 Java consumer and provider
// (hessian2, direct URL): per-method stats and latency, deny rules answered with an error the consumer raises while
// its connection keeps serving, pipelined calls, and Envoy's dubbo_proxy decoding the same calls.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startDubboConsumer, type DubboConsumer } from "../../harness/peers/dubbo.js";
import { startDubboScenario, type DubboScenario } from "../../harness/scenarios/dubbo.js";
import { wasmVmFailure } from "../../harness/testing.js";

const CALL = "wasmcustom.dubbo.call.shop.GreeterService";

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

  it("pipelined calls on one connection each get their own answer; dubbo_proxy decodes the same calls", async () => {
    const calls = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? { method: "slow" as const, arg: String(80 - i * 3) } : { method: "greet" as const, arg: `u${i}` }));
    for (const target of [consumer, native]) {
      const answers = await Promise.all(calls.map((call) => target.call(call)));
      answers.forEach((answer, i) => assert.deepEqual(answer, { ok: true, text: calls[i].method === "slow" ? `slept ${calls[i].arg}` : `hello, ${calls[i].arg} from p1 (default)` }));
    }
    assert.ok((await stat("dubbo.native.request_decoding_success")) >= 24);
  });
});
