// A mutation fuzz of the dubbo filter through a real Envoy (--concurrency 2): frames captured from the real Java
// consumer, each with 1 to 4 bytes changed (the header too, one time in ten) and one in five cut short, sent in
// batches on many connections until the filter has examined EXAMINED of them (a bad frame closes its connection,
// so the frames after it on that connection are never examined). The VM must never trap, Envoy must stay up, and a connection making valid calls all along must
// have every call answered. The upstream is the responder (harness/upstreams/dubbo_responder.ts): the filter is
// under test, not the provider.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { projectRoot } from "../../harness/paths.js";
import { startDubboScenario, type DubboScenario } from "../../harness/scenarios/dubbo.js";
import { wasmVmFailure } from "../../harness/testing.js";
import { GREET_REQUEST, GREET_RESPONSE } from "../../harness/upstreams/dubbo_responder.js";

/** Connections are opened until the filter has examined this many frames (most mutations close the connection soon). */
const EXAMINED = 1_000_000;
const PER_CONNECTION = 8;
const PARALLEL = 32;
const SEEDS: Buffer[] = (JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/dubbo/frames.json"), "utf8")).frames as { call: string; direction: string; hex: string }[])
  .filter((f) => f.direction === "request" && f.call !== "describe")
  .map((f) => Buffer.from(f.hex, "hex"));

let state = 0x9e3779b9;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);

/** 1 to 4 bytes changed: in the body, or one time in ten anywhere (the header too); one in five cut short. */
function mutated(seed: Buffer): Buffer {
  const bytes = Buffer.from(seed);
  const changes = 1 + Math.floor(random() * 4);
  const from = random() < 0.1 ? 0 : 16;
  for (let i = 0; i < changes; i++) bytes[from + Math.floor(random() * (bytes.length - from))] = Math.floor(random() * 256);
  return random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
}

/** One connection: a batch of mutated frames, then the end of the stream; resolves when Envoy closed it. */
function fuzzConnection(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: "::1", port });
    const batch = Buffer.concat(Array.from({ length: PER_CONNECTION }, (_, i) => mutated(SEEDS[i % SEEDS.length])));
    socket.on("connect", () => socket.end(batch));
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => resolve());
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describe("dubbo filter under a mutation fuzz through Envoy", () => {
  let scenario: DubboScenario;
  before(async () => {
    scenario = await startDubboScenario(undefined, undefined, "responder");
  });
  after(async () => {
    await scenario?.stop();
  });

  it(`mutated and truncated frames until the filter examined ${EXAMINED.toLocaleString("en")}: no trap, Envoy up, a valid connection served throughout`, async (t) => {
    let fuzzing = true;
    // The bystander: one connection making greet calls, one after another, while the fuzz runs.
    const bystander = (async () => {
      const socket = connect({ host: "::1", port: scenario.port });
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      let answered = 0;
      let buffered = 0;
      let next: (() => void) | undefined;
      socket.on("data", (chunk) => {
        buffered += chunk.length;
        while (buffered >= GREET_RESPONSE.length) {
          buffered -= GREET_RESPONSE.length;
          answered++;
          next?.();
        }
      });
      let sent = 0;
      while (fuzzing) {
        const call = Buffer.from(GREET_REQUEST);
        call.writeBigUInt64BE(BigInt(++sent), 4);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`call ${sent} not answered in 5 s`)), 5000);
          next = () => (clearTimeout(timer), resolve());
          socket.write(call);
        });
      }
      socket.destroy();
      return { sent, answered };
    })();
    const stat = (name: string) => scenario.envoy.admin.stat(`wasmcustom.dubbo.${name}`);
    const examined = async () => (await stat("requests")) + (await stat("heartbeats")) + (await stat("decode_errors"));
    let connections = 0;
    let done = false;
    const worker = async () => {
      while (!done) {
        for (let i = 0; i < 50; i++, connections++) await fuzzConnection(scenario.port);
      }
    };
    const workers = Array.from({ length: PARALLEL }, worker);
    const deadline = Date.now() + 10 * 60_000;
    while ((await examined()) < EXAMINED && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    done = true;
    await Promise.all(workers);
    fuzzing = false;
    const { sent, answered } = await bystander;
    t.diagnostic(`${connections} connections, ${connections * PER_CONNECTION} mutated frames sent, ${await examined()} examined by the filter, ${await stat("connections_closed")} connections closed on bad input, ${sent} bystander calls`);
    assert.ok((await examined()) >= EXAMINED, `the filter examined ${EXAMINED} frames within 10 minutes`);
    assert.ok(sent > 100, `the bystander made ${sent} calls`);
    assert.equal(answered, sent);
    assert.equal(wasmVmFailure(scenario.envoy.log()), undefined);
    assert.equal(await scenario.envoy.admin.ready(), true);
    assert.ok((await stat("decode_errors")) > 1000);
  });
});
