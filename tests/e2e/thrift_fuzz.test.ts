// A mutation fuzz of the thrift filter through a real Envoy (--concurrency 2): the calls and oneways captured from
// Apache Thrift's Node and Python clients over every transport × protocol, each with 1 to 4 bytes changed (the frame
// length and THeader header too, one time in ten), one in five cut short, one in fifty nested deep or given a huge
// size, sent in batches on many connections until the filter has examined EXAMINED of them. The filter tells transport
// and protocol from a connection's first bytes, so a connection carries one transport × protocol (rotated), one in
// seven mixes them, and one in eight is written in pieces (messages cut across segments). A bad message closes its
// connection, so the messages after it are never examined. The VM must never trap, Envoy must stay up, and a
// connection making valid calls all along must have every call answered. The upstream is the responder
// (harness/upstreams/thrift_responder.ts): the filter is under test, not the server.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { wasmPath } from "../../harness/bootstrap.js";
import { Envoy } from "../../harness/envoy.js";
import { projectRoot } from "../../harness/paths.js";
import { THRIFT_CONFIG } from "../../harness/scenarios/thrift.js";
import { showingEnvoyLog, wasmVmFailure } from "../../harness/testing.js";
import { GREET_REPLY, GREET_REQUEST, readMessageBegin, startThriftResponder, type ThriftResponder, type ThriftWire } from "../../harness/upstreams/thrift_responder.js";

/** Connections are opened until the filter has examined this many messages (most mutations close the connection soon). */
const EXAMINED = 1_000_000;
const PER_CONNECTION = 8;
const PARALLEL = 32;
/** The README's rules (THeader headers read), and one on the captured THeader calls' x-tenant, so a header decides. */
const CONFIG = { rules: [...THRIFT_CONFIG.rules, { name: "tenant-t1", match: { method: "greet", headers: [{ name: "x-tenant", value: "t1" }] }, action: "deny" }] };

type Transport = "framed" | "buffered" | "header";
interface Seed {
  bytes: Buffer;
  transport: Transport;
  protocol: ThriftWire;
  /** Where the message starts (after the frame length, or the THeader header) and where its arguments start. */
  messageAt: number;
  argsAt: number;
}

const MESSAGES: { transport: Transport; protocol: ThriftWire; direction: string; hex: string }[] = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/thrift/messages.json"), "utf8")).messages;
const COMBINATIONS: Seed[][] = (["framed", "buffered", "header"] as const).flatMap((transport) => (["binary", "compact"] as const).map((protocol) =>
  MESSAGES.filter((m) => m.direction === "request" && m.transport === transport && m.protocol === protocol).map((m) => {
    const bytes = Buffer.from(m.hex, "hex");
    const messageAt = transport === "buffered" ? 0 : transport === "framed" ? 4 : 14 + 4 * bytes.readUInt16BE(12);
    return { bytes, transport, protocol, messageAt, argsAt: readMessageBegin(bytes, messageAt, bytes.length, protocol)!.end };
  })));
const ALL_SEEDS = COMBINATIONS.flat();

let state = 0x9e3779b9;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** `message` in the seed's transport: framed or THeader (the seed's header) with the length fixed, or as it is. */
function inTransport(seed: Seed, message: Buffer): Buffer {
  if (seed.transport === "buffered") return message;
  const frame = Buffer.concat([seed.bytes.subarray(0, seed.messageAt), message]);
  frame.writeUInt32BE(frame.length - 4, 0);
  return frame;
}

const DEPTHS = [1, 32, 63, 64, 65, 100, 1000, 20_000];

/** `unit` `count` times over. */
const repeated = (unit: number[], count: number) => Buffer.alloc(unit.length * count, Buffer.from(unit));

/** The seed's call with arguments nested `depth` deep: structs in structs, or lists of lists. */
function nested(seed: Seed): Buffer {
  const depth = pick(DEPTHS);
  const binary = seed.protocol === "binary";
  // Field 1 of type struct, again and again, then a stop per struct and the arguments' stop.
  if (random() < 0.5) return inTransport(seed, Buffer.concat([seed.bytes.subarray(seed.messageAt, seed.argsAt), repeated(binary ? [0x0c, 0x00, 0x01] : [0x1c], depth), Buffer.alloc(depth + 1)]));
  // Field 1 a list of one list of one list ..., the innermost an empty list of i32, then the arguments' stop.
  const field = Buffer.from(binary ? [0x0f, 0x00, 0x01] : [0x19]);
  const innermost = Buffer.from(binary ? [0x08, 0, 0, 0, 0, 0x00] : [0x05, 0x00]);
  return inTransport(seed, Buffer.concat([seed.bytes.subarray(seed.messageAt, seed.argsAt), field, repeated(binary ? [0x0f, 0, 0, 0, 1] : [0x19], depth - 1), innermost]));
}

const HUGE = [0x7fffffff, 0x80000000, 0xffffffff, 0x3fffffff, 0x01000000, 0x00ffffff, 0x00fffff0];

/** The seed with a huge value: the frame length, the name's length, or a size anywhere (a 5-byte varint in compact). */
function huge(seed: Seed): Buffer {
  const bytes = Buffer.from(seed.bytes);
  const value = pick(HUGE);
  const where = random();
  if (where < 0.3 && seed.transport !== "buffered") {
    bytes.writeUInt32BE(value, 0);
  } else if (seed.protocol === "binary") {
    const at = where < 0.6 ? seed.messageAt + 4 : seed.messageAt + Math.floor(random() * (bytes.length - seed.messageAt - 4));
    bytes.writeUInt32BE(value, at);
  } else {
    // The name's length follows the protocol id, the type and version, and the seqid (one byte in every seed).
    const at = where < 0.6 ? seed.messageAt + 3 : seed.messageAt + Math.floor(random() * (bytes.length - seed.messageAt - 5));
    // One time in five the last byte has bits past 32 (a varint too long for its type).
    const last = (value >>> 28) | (random() < 0.2 ? 0x70 : 0);
    Buffer.from([0x80 | (value & 0x7f), 0x80 | ((value >>> 7) & 0x7f), 0x80 | ((value >>> 14) & 0x7f), 0x80 | ((value >>> 21) & 0x7f), last]).copy(bytes, at);
  }
  return bytes;
}

/**
 * 1 to 4 bytes changed: in the message, or one time in ten anywhere (the frame length and THeader header too); one in
 * fifty nested deep or given a huge size instead; one in five cut short.
 */
function mutated(seed: Seed): Buffer {
  let bytes: Buffer;
  const kind = random();
  if (kind < 0.01) bytes = nested(seed);
  else if (kind < 0.02) bytes = huge(seed);
  else {
    bytes = Buffer.from(seed.bytes);
    const changes = 1 + Math.floor(random() * 4);
    const from = random() < 0.1 ? 0 : seed.messageAt;
    for (let i = 0; i < changes; i++) bytes[from + Math.floor(random() * (bytes.length - from))] = Math.floor(random() * 256);
  }
  return random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
}

/**
 * One connection: a batch of mutated messages of one transport × protocol (`seeds`, or all of them mixed), in one
 * write or in pieces, then the end of the stream; resolves when Envoy closed it.
 */
function fuzzConnection(port: number, seeds: Seed[] | undefined): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setNoDelay(true);
    const first = Math.floor(random() * ALL_SEEDS.length);
    const batch = Buffer.concat(Array.from({ length: PER_CONNECTION }, (_, i) => mutated(seeds ? seeds[(first + i) % seeds.length] : pick(ALL_SEEDS))));
    const pieces = random() < 0.125 ? 2 + Math.floor(random() * 3) : 1;
    socket.on("connect", async () => {
      let at = 0;
      for (let piece = 1; piece < pieces && !socket.destroyed; piece++) {
        const to = at + Math.floor(random() * (batch.length - at));
        socket.write(batch.subarray(at, to));
        at = to;
        await sleep(1);
      }
      socket.end(batch.subarray(at));
    });
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => resolve());
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describe("thrift filter under a mutation fuzz through Envoy", () => {
  let responder: ThriftResponder;
  let envoy: Envoy;
  let port: number;
  before(async () => {
    responder = await startThriftResponder("127.0.0.1");
    envoy = await Envoy.start({ name: "thrift-fuzz", template: "thrift.yaml", vars: { WASM: wasmPath("thrift"), CONFIG: JSON.stringify(CONFIG), SERVER_PORT: responder.port } });
    port = (await envoy.listener("thrift")).port;
  });
  after(async () => {
    await envoy?.stop();
    await responder?.close();
  });

  it(`mutated and truncated messages over every transport × protocol until the filter examined ${EXAMINED.toLocaleString("en")}: no trap, Envoy up, a valid connection served throughout`, showingEnvoyLog(() => envoy, async (t) => {
    let fuzzing = true;
    // The bystander: one connection making the captured framed binary greet call, one after another, while the fuzz runs.
    const bystander = (async () => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.setNoDelay(true);
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      let answered = 0;
      let wrong = 0;
      let pending = Buffer.alloc(0);
      let next: (() => void) | undefined;
      socket.on("data", (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= GREET_REPLY.length) {
          if (!pending.subarray(0, GREET_REPLY.length).equals(GREET_REPLY)) wrong++;
          pending = pending.subarray(GREET_REPLY.length);
          answered++;
          next?.();
        }
      });
      let sent = 0;
      while (fuzzing) {
        sent++;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`call ${sent} not answered in 5 s`)), 5000);
          next = () => (clearTimeout(timer), resolve());
          socket.write(GREET_REQUEST);
        });
      }
      socket.destroy();
      return { sent, answered, wrong };
    })();
    // The filter's own stats only: the whole dump holds the per-method ones too, one set per mutated method name up to
    // max_tracked_methods, and grows to megabytes, slow for Envoy's main thread to write every poll.
    const stats = async () => {
      const dump = JSON.parse(await envoy.admin.get("/stats?format=json&filter=^wasmcustom\\.thrift\\.[a-z_]+$")) as { stats: { name?: string; value?: number }[] };
      const values = new Map(dump.stats.map((s) => [s.name, s.value]));
      return (name: string) => values.get(`wasmcustom.thrift.${name}`) ?? 0;
    };
    const examined = async () => {
      const stat = await stats();
      return stat("calls") + stat("decode_errors");
    };
    let connections = 0;
    let done = false;
    const worker = async () => {
      while (!done) {
        // One transport × protocol per connection, rotated; the seventh connection of each round mixes them all.
        for (let i = 0; i < 50; i++, connections++) await fuzzConnection(port, connections % 7 === 6 ? undefined : COMBINATIONS[connections % 7]);
      }
    };
    const started = Date.now();
    const workers = Array.from({ length: PARALLEL }, worker);
    // About 1.3 times the dubbo fuzz's time (Thrift messages are small and dense: fewer survive a change, so more
    // connections are needed); the bound leaves room for a 2-core machine shared with other e2e files.
    const deadline = Date.now() + 20 * 60_000;
    while ((await examined()) < EXAMINED && Date.now() < deadline) await sleep(1000);
    done = true;
    await Promise.all(workers);
    fuzzing = false;
    const { sent, answered, wrong } = await bystander;
    const stat = await stats();
    const closes = new Map<string, number>();
    for (const [, why] of envoy.log().matchAll(/thrift: closing connection \d+: (.*)/g)) closes.set(why, (closes.get(why) ?? 0) + 1);
    t.diagnostic(`${connections} connections, ${connections * PER_CONNECTION} mutated messages sent, ${stat("calls") + stat("decode_errors")} examined by the filter (${stat("calls")} calls, ${stat("decode_errors")} refused), ${stat("connections_closed")} connections closed on bad input, ${sent} bystander calls, in ${Math.round((Date.now() - started) / 1000)} s`);
    t.diagnostic(`${stat("replies")} replies matched, ${stat("denied")} calls denied, ${stat("unmatched_replies")} replies unmatched, ${stat("oneways_dropped")} oneways dropped`);
    t.diagnostic(`closed because: ${[...closes].sort((a, b) => b[1] - a[1]).map(([why, count]) => `${why} ${count}`).join(", ")}`);
    assert.ok(stat("calls") + stat("decode_errors") >= EXAMINED, `the filter examined ${EXAMINED} messages within 20 minutes`);
    assert.ok(sent > 100, `the bystander made ${sent} calls`);
    assert.equal(answered, sent);
    assert.equal(wrong, 0, "every bystander reply is the captured one");
    assert.equal(wasmVmFailure(envoy.log()), undefined);
    assert.equal(await envoy.admin.ready(), true);
    assert.ok(stat("decode_errors") > 1000);
    // The responder answers only well-formed calls: a reply refused would be the filter's mistake.
    assert.equal([...closes.keys()].filter((why) => why.endsWith("from the server")).length, 0);
  }));
});
