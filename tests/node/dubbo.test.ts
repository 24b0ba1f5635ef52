// The dubbo filter's codec and decisions on the host emulator, over frames captured from the real Java consumer and
// provider (tests/fixtures/dubbo/frames.json) and frames hessian.js writes: every split point, many frames in one
// segment, deny rules by service, method, group, version and attachment, the heartbeat round trip a denial makes,
// bad magic and oversized bodies, and mutated frames that never trap. tests/e2e/dubbo.test.ts proves it in Envoy.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
// @ts-expect-error hessian.js ships no types
import hessian from "hessian.js";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost } from "../../harness/emulator/index.js";
import { projectRoot } from "../../harness/paths.js";

interface Captured {
  call: string;
  direction: "request" | "response";
  hex: string;
}
const FRAMES: Captured[] = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/dubbo/frames.json"), "utf8")).frames;
const frame = (call: string, direction: "request" | "response") => Buffer.from(FRAMES.find((f) => f.call === call && f.direction === direction)!.hex, "hex");
const requestId = (bytes: Uint8Array) => Buffer.from(bytes).readBigUInt64BE(4);

const RULES = {
  rules: [
    { name: "no-slow-beta", match: { service: "shop.GreeterService", method: "greet", group: "beta", version: "2.0.0" }, message: "greet is closed in beta" },
    { name: "tenant", match: { attachments: [{ name: "x-tenant", value: "t2" }] } },
  ],
};

async function plugin(configuration: object = {}) {
  const host = new EmulatedHost();
  const vm = await host.loadPlugin(wasmPath("dubbo"), { name: "dubbo", configuration });
  assert.equal(vm.configured, true);
  return { host, vm };
}

/** A Dubbo request frame written by hessian.js: the body fields in DubboCodec's order. */
function request(id: bigint, fields: { service?: string; method?: string; types?: string; args?: unknown[]; attachments?: Record<string, string>; flags?: number; body?: Buffer }): Buffer {
  let body = fields.body;
  if (!body) {
    const encoder = new hessian.EncoderV2();
    encoder.write("2.0.2").write(fields.service ?? "shop.GreeterService").write("").write(fields.method ?? "greet").write(fields.types ?? "Ljava/lang/String;");
    for (const arg of fields.args ?? ["x"]) encoder.write(arg);
    encoder.write(fields.attachments ?? {});
    body = encoder.get() as Buffer;
  }
  const header = Buffer.alloc(16);
  header.writeUInt16BE(0xdabb, 0);
  header[2] = fields.flags ?? 0xc2;
  header.writeBigUInt64BE(id, 4);
  header.writeUInt32BE(body.length, 12);
  return Buffer.concat([header, body]);
}

describe("dubbo codec on the host emulator", () => {
  it("reads every captured request and response: per-method stats, exceptions, nothing changed on the wire", async () => {
    const { host, vm } = await plugin();
    const connection = vm.connection();
    const calls = ["greet", "greet-beta", "describe", "fail", "nothing"];
    for (const call of calls) {
      connection.sendDownstream(frame(call, "request"));
      connection.sendUpstream(frame(call, "response"));
    }
    assert.deepEqual(Buffer.from(connection.upstreamReceived), Buffer.concat(calls.map((c) => frame(c, "request"))));
    assert.deepEqual(Buffer.from(connection.clientReceived), Buffer.concat(calls.map((c) => frame(c, "response"))));
    assert.equal(host.metric("dubbo.call.shop.GreeterService.greet.requests"), 2);
    assert.equal(host.metric("dubbo.call.shop.GreeterService.greet.responses_ok"), 2);
    assert.equal(host.metric("dubbo.call.shop.GreeterService.describe.requests"), 1);
    assert.equal(host.metric("dubbo.call.shop.GreeterService.fail.exceptions"), 1);
    assert.equal(host.metric("dubbo.call.shop.GreeterService.nothing.exceptions"), 0);
    assert.equal(host.metric("dubbo.decode_errors"), 0);
  });

  it("a stream split at every byte, and all frames in one segment, decide the same and pass the same bytes", async () => {
    const stream = Buffer.concat(["greet", "greet-beta", "fail", "nothing"].map((c) => frame(c, "request")));
    for (const cuts of [[1], [15], [16], [17], [100], [stream.length - 1], [209, 418], [3, 16, 30, 208, 209, 210]]) {
      const { host, vm } = await plugin(RULES);
      const connection = vm.connection();
      let at = 0;
      for (const cut of [...cuts, stream.length]) {
        connection.sendDownstream(stream.subarray(at, cut));
        at = cut;
      }
      assert.equal(host.metric("dubbo.requests"), 4, `cuts ${cuts}`);
      assert.equal(host.metric("dubbo.denied"), 1, `cuts ${cuts}`);
      assert.equal(connection.closed, false);
    }
    const { vm } = await plugin();
    const oneByOne = vm.connection();
    for (const byte of stream) oneByOne.sendDownstream(Buffer.from([byte]));
    assert.deepEqual(Buffer.from(oneByOne.upstreamReceived), stream);
  });

  it("deny rules match service, method, group and version, and attachments found after every argument type", async () => {
    const { host, vm } = await plugin(RULES);
    const connection = vm.connection();
    connection.sendDownstream(frame("greet-beta", "request"));
    const sent = connection.upstreamReceived;
    // The provider gets a two-way heartbeat with the call's id instead of the call.
    assert.equal(sent.length, 17);
    assert.equal(sent[2], 0xe2);
    assert.equal(requestId(sent), requestId(frame("greet-beta", "request")));
    connection.sendDownstream(frame("describe", "request")); // x-tenant: t2, after a 170 kB argument list
    connection.sendDownstream(frame("greet", "request")); // x-tenant: t1
    assert.equal(host.metric("dubbo.denied"), 2);
    assert.equal(host.metric("dubbo.call.shop.GreeterService.describe.denied"), 1);
    assert.equal(connection.upstreamReceived.length, 17 * 2 + frame("greet", "request").length);
  });

  it("the provider's heartbeat answer to a denied call reaches the consumer as an error response with the message", async () => {
    const { vm } = await plugin(RULES);
    const connection = vm.connection();
    const call = frame("greet-beta", "request");
    connection.sendDownstream(call);
    const heartbeatAnswer = Buffer.from(connection.upstreamReceived);
    heartbeatAnswer[2] = 0x22; // response, event, hessian2
    heartbeatAnswer[3] = 20;
    connection.sendUpstream(heartbeatAnswer);
    const answer = Buffer.from(connection.clientReceived);
    assert.equal(answer.readUInt16BE(0), 0xdabb);
    assert.equal(answer[2], 0x02);
    assert.equal(answer[3], 70, "SERVICE_ERROR");
    assert.equal(answer.readBigUInt64BE(4), requestId(call));
    assert.equal(answer.readUInt32BE(12), answer.length - 16);
    assert.equal(new hessian.DecoderV2(answer.subarray(16)).read(), "greet is closed in beta");
  });

  it("a limit rule keyed by an attachment holds across two worker VMs; the limited answer has status 100", async () => {
    const host = new EmulatedHost();
    const [a, b] = await host.loadWorkers(wasmPath("dubbo"), 2, {
      name: "dubbo",
      configuration: { rules: [{ name: "per-tenant", match: { method: "greet" }, action: "limit", limit: { requests: 3, per: "minute" }, by: "x-tenant" }] },
    });
    const call = (vm: typeof a, id: bigint, tenant: string) => {
      const connection = vm.connection().sendDownstream(request(id, { attachments: { "x-tenant": tenant } }));
      return connection.upstreamReceived.length === 17 ? connection : null;
    };
    assert.deepEqual([call(a, 1n, "t1"), call(b, 2n, "t1"), call(a, 3n, "t1")], [null, null, null]);
    const limited = call(b, 4n, "t1");
    assert.ok(limited, "the fourth call of t1 is limited");
    assert.equal(call(a, 5n, "t2"), null);
    const answer = Buffer.from(limited.upstreamReceived);
    answer[2] = 0x22;
    answer[3] = 20;
    limited.sendUpstream(answer);
    const error = Buffer.from(limited.clientReceived);
    assert.equal(error[3], 100, "SERVER_THREADPOOL_EXHAUSTED");
    assert.equal(new hessian.DecoderV2(error.subarray(16)).read(), "rate limited by the dubbo filter (rule per-tenant)");
    assert.equal(host.metric("dubbo.limited"), 1);
  });

  it("an abort rule picks its share by a stable hash of an attachment, or at random, and answers status 80", async () => {
    const { host, vm } = await plugin({ rules: [{ name: "half", match: { method: "greet" }, action: "abort", percent: 50, by: "x-user" }, { name: "all", match: { method: "fail" }, action: "abort", percent: 100 }] });
    const aborted = (id: bigint, user: string, method = "greet") => vm.connection().sendDownstream(request(id, { method, attachments: { "x-user": user } })).upstreamReceived.length === 17;
    const users = Array.from({ length: 200 }, (_, i) => `u${i}`);
    const picks = users.map((user, i) => aborted(BigInt(i), user));
    assert.deepEqual(users.map((user, i) => aborted(BigInt(1000 + i), user)), picks, "the same users every time");
    const count = picks.filter(Boolean).length;
    assert.ok(count > 70 && count < 130, `${count} of 200`);
    assert.equal(aborted(5000n, "anyone", "fail"), true);
    assert.equal(host.metric("dubbo.aborted"), count * 2 + 1);
    const connection = vm.connection().sendDownstream(request(6000n, { method: "fail" }));
    const answer = Buffer.from(connection.upstreamReceived);
    answer[2] = 0x22;
    answer[3] = 20;
    connection.sendUpstream(answer);
    assert.equal(connection.clientReceived[3], 80, "SERVER_ERROR");
    assert.equal(new hessian.DecoderV2(Buffer.from(connection.clientReceived).subarray(16)).read(), "aborted (fault injection) by the dubbo filter (rule all)");
  });

  it("a delay rule holds the client's bytes until the tick after delay_ms, frames behind it wait and are still handled", async () => {
    const { host, vm } = await plugin({ rules: [{ name: "slow-greet", match: { method: "greet" }, action: "delay", percent: 100, delay_ms: 200 }, { name: "no-fail", match: { method: "fail" } }] });
    const held = vm.connection();
    const other = vm.connection();
    held.sendDownstream(request(1n, { method: "greet" }));
    assert.equal(held.upstreamReceived.length, 0, "held");
    other.sendDownstream(request(2n, { method: "describe" }));
    assert.equal(other.upstreamReceived.length > 0, true, "another connection is not held");
    // Behind the delayed call: a call the rules deny (rewritten into a heartbeat inside the held buffer) and half a frame.
    const denied = request(3n, { method: "fail" });
    const next = request(4n, { method: "describe" });
    held.sendDownstream(Buffer.concat([denied, next.subarray(0, 20)]));
    host.advance(150);
    assert.equal(held.upstreamReceived.length, 0, "still held at 150 ms");
    host.advance(60);
    const sent = Buffer.from(held.upstreamReceived);
    const greet = request(1n, { method: "greet" });
    assert.deepEqual(sent.subarray(0, greet.length), greet, "the delayed call, unchanged");
    assert.equal(sent.length, greet.length + 17, "then the denied call as a one-byte heartbeat; the partial frame waits");
    assert.equal(sent[greet.length + 2] & 0x20, 0x20, "event flag");
    assert.equal(requestId(sent.subarray(greet.length)), 3n);
    held.sendDownstream(next.subarray(20));
    assert.deepEqual(Buffer.from(held.upstreamReceived).subarray(greet.length + 17), next, "after the release nothing is held");
    assert.equal(host.metric("dubbo.delayed"), 1);
    assert.equal(host.metric("dubbo.call.shop.GreeterService.greet.delayed"), 1);
    assert.equal(host.metric("dubbo.denied"), 1);
  });

  it("a delay that ends while the connection is closed resumes nothing; a later delay extends the hold", async () => {
    const { host, vm } = await plugin({ rules: [{ name: "slow", match: { method: "greet" }, action: "delay", percent: 100, delay_ms: 100 }, { name: "slower", match: { method: "describe" }, action: "delay", percent: 100, delay_ms: 300 }] });
    const closing = vm.connection().sendDownstream(request(1n, { method: "greet" }));
    closing.close();
    const held = vm.connection().sendDownstream(request(2n, { method: "greet" }));
    host.advance(50);
    held.sendDownstream(request(3n, { method: "describe" }));
    host.advance(100);
    assert.equal(held.upstreamReceived.length, 0, "the later, longer delay holds both");
    host.advance(220);
    assert.equal(requestId(held.upstreamReceived), 2n);
    assert.equal(host.metric("dubbo.delayed"), 3);
    assert.equal(closing.upstreamReceived.length, 0);
  });

  it("past max_tracked_methods, new methods count under _other._other and untracked_methods says how many calls", async () => {
    const { host, vm } = await plugin({ max_tracked_methods: 2 });
    const connection = vm.connection();
    for (const [i, method] of ["greet", "describe", "fail", "nothing", "nothing", "greet", "greet"].entries()) connection.sendDownstream(request(BigInt(i), { method }));
    assert.equal(host.metric("dubbo.call.shop.GreeterService.greet.requests"), 3);
    assert.equal(host.metric("dubbo.call.shop.GreeterService.describe.requests"), 1);
    assert.equal(host.metric("dubbo.call._other._other.requests"), 3);
    assert.equal(host.metric("dubbo.untracked_methods"), 3, "a repeated untracked method counts every call");
  });

  it("a one-way denied call becomes a one-way heartbeat; heartbeats and provider events pass untouched", async () => {
    const { host, vm } = await plugin({ default_action: "deny" });
    const connection = vm.connection();
    connection.sendDownstream(request(7n, { flags: 0x82 }));
    assert.equal(connection.upstreamReceived[2], 0xa2);
    const heartbeat = request(8n, { flags: 0xe2, body: Buffer.from("N") });
    connection.sendDownstream(heartbeat);
    assert.deepEqual(Buffer.from(connection.upstreamReceived.subarray(17)), heartbeat);
    assert.equal(host.metric("dubbo.heartbeats"), 1);
  });

  it("hessian.js bodies: typed and untyped lists and maps, objects, long strings, binaries, dates, doubles", async () => {
    const { host, vm } = await plugin(RULES);
    const connection = vm.connection();
    const args = [
      { $class: "java.util.HashMap", $: { a: 1, b: [1, 2, 3], c: { nested: "x" } } },
      [1, "two", 3.5, null, true, new Date(0)],
      { $class: "shop.Order", $: { id: "o-1", quantity: 3, tags: ["a"] } },
      Buffer.alloc(70000, 7),
      { $class: "long", $: "-9007199254740993" },
      "é".repeat(40000) + "\u{1F600}",
    ];
    connection.sendDownstream(request(9n, { method: "describe", types: "Ljava/util/Map;Ljava/util/List;Lshop/Order;[BJLjava/lang/String;", args, attachments: { "x-tenant": "t2" } }));
    assert.equal(host.metric("dubbo.call.shop.GreeterService.describe.denied"), 1);
    assert.equal(connection.closed, false);
    // A key of 32 characters or more takes Hessian2's two-byte length form.
    const long = "x-".padEnd(40, "k");
    const { host: other, vm: longVm } = await plugin({ rules: [{ name: "long", match: { attachments: [{ name: long, value: "v" }] } }] });
    longVm.connection().sendDownstream(request(10n, { attachments: { [long]: "v", other: "x".repeat(50) } }));
    longVm.connection().sendDownstream(request(11n, { attachments: { [long]: "w" } }));
    assert.equal(other.metric("dubbo.denied"), 1);
  });

  it("bad magic, an oversized body and an undecodable body close the connection and are counted", async () => {
    const { host, vm } = await plugin({ max_body_bytes: 4096 });
    const bad = vm.connection().sendDownstream(Buffer.from("GET / HTTP/1.1\r\n\r\n"));
    assert.equal(bad.closed, true);
    assert.equal(bad.upstreamReceived.length, 0);
    const big = Buffer.alloc(16);
    big.writeUInt16BE(0xdabb, 0);
    big[2] = 0xc2;
    big.writeUInt32BE(5000, 12);
    assert.equal(vm.connection().sendDownstream(big).closed, true);
    assert.equal(vm.connection().sendDownstream(request(1n, { body: Buffer.from([0x05, 0x32, 0x2e, 0x30, 0x2e, 0x32, 0x40]) })).closed, true);
    assert.equal(host.metric("dubbo.decode_errors"), 3);
    assert.equal(host.metric("dubbo.connections_closed"), 3);
    const good = vm.connection().sendDownstream(frame("greet", "request"));
    assert.equal(good.closed, false);
  });

  it("mutated and truncated captured frames never trap: each connection passes, or closes counted", async () => {
    const { host, vm } = await plugin(RULES);
    const seeds = FRAMES.filter((f) => f.direction === "request" && f.call !== "describe").map((f) => Buffer.from(f.hex, "hex"));
    let state = 0x12345678;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let closed = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(seeds[i % seeds.length]);
      const mutations = 1 + Math.floor(random() * 4);
      for (let m = 0; m < mutations; m++) bytes[16 + Math.floor(random() * (bytes.length - 16))] = Math.floor(random() * 256);
      const cut = random() < 0.2 ? Math.floor(random() * bytes.length) : bytes.length;
      const connection = vm.connection().sendDownstream(bytes.subarray(0, cut));
      if (connection.closed) closed++;
      connection.close();
    }
    assert.equal(host.metric("dubbo.decode_errors"), closed);
    assert.ok(closed > 0);
  });

  it("refuses bad configurations naming the field", async () => {
    const host = new EmulatedHost();
    for (const [configuration, message] of [
      [{ rules: [{ action: "block" }] }, /field 'rules\[0\]\.action': expected "allow", "deny", "limit", "abort" or "delay"/],
      [{ rules: [{ match: { colour: "red" } }] }, /field 'rules\[0\]\.match\.colour': unknown field/],
      [{ rules: [{ match: { attachments: [{ name: "x" }] } }] }, /field 'rules\[0\]\.match\.attachments\[0\]\.value': is required/],
      [{ max_body_bytes: 10 }, /field 'max_body_bytes'/],
      [{ default_message: "tab\there" }, /field 'default_message': expected 1 to 512 printable ASCII characters/],
      [{ rules: [{ action: "limit" }] }, /field 'rules\[0\]\.limit': is required with "action": "limit"/],
      [{ rules: [{ action: "limit", limit: { requests: 5, per: "day" } }] }, /field 'rules\[0\]\.limit\.per': expected "second", "minute" or "hour"/],
      [{ rules: [{ action: "deny", by: "x-tenant" }] }, /field 'rules\[0\]\.by': applies to "action": "limit", "abort" or "delay" only/],
      [{ rules: [{ action: "abort" }] }, /field 'rules\[0\]\.percent': is required with "action": "abort" or "delay"/],
      [{ rules: [{ action: "deny", percent: 5 }] }, /field 'rules\[0\]\.percent': applies to "action": "abort" or "delay" only/],
      [{ rules: [{ action: "delay", percent: 5 }] }, /field 'rules\[0\]\.delay_ms': is required with "action": "delay"/],
      [{ rules: [{ action: "delay", percent: 5, delay_ms: 60001 }] }, /field 'rules\[0\]\.delay_ms'/],
      [{ rules: [{ action: "abort", percent: 5, delay_ms: 10 }] }, /field 'rules\[0\]\.delay_ms': applies to "action": "delay" only/],
      [{ rules: [{ action: "delay", percent: 5, delay_ms: 10, message: "late" }] }, /field 'rules\[0\]\.message': does not apply to "action": "delay"/],
      [{ default_action: "limit" }, /field 'default_action': expected "allow" or "deny"/],
    ] as const) {
      const vm = await host.loadPlugin(wasmPath("dubbo"), { name: "dubbo", configuration });
      assert.equal(vm.configured, false);
      assert.match(host.logs.map((l) => l.message).join("\n"), message);
    }
  });
});
