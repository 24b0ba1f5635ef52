// The thrift filter's decisions on the host emulator, over messages captured from Apache Thrift's own Node and
// Python libraries (tests/fixtures/thrift/messages.json) in every transport × protocol: stats per method, replies
// matched in order, every split point, refused calls renamed and their answers rewritten, refused oneways dropped,
// delays, bad input and bad configurations. tests/e2e/thrift.test.ts proves it in Envoy with the real peers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost } from "../../harness/emulator/index.js";
import { projectRoot } from "../../harness/paths.js";

interface Captured {
  call: string;
  client: "node" | "python";
  transport: "framed" | "buffered" | "header";
  protocol: "binary" | "compact";
  direction: "request" | "response";
  messageType: string;
  seqid: number;
  hex: string;
}
const MESSAGES: Captured[] = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/thrift/messages.json"), "utf8")).messages;
const COMBINATIONS = [...new Set(MESSAGES.map((m) => `${m.transport}/${m.protocol}`))];
const captured = (combination: string, call: string, direction: "request" | "response", client = "python") =>
  Buffer.from(MESSAGES.find((m) => `${m.transport}/${m.protocol}` === combination && m.call === call && m.direction === direction && m.client === client)!.hex, "hex");
const REFUSED = "__thrift_filter_refused__";

async function plugin(configuration: object = {}) {
  const host = new EmulatedHost();
  const vm = await host.loadPlugin(wasmPath("thrift"), { name: "thrift", configuration });
  assert.equal(vm.configured, true, host.logs.map((l) => l.message).join("\n"));
  return { host, vm };
}

describe("thrift filter on the host emulator", () => {
  it("passes every captured message unchanged in every transport × protocol and counts per method", async () => {
    for (const combination of COMBINATIONS) {
      for (const client of ["node", "python"]) {
        const { host, vm } = await plugin();
        const connection = vm.connection();
        const messages = MESSAGES.filter((m) => `${m.transport}/${m.protocol}` === combination && m.client === client);
        for (const m of messages) {
          const bytes = Buffer.from(m.hex, "hex");
          if (m.direction === "request") connection.sendDownstream(bytes);
          else connection.sendUpstream(bytes);
        }
        const sent = Buffer.concat(messages.filter((m) => m.direction === "request").map((m) => Buffer.from(m.hex, "hex")));
        const answered = Buffer.concat(messages.filter((m) => m.direction === "response").map((m) => Buffer.from(m.hex, "hex")));
        assert.deepEqual(Buffer.from(connection.upstreamReceived), sent, `${combination} ${client}: requests unchanged`);
        assert.deepEqual(Buffer.from(connection.clientReceived), answered, `${combination} ${client}: replies unchanged`);
        const stat = (method: string, name: string, service = "_") => host.metric(`thrift.call.${service}.${method}.${name}`);
        assert.equal(stat("greet", "calls"), 1, `${combination} ${client}`);
        assert.equal(stat("greet", "replies"), 1);
        assert.equal(stat("greet", "calls", "Greeter"), 1, "the multiplexed call counts under its service");
        assert.equal(stat("notify", "oneways"), 1);
        assert.equal(stat("fail", "declared_exceptions"), 1);
        assert.equal(stat("crash", "application_exceptions"), 1);
        assert.equal(stat("order", "replies"), 1);
        assert.equal(host.metric("thrift.unmatched_replies"), 0);
        assert.equal(host.metric("thrift.decode_errors"), 0);
      }
    }
  });

  it("a message split at every byte is forwarded whole, in order, in every transport × protocol", async () => {
    for (const combination of COMBINATIONS) {
      const { host, vm } = await plugin();
      const order = captured(combination, "order", "request");
      for (let cut = 1; cut < order.length; cut++) {
        const connection = vm.connection();
        connection.sendDownstream(order.subarray(0, cut));
        assert.ok(connection.upstreamReceived.length === 0 || connection.upstreamReceived.length === order.length, `${combination} cut ${cut}`);
        connection.sendDownstream(order.subarray(cut));
        assert.deepEqual(Buffer.from(connection.upstreamReceived), order, `${combination} cut ${cut}`);
      }
      assert.equal(host.metric("thrift.call._.order.calls"), order.length - 1);
      const bytewise = vm.connection();
      for (const byte of order) bytewise.sendDownstream(Buffer.from([byte]));
      assert.deepEqual(Buffer.from(bytewise.upstreamReceived), order, `${combination} one byte at a time`);
    }
  });

  it("a denied call goes to the server renamed; the server's answer becomes a TApplicationException with the rule's message", async () => {
    for (const combination of COMBINATIONS) {
      const { host, vm } = await plugin({ rules: [{ name: "no-greet", match: { method: "greet" }, message: "greet is closed" }] });
      const connection = vm.connection();
      const greet = captured(combination, "greet", "request");
      connection.sendDownstream(greet);
      const renamed = Buffer.from(connection.upstreamReceived);
      assert.ok(renamed.includes(Buffer.from(REFUSED)), `${combination}: renamed`);
      assert.ok(!renamed.includes(Buffer.from("greet")), `${combination}: the method is gone`);
      // The server answers the unknown method with an exception for the same seqid (as the captured crash answer).
      connection.sendUpstream(captured(combination, "crash", "response"));
      const answer = Buffer.from(connection.clientReceived);
      assert.ok(answer.includes(Buffer.from("greet is closed")), `${combination}: our message`);
      assert.ok(!answer.includes(Buffer.from("Internal error")), `${combination}: not the server's`);
      // The connection goes on: the next call and its reply pass as they are.
      const fail = captured(combination, "fail", "request");
      connection.sendDownstream(fail);
      connection.sendUpstream(captured(combination, "fail", "response"));
      assert.deepEqual(Buffer.from(connection.upstreamReceived).subarray(renamed.length), fail);
      assert.equal(host.metric("thrift.call._.greet.denied"), 1);
      assert.equal(host.metric("thrift.call._.fail.declared_exceptions"), 1);
    }
  });

  it("a refused oneway call is dropped and counted; rules read THeader info headers", async () => {
    const { host, vm } = await plugin({ rules: [{ name: "quiet", match: { method: "notify" } }, { name: "t1", match: { headers: [{ name: "x-tenant", value: "t1" }] } }] });
    const connection = vm.connection();
    connection.sendDownstream(captured("header/binary", "notify", "request"));
    assert.equal(connection.upstreamReceived.length, 0);
    assert.equal(host.metric("thrift.oneways_dropped"), 1);
    const tenant = captured("header/compact", "greet", "request");
    vm.connection().sendDownstream(tenant);
    assert.equal(host.metric("thrift.call._.greet.denied"), 1, "the x-tenant=t1 info header is read");
  });

  it("a delay rule holds the client's bytes until delay_ms has passed; other connections flow", async () => {
    const { host, vm } = await plugin({ rules: [{ name: "slow", match: { method: "greet" }, action: "delay", percent: 100, delay_ms: 300 }] });
    const held = vm.connection();
    const greet = captured("framed/binary", "greet", "request");
    held.sendDownstream(greet);
    const other = vm.connection().sendDownstream(captured("framed/binary", "fail", "request"));
    assert.equal(held.upstreamReceived.length, 0);
    assert.ok(other.upstreamReceived.length > 0);
    host.advance(250);
    assert.equal(held.upstreamReceived.length, 0);
    host.advance(60);
    assert.deepEqual(Buffer.from(held.upstreamReceived), greet);
    assert.equal(host.metric("thrift.delayed"), 1);
  });

  it("bad version bytes, oversized and negative lengths, unknown types and deep nesting close the connection, counted", async () => {
    const { host, vm } = await plugin({ max_message_bytes: 4096, max_depth: 8 });
    const call = "80010001000000016d00000000"; // a strict binary call of "m", seqid 0, unframed
    const cases = {
      "not Thrift": Buffer.from("GET / HTTP/1.1\r\nhost: x\r\n\r\n"),
      "bad version bytes": Buffer.from("0000000a1234000000000000000000", "hex"),
      "negative length": Buffer.from("ffffffff80010001", "hex"),
      "oversized frame": Buffer.from("0010000080010001", "hex"),
      "unknown type id": Buffer.from(call + "110001", "hex"),
      "too deep": Buffer.from(call + "0c0001".repeat(10), "hex"),
    };
    for (const [what, bytes] of Object.entries(cases)) assert.equal(vm.connection().sendDownstream(bytes).closed, true, what);
    const closed = Object.keys(cases).length;
    assert.equal(host.metric("thrift.decode_errors"), closed);
    assert.equal(host.metric("thrift.connections_closed"), closed);
    const fine = vm.connection().sendDownstream(captured("framed/binary", "greet", "request"));
    assert.equal(fine.closed, false);
  });

  it("refuses bad configurations naming the field", async () => {
    const host = new EmulatedHost();
    for (const [configuration, message] of [
      [{ transport: "http" }, /field 'transport': expected "auto", "framed", "unframed" or "header"/],
      [{ protocol: "compact" }, /field 'protocol': applies with a given "transport" only/],
      [{ transport: "framed" }, /field 'protocol': is required with "transport": "framed"/],
      [{ transport: "framed", protocol: "json" }, /field 'protocol': expected "auto", "binary" or "compact"/],
      [{ max_depth: 0 }, /field 'max_depth'/],
      [{ rules: [{ match: { headers: [{ name: "x" }] } }] }, /field 'rules\[0\]\.match\.headers\[0\]\.value': is required/],
      [{ rules: [{ match: { group: "g" } }] }, /field 'rules\[0\]\.match\.group': unknown field/],
      [{ rules: [{ action: "delay", percent: 5 }] }, /field 'rules\[0\]\.delay_ms': is required with "action": "delay"/],
    ] as const) {
      const vm = await host.loadPlugin(wasmPath("thrift"), { name: "thrift", configuration });
      assert.equal(vm.configured, false);
      assert.match(host.logs.map((l) => l.message).join("\n"), message);
    }
  });
});
