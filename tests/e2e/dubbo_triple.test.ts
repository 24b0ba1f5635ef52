// Dubbo 3 Triple through the HTTP filters in a real Envoy (--concurrency 2): real Apache Dubbo 3.3.6 Java Triple
// consumers (interface mode, hessian2, no .proto, direct URL) send HTTP/2 to Envoy, which runs auth -> ratelimit ->
// route-meta -> router and speaks HTTP/2 to two real Java Triple providers, v1 and v2. Each call is a POST to
// /shop.TripleGreeterService/<method> and its attachments are HTTP/2 headers, so: an API key attachment
// authenticates, a limit holds per method, and route-meta picks the provider per call on one connection, which a
// network filter (one cluster per connection) cannot do. A filter's refusal reaches the consumer as the gRPC status
// Envoy maps from its HTTP status, asserted here as the consumer reports it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import { projectRoot } from "../../harness/paths.js";
import { startTripleConsumer, type TripleAnswer, type TripleCall, type TripleConsumer, type TripleProvider } from "../../harness/peers/dubbo_triple.js";
import {
  TRIPLE_AUTH_CONFIG,
  TRIPLE_KEYS,
  TRIPLE_ORDER_LIMIT,
  TRIPLE_RATELIMIT_CONFIG,
  TRIPLE_UNAVAILABLE_CONFIG,
  TRIPLE_ROUTE_META_CONFIG,
  startTripleScenario,
  type TripleScenario,
} from "../../harness/scenarios/dubbo_triple.js";
import { useScenario } from "../../harness/testing.js";

/** How the Java consumer reports a call a filter refused: Dubbo's RpcException around Triple's StatusRpcException. */
const refused = (code: string, message: string): TripleAnswer => ({
  ok: false,
  text: `org.apache.dubbo.rpc.RpcException: java.util.concurrent.ExecutionException: org.apache.dubbo.rpc.StatusRpcException: ${code} : ${message}`,
});
const MISSING = refused("UNAUTHENTICATED", '{"error":"missing_credentials","message":"credentials are missing"}');
const UNKNOWN_KEY = refused("UNAUTHENTICATED", '{"error":"invalid_credentials","message":"unknown API key"}');
const GUEST_FORBIDDEN = refused("PERMISSION_DENIED", `{"error":"forbidden","message":"'guest' is not allowed here"}`);
// The ratelimit filter's body "rate limited\n" is the grpc-message (the consumer prints the newline as a space).
const LIMITED = refused("RESOURCE_EXHAUSTED", "rate limited ");
const LIMITED_UNAVAILABLE = refused("UNAVAILABLE", "rate limited ");

const FRONTEND = { "x-api-key": TRIPLE_KEYS.frontend };

interface Fixture {
  envoy: TripleScenario["envoy"];
  triple: TripleScenario;
  consumer: TripleConsumer;
  stop(): Promise<void>;
}

/** Every call the tests made, for the last test's tally against Envoy's stats and the providers. */
const made: { listener: "triple" | "triple_unavailable"; call: TripleCall; answer: TripleAnswer }[] = [];

async function call(consumer: TripleConsumer, call: TripleCall, listener: (typeof made)[number]["listener"] = "triple"): Promise<TripleAnswer> {
  const answer = await consumer.call(call);
  made.push({ listener, call, answer });
  return answer;
}

/** Which provider an answer names ("hello, ann from v2", "x-user=u at v1"), if any. */
const answeredBy = (answer: TripleAnswer) => (answer.ok ? /(?:from|at) (v1|v2)$/.exec(answer.text)?.[1] : undefined);

/** Waits until `provider` printed that it served a call with `arg` (or `count` calls); it prints before it answers. */
async function waitServed(provider: TripleProvider, arg: string | { count: number }): Promise<void> {
  const done = () => (typeof arg === "string" ? provider.served().some((s) => s.arg === arg) : provider.served().length >= arg.count);
  const deadline = Date.now() + 5000;
  while (!done() && Date.now() < deadline) await sleep(20);
}

const argsServed = (provider: TripleProvider) => provider.served().map((s) => s.arg);

describe("Dubbo 3 Triple through auth, ratelimit and route-meta in Envoy, real Java consumer and providers", () => {
  const fixture = useScenario<Fixture>("dubbo triple", async () => {
    const triple = await startTripleScenario();
    try {
      const consumer = await startTripleConsumer(triple.port);
      return { envoy: triple.envoy, triple, consumer, stop: async () => (await consumer.stop(), await triple.stop()) };
    } catch (error) {
      await triple.stop();
      throw error;
    }
  });
  const test = fixture.test;
  const stat = (name: string) => fixture.scenario.envoy.admin.stat(name);

  test("the scenario's four plugin configurations are valid under each filter's config.schema.json", async () => {
    const validator = (filter: string) => new Ajv2020({ strict: true }).compile(JSON.parse(readFileSync(join(projectRoot(), "filters", filter, "config.schema.json"), "utf8")) as object);
    const cases: [string, object][] = [["auth", TRIPLE_AUTH_CONFIG], ["ratelimit", TRIPLE_RATELIMIT_CONFIG], ["ratelimit", TRIPLE_UNAVAILABLE_CONFIG], ["route-meta", TRIPLE_ROUTE_META_CONFIG]];
    for (const [filter, config] of cases) {
      const validate = validator(filter);
      assert.equal(validate(config), true, `${filter}: ${JSON.stringify(validate.errors)}`);
    }
  });

  test("auth: no key or an unknown key is UNAUTHENTICATED and reaches no provider; the key attachment passes, the provider sees the verified consumer, never a forged one", async () => {
    const { consumer, triple } = fixture.scenario;
    const before = { missing: await stat("wasmcustom.auth.denied.missing"), invalid: await stat("wasmcustom.auth.denied.invalid"), allowed: await stat("wasmcustom.auth.allowed") };
    assert.deepEqual(await call(consumer, { method: "greet", arg: "no-key" }), MISSING);
    assert.deepEqual(await call(consumer, { method: "greet", arg: "bad-key", attachments: { "x-api-key": "k-nobody" } }), UNKNOWN_KEY);
    assert.deepEqual(await call(consumer, { method: "greet", arg: "ann", attachments: FRONTEND }), { ok: true, text: "hello, ann from v1" });
    // The key went as a header and came out as an attachment; the identity auth injected is one too, and a client-sent
    // x-auth-consumer (an attachment is a header) is replaced by the verified one.
    assert.deepEqual(await call(consumer, { method: "attachment", arg: "x-api-key", attachments: FRONTEND }), { ok: true, text: `x-api-key=${TRIPLE_KEYS.frontend} at v1` });
    const forged = await call(consumer, { method: "attachment", arg: "x-auth-consumer", attachments: { ...FRONTEND, "x-auth-consumer": "mallory" } });
    assert.deepEqual(forged, { ok: true, text: "x-auth-consumer=frontend at v1" });
    await waitServed(triple.v1, "x-auth-consumer");
    for (const arg of ["no-key", "bad-key"]) {
      assert.ok(!argsServed(triple.v1).includes(arg) && !argsServed(triple.v2).includes(arg), `${arg} reached a provider`);
    }
    assert.equal(await stat("wasmcustom.auth.denied.missing"), before.missing + 1);
    assert.equal(await stat("wasmcustom.auth.denied.invalid"), before.invalid + 1);
    assert.equal(await stat("wasmcustom.auth.allowed"), before.allowed + 3);
  });

  test("auth: a valid key the method's rule does not allow is PERMISSION_DENIED, before the limiter takes a token", async () => {
    const { consumer, triple } = fixture.scenario;
    const forbidden = await stat("wasmcustom.auth.denied.forbidden");
    const guest = { "x-api-key": TRIPLE_KEYS.guest };
    assert.deepEqual(await call(consumer, { method: "order", arg: "guest-order", attachments: guest }), GUEST_FORBIDDEN);
    assert.deepEqual(await call(consumer, { method: "greet", arg: "guest", attachments: guest }), { ok: true, text: "hello, guest from v1" });
    await waitServed(triple.v1, "guest");
    assert.ok(!argsServed(triple.v1).includes("guest-order"));
    assert.equal(await stat("wasmcustom.auth.denied.forbidden"), forbidden + 1);
    assert.equal(await stat("wasmcustom.auth.provider.keys.allowed") - (await stat("wasmcustom.auth.allowed")), 1, "the guest authenticated once and was refused once");
    assert.equal(await stat("wasmcustom.ratelimit.rule.order_method.allowed"), 0);
    assert.equal(await stat("wasmcustom.ratelimit.rule.order_method.limited"), 0);
  });

  test(`ratelimit per method: ${TRIPLE_ORDER_LIMIT} calls of order across both workers, then RESOURCE_EXHAUSTED (the filter's grpc_status) while other methods pass`, async () => {
    const { consumer, triple } = fixture.scenario;
    const second = await startTripleConsumer(triple.port);
    try {
      // Two consumers, two connections, two workers (exact_balance): the limit is one across the workers.
      const workers = [await stat("listener.triple.worker_0.downstream_cx_total"), await stat("listener.triple.worker_1.downstream_cx_total")];
      assert.ok(workers[0] >= 1 && workers[1] >= 1, `connections per worker: ${workers}`);
      assert.deepEqual(await call(consumer, { method: "order", arg: "o1", attachments: FRONTEND }), { ok: true, text: "order o1 placed at v1" });
      assert.deepEqual(await call(second, { method: "order", arg: "o2", attachments: FRONTEND }), { ok: true, text: "order o2 placed at v1" });
      assert.deepEqual(await call(consumer, { method: "order", arg: "o3", attachments: FRONTEND }), { ok: true, text: "order o3 placed at v1" });
      assert.deepEqual(await call(second, { method: "order", arg: "o4", attachments: FRONTEND }), LIMITED);
      assert.deepEqual(await call(consumer, { method: "order", arg: "o5", attachments: FRONTEND }), LIMITED);
      // Other methods, on both connections, are not limited.
      assert.deepEqual(await call(second, { method: "greet", arg: "still-1", attachments: FRONTEND }), { ok: true, text: "hello, still-1 from v1" });
      assert.deepEqual(await call(consumer, { method: "attachment", arg: "still-2", attachments: FRONTEND }), { ok: true, text: "still-2=absent at v1" });
      await waitServed(triple.v1, "still-2");
      assert.deepEqual(triple.v1.served().filter((s) => s.method === "order").map((s) => s.arg), ["o1", "o2", "o3"]);
      assert.equal(await stat("wasmcustom.ratelimit.rule.order_method.allowed"), TRIPLE_ORDER_LIMIT);
      assert.equal(await stat("wasmcustom.ratelimit.rule.order_method.limited"), 2);
    } finally {
      await second.stop();
    }
  });

  test("route-meta picks the provider per call on one HTTP/2 connection: preview always v2, a sticky 50% of users v2, the rest and forged tags v1", async (t) => {
    const { consumer, triple, envoy } = fixture.scenario;
    // Only the first consumer's connection is left open; no call of this test opens another.
    assert.equal(await envoy.admin.waitForStat("http.triple.downstream_cx_active", (v) => v === 1), 1);
    const connections = await stat("http.triple.downstream_cx_total");
    const before = {
      preview: await stat("wasmcustom.route_meta.rule.preview_method.matched"),
      sticky: await stat("wasmcustom.route_meta.decided_by.sticky"),
      v2: await stat("wasmcustom.route_meta.tag.v2.requests"),
      v2Cluster: await stat("cluster.v2.upstream_rq_total"),
      v2Served: triple.v2.served().length,
    };
    const users = Array.from({ length: 16 }, (_, i) => `user-${i}`);
    const round = (name: string) => Promise.all(users.map((user) => call(consumer, { method: "greet", arg: `${user}-${name}`, attachments: { ...FRONTEND, "x-user": user } })));
    // Greets, previews and untagged calls interleaved on the one connection (HTTP/2 streams side by side).
    const [first, previews, plain, forged, second] = await Promise.all([
      round("a"),
      Promise.all(users.map((user) => call(consumer, { method: "preview", arg: user, attachments: { ...FRONTEND, "x-user": user } }))),
      call(consumer, { method: "greet", arg: "nobody", attachments: FRONTEND }),
      call(consumer, { method: "attachment", arg: "x-route-tag", attachments: { ...FRONTEND, "x-route-tag": "v2" } }),
      round("b"),
    ]);
    const onV2 = users.filter((_, i) => answeredBy(first[i]) === "v2");
    t.diagnostic(`${onV2.length} of ${users.length} users on v2`);
    assert.ok(onV2.length > 0 && onV2.length < users.length, `${onV2.length} of ${users.length} users on v2`);
    users.forEach((user, i) => {
      const version = onV2.includes(user) ? "v2" : "v1";
      assert.deepEqual(first[i], { ok: true, text: `hello, ${user}-a from ${version}` });
      assert.deepEqual(second[i], { ok: true, text: `hello, ${user}-b from ${version}` }, `${user} changed version`);
      assert.deepEqual(previews[i], { ok: true, text: `preview of ${user} from v2` });
    });
    assert.deepEqual(plain, { ok: true, text: "hello, nobody from v1" });
    // recompute: the client cannot choose its version; the provider sees the tag route-meta decided.
    assert.deepEqual(forged, { ok: true, text: "x-route-tag=v1 at v1" });
    const v2User = onV2[0];
    assert.deepEqual(await call(consumer, { method: "attachment", arg: "x-route-tag", attachments: { ...FRONTEND, "x-user": v2User } }), { ok: true, text: "x-route-tag=v2 at v2" });
    const toV2 = 2 * onV2.length + users.length + 1;
    await envoy.admin.waitForStat("cluster.v2.upstream_rq_total", (v) => v === before.v2Cluster + toV2);
    assert.equal(await stat("cluster.v2.upstream_rq_total"), before.v2Cluster + toV2);
    assert.equal(await stat("wasmcustom.route_meta.tag.v2.requests"), before.v2 + toV2);
    assert.equal(await stat("wasmcustom.route_meta.rule.preview_method.matched"), before.preview + users.length);
    assert.equal(await stat("wasmcustom.route_meta.decided_by.sticky"), before.sticky + 2 * users.length + 1);
    await waitServed(triple.v2, { count: before.v2Served + toV2 });
    assert.equal(triple.v2.served().length, before.v2Served + toV2);
    assert.equal(await stat("http.triple.downstream_cx_total"), connections, "a call opened a connection");
    assert.equal(await stat("http.triple.downstream_cx_active"), 1);
  });

  test("with response.grpc_status 14 the consumer gets UNAVAILABLE, as Envoy's own rate limit filters answer by default", async () => {
    const { triple } = fixture.scenario;
    const consumer = await startTripleConsumer(triple.unavailablePort);
    try {
      for (let i = 1; i <= TRIPLE_ORDER_LIMIT; i++) {
        assert.deepEqual(await call(consumer, { method: "order", arg: `re-${i}` }, "triple_unavailable"), { ok: true, text: `order re-${i} placed at v1` });
      }
      assert.deepEqual(await call(consumer, { method: "order", arg: "re-past" }, "triple_unavailable"), LIMITED_UNAVAILABLE);
      assert.deepEqual(await call(consumer, { method: "greet", arg: "re-greet" }, "triple_unavailable"), { ok: true, text: "hello, re-greet from v1" });
      await waitServed(triple.v1, "re-greet");
      assert.ok(!argsServed(triple.v1).includes("re-past"));
      assert.equal(await stat("wasmcustom.ratelimit.rule.order_unavailable.limited"), 1);
      assert.equal(await stat("wasmcustom.ratelimit.rule.order_method.limited"), 2, "the other listener's buckets are apart");
    } finally {
      await consumer.stop();
    }
  });

  test("every filter's /stats counters, the clusters and the providers agree with every answer the consumers got", async () => {
    const { triple, envoy } = fixture.scenario;
    const onTriple = made.filter((m) => m.listener === "triple").map((m) => m.answer);
    const all = made.map((m) => m.answer);
    const count = (answers: TripleAnswer[], wanted: TripleAnswer | ((a: TripleAnswer) => boolean)) =>
      answers.filter((a) => (typeof wanted === "function" ? wanted(a) : a.ok === wanted.ok && a.text === wanted.text)).length;
    // Every answer is a provider's or one of the refusals above.
    const refusals = [MISSING, UNKNOWN_KEY, GUEST_FORBIDDEN, LIMITED, LIMITED_UNAVAILABLE];
    for (const answer of all) assert.ok(answeredBy(answer) || refusals.some((r) => r.text === answer.text), `unexpected answer ${answer.text}`);
    const passed = onTriple.filter((a) => a.ok);
    const stats = await envoy.admin.stats();
    const value = (name: string) => stats.get(name) ?? 0;
    assert.equal(value("wasmcustom.auth.denied.missing"), count(onTriple, MISSING));
    assert.equal(value("wasmcustom.auth.denied.invalid"), count(onTriple, UNKNOWN_KEY));
    assert.equal(value("wasmcustom.auth.denied.forbidden"), count(onTriple, GUEST_FORBIDDEN));
    assert.equal(value("wasmcustom.auth.allowed"), passed.length + count(onTriple, LIMITED));
    const orders = made.filter((m) => m.listener === "triple" && m.call.method === "order" && m.answer.ok).length;
    assert.equal(value("wasmcustom.ratelimit.rule.order_method.allowed"), orders);
    assert.equal(value("wasmcustom.ratelimit.rule.order_method.limited"), count(onTriple, LIMITED));
    assert.equal(value("wasmcustom.ratelimit.rule.order_unavailable.limited"), count(all, LIMITED_UNAVAILABLE));
    assert.equal(value("wasmcustom.route_meta.tag.v1.requests") + value("wasmcustom.route_meta.tag.v2.requests"), passed.length);
    assert.equal(value("wasmcustom.route_meta.tag.v2.requests"), count(passed, (a) => answeredBy(a) === "v2"));
    const decided = ["rule", "sticky", "cookie", "random", "default"].reduce((sum, by) => sum + value(`wasmcustom.route_meta.decided_by.${by}`), 0);
    assert.equal(decided, passed.length);
    for (const provider of [triple.v1, triple.v2]) {
      const answered = count(all, (a) => answeredBy(a) === provider.name);
      assert.equal(value(`cluster.${provider.name}.upstream_rq_total`), answered, `cluster ${provider.name}`);
      assert.equal(provider.served().length, answered, `provider ${provider.name}`);
    }
  });
});
