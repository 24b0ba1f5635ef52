// The L4 stream context inside Envoy's network filter chain: bytes rewritten in both directions, and a connection
// closed by the filter.
import assert from "node:assert/strict";
import { Socket, connect } from "node:net";
import { describe } from "node:test";
import { useConformanceScenario } from "./fixtures.js";

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Reads until `done(received)` holds or the peer closes; returns what arrived and whether the peer closed. */
function readUntil(socket: Socket, done: (received: string) => boolean): Promise<{ received: string; closed: boolean }> {
  return new Promise((resolve) => {
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString();
      if (done(received)) resolve({ received, closed: false });
    });
    socket.once("close", () => resolve({ received, closed: true }));
  });
}

describe("SDK stream (L4) context in Envoy", () => {
  const env = useConformanceScenario();

  env.test("a prefix of the downstream bytes is replaced before the upstream, upstream bytes are appended to before the client", async () => {
    const { tcpPort, tcpEcho, envoy } = env.scenario;
    const socket = await open(tcpPort);
    const reading = readUntil(socket, (r) => r.includes("|wasm"));
    socket.write("hello world");
    const { received } = await reading;
    socket.destroy();
    assert.equal(received, "HELLO world|wasm");
    assert.ok(tcpEcho.received().toString().includes("HELLO world"));
    assert.ok((await envoy.admin.stat("wasmcustom.conformance.tcp_connections")) >= 1);
    assert.ok((await envoy.admin.stat("wasmcustom.conformance.tcp_downstream_bytes")) >= 11);
  });

  env.test("the filter closes the connection on CLOSE; the bytes never reach the upstream", async () => {
    const { tcpPort, tcpEcho, envoy } = env.scenario;
    const closesBefore = await envoy.admin.stat("wasmcustom.conformance.tcp_downstream_closes");
    const socket = await open(tcpPort);
    const reading = readUntil(socket, () => false);
    socket.write("please CLOSE now");
    const { received, closed } = await reading;
    assert.equal(closed, true);
    assert.equal(received, "");
    assert.ok(!tcpEcho.received().toString().includes("CLOSE"));
    assert.equal(await envoy.admin.stat("wasmcustom.conformance.tcp_closed_by_filter"), 1);
    assert.equal(await envoy.admin.waitForStat("wasmcustom.conformance.tcp_downstream_closes", (v) => v > closesBefore), closesBefore + 1);
  });
});
