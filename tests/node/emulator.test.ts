// The host emulator's own tests: the ABI's host side as cpp-host and Envoy 1.40 implement it, driven through the
// built conformance filter (tests/conformance) and, for the parts no filter path reaches, through the host's
// building blocks directly.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EmulatedHost, HeaderMap, Status, WasmTrapError, decodePairs, encodePairs } from "../../harness/emulator/index.js";
import { SharedDataStore } from "../../harness/emulator/store.js";
import { MetricIds, StatsStore } from "../../harness/emulator/metrics.js";
import { MutableBuffer } from "../../harness/emulator/context.js";
import { envoyGrpcCluster } from "../../harness/emulator/calls.js";
import { serializeProperty } from "../../harness/emulator/properties.js";
import { wasmPath } from "../../harness/bootstrap.js";

const WASM = wasmPath("conformance");
const HTTP = { mode: "http", callout_cluster: "echo", grpc_cluster: "grpc" };
const u64 = (bytes: Uint8Array | undefined) => (bytes ? new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true) : undefined);

describe("emulator: plugin lifecycle", () => {
  it("loads, configures and logs with the level; a lower log level is filtered", async () => {
    const host = new EmulatedHost();
    const info = await host.loadPlugin(WASM, { name: "conformance", configuration: HTTP });
    assert.equal(info.configured, true);
    assert.deepEqual(info.logs.map((l) => l.level), ["info"]);
    assert.match(info.logs[0].message, /^conformance: configured vm [0-9a-f]{8} mode http$/);
    const quiet = await host.loadPlugin(WASM, { name: "conformance", configuration: HTTP, logLevel: "warn" });
    assert.deepEqual(quiet.logs, []);
    assert.equal(host.logs.length, 1);
  });

  it("a rejected configuration leaves the plugin unconfigured, with the error naming the field", async () => {
    const host = new EmulatedHost();
    const plugin = await host.loadPlugin(WASM, { name: "conformance", configuration: { mode: "http", tick_period_ms: "fast" } });
    assert.equal(plugin.configured, false);
    assert.deepEqual(plugin.logs.map((l) => [l.level, l.message]), [
      ["error", "conformance: invalid configuration: field 'tick_period_ms': expected an integer between 0 and 3600000"],
    ]);
    assert.throws(() => plugin.request({ path: "/" }), /was not configured .*field 'tick_period_ms'/);
  });

  it("a module Envoy would not load is refused with Envoy's reason", async () => {
    const host = new EmulatedHost();
    // The smallest valid module: it has no ABI marker.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    await assert.rejects(host.loadPlugin(empty), /Missing or unknown Proxy-Wasm ABI version/);
  });

  it("a trap surfaces as WasmTrapError with the SDK's abort message; that VM then fails closed, the other lives", async () => {
    const host = new EmulatedHost();
    const [a, b] = await host.loadWorkers(WASM, 2, { name: "conformance", configuration: HTTP });
    assert.throws(() => a.request({ path: "/trap" }), (error: unknown) => {
      assert.ok(error instanceof WasmTrapError);
      assert.equal(error.functionName, "proxy_on_request_headers");
      assert.match(error.abortMessage ?? "", /^abort: Index out of range at ~lib\/array\.ts:\d+:\d+$/);
      assert.match(error.message, /Function: proxy_on_request_headers failed/);
      return true;
    });
    assert.equal(a.failed, true);
    const after = a.request({ path: "/hello" });
    assert.equal(after.status, 503);
    assert.equal(after.details, "wasm_fail_stream");
    assert.equal(after.upstream, undefined);
    assert.equal(b.request({ path: "/hello" }).status, 200);
  });
});

describe("emulator: HTTP streams", () => {
  it("header edits reach the upstream and the client; request header edits are counted (each costs Envoy a route selection)", async () => {
    const plugin = await new EmulatedHost().loadPlugin(WASM, { configuration: HTTP });
    const stream = plugin.request(
      { path: "/hello", headers: { "X-Conf-Replace": "original", "x-conf-remove": "secret" } },
      { upstream: () => ({ headers: { "x-upstream-remove-me": "1", "x-upstream-replace-me": "original" } }) },
    );
    assert.equal(stream.upstream?.headers.get("x-conf-added"), "yes");
    assert.equal(stream.upstream?.headers.get("x-conf-replace"), "replaced");
    assert.equal(stream.upstream?.headers.has("x-conf-remove"), false);
    assert.equal(stream.requestHeaderEdits, 3);
    assert.equal(stream.response?.headers.get("x-upstream-replace-me"), "replaced");
    assert.equal(stream.response?.headers.has("x-upstream-remove-me"), false);
    assert.equal(stream.done, true);
  });

  it("a local response ends the stream, passes the filter's response callbacks, and never reaches the upstream", async () => {
    const plugin = await new EmulatedHost().loadPlugin(WASM, { configuration: HTTP });
    let upstreamCalls = 0;
    const stream = plugin.request({ path: "/local" }, { upstream: () => void upstreamCalls++ });
    assert.equal(stream.status, 418);
    assert.equal(stream.response?.text, "short and stout\n");
    assert.equal(stream.response?.headers.get("content-type"), "text/plain");
    assert.equal(stream.response?.headers.get("x-conf-resp-added"), "yes");
    assert.equal(stream.localResponse?.details, "conformance_local_reply");
    assert.equal(stream.details, "conformance_local_reply");
    assert.equal(stream.upstream, undefined);
    assert.equal(upstreamCalls, 0);
    // Frames after the local response go nowhere.
    stream.sendRequestBody("late");
    assert.equal(stream.upstream, undefined);
  });

  it("a body callback answering Pause buffers: the last call sees the whole body, replaced as one", async () => {
    const host = new EmulatedHost();
    const plugin = await host.loadPlugin(WASM, { name: "conformance", configuration: HTTP });
    const stream = plugin.http();
    stream.sendRequestHeaders({ ":method": "POST", ":path": "/body", ":authority": "a" });
    stream.sendRequestBody("make ", false);
    stream.sendRequestBody("me ", false);
    assert.equal(stream.requestPaused, true);
    assert.equal(stream.upstream?.text, "");
    stream.sendRequestBody("loud", true);
    assert.equal(stream.upstream?.text, "MAKE ME LOUD");
    assert.deepEqual(host.stats.get("conformance.request_body_bytes")?.samples, [12]);
    stream.sendResponseHeaders({ ":status": "200", "content-length": "2" });
    stream.sendResponseBody("ok");
    assert.equal(stream.response?.text, "wasm:ok");
    assert.equal(stream.response?.headers.has("content-length"), false);
  });

  it("close_stream resets the stream; the client gets no response", async () => {
    const plugin = await new EmulatedHost().loadPlugin(WASM, { configuration: HTTP });
    const stream = plugin.request({ path: "/reset" });
    assert.equal(stream.reset, true);
    assert.equal(stream.response, undefined);
    assert.equal(stream.details, "wasm_close_stream");
  });

  it("properties come from the plugin, the stream and the test, serialized as Envoy does; filter state round-trips", async () => {
    const plugin = await new EmulatedHost({ properties: { xds: { node: { id: "node-1" } } } }).loadPlugin(WASM, {
      name: "conformance", configuration: HTTP, properties: { xds: { route_name: "r1" } },
    });
    const stream = plugin.request({ path: "/properties" }, { source: "10.0.0.7:5555" });
    const headers = stream.upstream!.headers;
    assert.equal(headers.get("x-conf-prop-request-path"), "/properties");
    assert.equal(headers.get("x-conf-prop-source-address"), "10.0.0.7:5555");
    assert.equal(headers.get("x-conf-prop-source-port"), "5555");
    assert.equal(headers.get("x-conf-prop-plugin-name"), "conformance");
    assert.equal(headers.get("x-conf-prop-route-name"), "r1");
    assert.equal(headers.get("x-conf-prop-node-id"), "node-1");
    assert.equal(headers.get("x-conf-prop-missing-status"), "absent");
    assert.equal(headers.get("x-conf-prop-set-readback"), "marked");
    assert.equal(new TextDecoder().decode(stream.state.get("conformance_mark")), "marked");
  });

  it("clear_route_cache is recorded on the stream and answers Ok", async () => {
    const plugin = await new EmulatedHost().loadPlugin(WASM, { configuration: HTTP });
    const stream = plugin.request({ path: "/reroute" });
    assert.equal(stream.clearRouteCacheCalls, 1);
    assert.equal(stream.response?.headers.get("x-conf-clear-route-cache"), "Ok");
    assert.equal(stream.upstream?.headers.get("x-conf-route"), "alt");
  });

  it("WASI clock and random_get come from the host's controlled clock and random source", async () => {
    const host = new EmulatedHost({ startTime: Date.UTC(2030, 0, 1), randomBytes: (n) => new Uint8Array(n).fill(0xab) });
    const plugin = await host.loadPlugin(WASM, { configuration: HTTP });
    host.advance(1500);
    const stream = plugin.request({ path: "/time" });
    assert.equal(stream.response?.headers.get("x-conf-now-ns"), String((BigInt(Date.UTC(2030, 0, 1)) + 1500n) * 1_000_000n));
    assert.equal(stream.response?.headers.get("x-conf-random"), "ab".repeat(16));
    assert.equal(stream.response?.headers.get("x-conf-vm"), "abababab");
  });
});

describe("emulator: outbound calls", () => {
  it("http_call waits for the test's answer; the stream resumes with it", async () => {
    const host = new EmulatedHost({ clusters: ["echo"] });
    const plugin = await host.loadPlugin(WASM, { configuration: HTTP });
    const stream = plugin.request({ path: "/callout" });
    assert.equal(stream.requestPaused, true);
    assert.equal(stream.upstream?.path, undefined, "the request waits for the callout");
    const [call] = plugin.httpCalls;
    assert.deepEqual([call.cluster, call.method, call.path, call.authority, call.timeoutMs, call.state], ["echo", "GET", "/callout-target", "callout", 5000, "pending"]);
    call.respond({ status: 201, headers: { "x-upstream": "scripted" }, body: "four" });
    assert.equal(call.state, "answered");
    assert.equal(stream.upstream?.headers.get("x-conf-callout-status"), "201");
    assert.equal(stream.upstream?.headers.get("x-conf-callout-upstream"), "scripted");
    assert.equal(stream.upstream?.headers.get("x-conf-callout-body-bytes"), "4");
    assert.equal(stream.status, 200);
  });

  it("a cluster handler scripts the answer; a reset reaches the module as BrokenConnection \"reset\"", async () => {
    const host = new EmulatedHost({ clusters: { echo: { http: (call) => (call.path === "/callout-target" ? { body: "x" } : undefined) } } });
    const plugin = await host.loadPlugin(WASM, { configuration: HTTP });
    assert.equal(plugin.request({ path: "/callout" }).upstream?.headers.get("x-conf-callout-body-bytes"), "1");
    host.addCluster("echo");
    const failing = plugin.request({ path: "/callout" });
    plugin.httpCalls[1].reset();
    assert.equal(failing.status, 503);
    assert.equal(failing.response?.text, "conformance_callout_failed: reset\n");
  });

  it("an unanswered call times out as Envoy's async client does: a local 504", async () => {
    const host = new EmulatedHost({ clusters: ["echo"] });
    const plugin = await host.loadPlugin(WASM, { configuration: HTTP });
    const stream = plugin.request({ path: "/callout" });
    host.advance(4999);
    assert.equal(stream.requestPaused, true);
    host.advance(1);
    assert.equal(plugin.httpCalls[0].state, "answered");
    assert.equal(stream.upstream?.headers.get("x-conf-callout-status"), "504");
  });

  it("http_call to an undeclared cluster is BadArgument", async () => {
    const plugin = await new EmulatedHost({ clusters: ["echo"] }).loadPlugin(WASM, { configuration: HTTP });
    const stream = plugin.request({ path: "/callout/unknown-cluster" });
    assert.equal(stream.status, 500);
    assert.equal(stream.response?.text, "conformance_callout_dispatch_failed: BadArgument\n");
    assert.deepEqual(plugin.httpCalls, []);
  });

  it("grpc_call: the message reaches proxy_on_grpc_receive; a failure status reaches proxy_on_grpc_close with its message", async () => {
    const host = new EmulatedHost({ clusters: ["grpc"] });
    const plugin = await host.loadPlugin(WASM, { configuration: HTTP });
    const ok = plugin.request({ path: "/grpc" });
    const [call] = plugin.grpcCalls;
    assert.deepEqual([call.cluster, call.service, call.method, call.metadata.get("x-conf-md")], ["grpc", "conformance.Echo", "Say", "from-wasm"]);
    // EchoReply { message = 1: "hi" }
    call.respond({ message: new Uint8Array([0x0a, 0x02, 0x68, 0x69]) });
    assert.equal(ok.upstream?.headers.get("x-conf-grpc-reply"), "hi");
    const failed = plugin.request({ path: "/grpc" });
    plugin.grpcCalls[1].fail(14, "no healthy upstream");
    assert.equal(failed.status, 502);
    assert.equal(failed.response?.text, "conformance_grpc_failed: grpc status 14 no healthy upstream\n");
  });

  it("the gRPC upstream is read as a GrpcService first, then as a cluster name", () => {
    assert.equal(envoyGrpcCluster(new Uint8Array([0x0a, 0x06, 0x0a, 0x04, 0x67, 0x72, 0x70, 0x63])), "grpc");
    assert.equal(envoyGrpcCluster(new TextEncoder().encode("grpc")), undefined);
    assert.equal(envoyGrpcCluster(new Uint8Array(0)), null);
  });
});

describe("emulator: state shared by VMs", () => {
  it("shared data: CAS increments from two VMs interleaved by the test all land", async () => {
    const host = new EmulatedHost();
    const [a, b] = await host.loadWorkers(WASM, 2, { name: "conformance", vmId: "shared", configuration: HTTP });
    const seen = [a, b, b, a, b].map((vm) => Number(vm.request({ path: "/shared/incr" }).response?.headers.get("x-conf-shared")));
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(u64(host.sharedData.get("shared", "conformance.hits")?.value), 5n);
    // Another writer between two requests: the next read-modify-write starts from its value.
    const eight = new Uint8Array(8);
    new DataView(eight.buffer).setBigUint64(0, 100n, true);
    host.sharedData.set("shared", "conformance.hits", eight);
    assert.equal(a.request({ path: "/shared/read" }).response?.headers.get("x-conf-shared"), "100");
    assert.equal(b.request({ path: "/shared/incr" }).response?.headers.get("x-conf-shared"), "101");
    // Another vm_id is another namespace.
    const other = await host.loadPlugin(WASM, { name: "conformance", vmId: "other", configuration: HTTP });
    assert.equal(other.request({ path: "/shared/read" }).response?.headers.get("x-conf-shared"), "0");
  });

  it("shared data follows cpp-host: cas 0 writes unconditionally, a stale cas is CasMismatch, an absent key takes any cas", () => {
    const store = new SharedDataStore();
    const v = (s: string) => new TextEncoder().encode(s);
    assert.equal(store.get("", "k"), undefined);
    assert.equal(store.set("", "k", v("1"), 12345), Status.Ok);
    const first = store.get("", "k")!;
    assert.equal(store.set("", "k", v("2"), first.cas), Status.Ok);
    assert.equal(store.set("", "k", v("3"), first.cas), Status.CasMismatch);
    assert.equal(store.set("", "k", v("4"), 0), Status.Ok);
    assert.equal(new TextDecoder().decode(store.get("", "k")!.value), "4");
    assert.ok(store.get("", "k")!.cas > first.cas);
  });

  it("messages enqueued on a shared queue from any VM are all dequeued by its listener", async () => {
    const host = new EmulatedHost();
    const [a, b] = await host.loadWorkers(WASM, 2, { name: "conformance", configuration: HTTP });
    assert.equal(a.request({ path: "/queue" }).response?.headers.get("x-conf-enqueue"), "Ok");
    assert.equal(b.request({ path: "/queue" }).response?.headers.get("x-conf-enqueue"), "Ok");
    assert.equal(host.metric("conformance.queue_messages"), 2);
    assert.equal(host.queues.pending("", "conformance.queue"), 0);
  });

  it("ticks fire per VM only as the test advances the clock; plugin.tick() fires one now", async () => {
    const host = new EmulatedHost();
    await host.loadWorkers(WASM, 2, { name: "conformance", configuration: { ...HTTP, tick_period_ms: 100 } });
    assert.equal(host.metric("conformance.ticks"), 0);
    host.advance(99);
    assert.equal(host.metric("conformance.ticks"), 0);
    host.advance(151);
    assert.equal(host.metric("wasmcustom.conformance.ticks"), 4);
    host.plugins[0].tick();
    assert.equal(host.metric("conformance.ticks"), 5);
  });

  it("metrics: a counter, a gauge back at zero, a histogram's samples; one stat per name across VMs", async () => {
    const host = new EmulatedHost();
    const [a, b] = await host.loadWorkers(WASM, 2, { name: "conformance", configuration: HTTP });
    a.request({ path: "/hello" });
    const open = b.http();
    open.sendRequestHeaders({ ":method": "GET", ":path": "/hello", ":authority": "a" }, true);
    assert.equal(host.metric("conformance.requests"), 2);
    assert.equal(host.metric("conformance.active_requests"), 1);
    open.respond({ status: 204 });
    assert.equal(host.metric("conformance.active_requests"), 0);
    a.request({ method: "POST", path: "/body", body: "12345" });
    assert.deepEqual(host.stats.get("conformance.request_body_bytes")?.samples, [5]);
    assert.equal(host.stats.snapshot()["wasmcustom.conformance.requests"], 3);
  });

  it("metric ids follow cpp-host: counters take positive increments, record adds to a counter and sets a gauge", () => {
    const ids = new MetricIds(new StatsStore());
    const counter = ids.define(0, "c").id!;
    const gauge = ids.define(1, "g").id!;
    const histogram = ids.define(2, "h").id!;
    assert.deepEqual([counter & 3, gauge & 3, histogram & 3], [0, 1, 2]);
    assert.equal(ids.define(3, "x").status, Status.BadArgument);
    assert.equal(ids.increment(counter, 0n), Status.BadArgument);
    assert.equal(ids.increment(counter, 2n), Status.Ok);
    assert.equal(ids.record(counter, 3n), Status.Ok);
    assert.deepEqual(ids.get(counter), { status: Status.Ok, value: 5 });
    assert.equal(ids.increment(gauge, -4n), Status.Ok);
    assert.equal(ids.record(gauge, 9n), Status.Ok);
    assert.deepEqual(ids.get(gauge), { status: Status.Ok, value: 9 });
    assert.equal(ids.get(histogram).status, Status.BadArgument);
    assert.equal(ids.increment(counter + 4, 1n), Status.NotFound);
  });
});

describe("emulator: L4 connections", () => {
  it("bytes pass both ways through the network filter; the filter closes on CLOSE; close events are counted", async () => {
    const host = new EmulatedHost();
    const plugin = await host.loadPlugin(WASM, { name: "conformance", configuration: { mode: "tcp" } });
    const conn = plugin.connection();
    conn.sendDownstream("hello wasm world");
    assert.equal(conn.upstreamText, "HELLO wasm world");
    conn.sendUpstream("pong");
    assert.equal(conn.clientText, "pong|wasm");
    conn.sendDownstream("please CLOSE");
    assert.equal(conn.closedBy, "filter");
    assert.equal(conn.done, true);
    assert.equal(conn.upstreamText, "HELLO wasm world");
    const second = plugin.connection().close();
    assert.equal(second.closedBy, "client");
    assert.deepEqual(
      ["tcp_connections", "tcp_closed_by_filter", "tcp_downstream_closes"].map((m) => host.metric(`conformance.${m}`)),
      [2, 1, 2],
    );
  });
});

describe("emulator: building blocks", () => {
  it("pairs are serialized exactly as cpp-host's marshalPairs, and malformed pairs decode as no pairs", () => {
    const bytes = encodePairs([["a", "1"], [":b", ""]]);
    assert.deepEqual([...bytes], [2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0x61, 0, 0x31, 0, 0x3a, 0x62, 0, 0]);
    assert.deepEqual(decodePairs(bytes), [["a", "1"], [":b", ""]]);
    assert.deepEqual(decodePairs(bytes.subarray(0, bytes.length - 1)), []);
    assert.deepEqual(decodePairs(new Uint8Array([...bytes, 0])), []);
  });

  it("header maps lower-case names, keep pseudo-headers first, answer the first of repeats, and replace by remove-then-add", () => {
    const map = new HeaderMap({ "X-A": ["1", "2"], ":path": "/" });
    map.add(":method", "GET");
    assert.deepEqual(map.pairs(), [[":path", "/"], [":method", "GET"], ["x-a", "1"], ["x-a", "2"]]);
    assert.equal(map.get("x-a"), "1");
    assert.equal(map.get("absent"), null);
    map.set("x-b", "new");
    map.set("X-A", "3");
    assert.deepEqual(map.pairs().slice(2), [["x-b", "new"], ["x-a", "3"]]);
    assert.equal(map.byteSize, ":path/:methodGETx-bnewx-a3".length);
  });

  it("body and connection buffers take Envoy 1.40's edits: replace a prefix, prepend, append; nothing in the middle", () => {
    const buffer = new MutableBuffer(new TextEncoder().encode("hello world"));
    const set = (start: number, length: number, text: string) => buffer.copyFrom(start, length, new TextEncoder().encode(text));
    assert.equal(set(0, 5, "HELLO"), Status.Ok);
    assert.equal(set(0, 0, ">"), Status.Ok);
    assert.equal(set(12, 0, "!"), Status.Ok);
    assert.equal(set(3, 1, "x"), Status.BadArgument);
    assert.equal(new TextDecoder().decode(buffer.bytes()), ">HELLO world!");
  });

  it("property values serialize as Envoy's: strings raw, integers 8 bytes LE, booleans 1 byte, maps as pairs", () => {
    assert.deepEqual([...serializeProperty("ab")], [0x61, 0x62]);
    assert.deepEqual([...serializeProperty(258n)], [2, 1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual([...serializeProperty(true)], [1]);
    assert.deepEqual(decodePairs(serializeProperty({ k: "v" })), [["k", "v"]]);
  });
});
