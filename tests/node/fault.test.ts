// The fault filter's decisions on the host emulator: configuration errors naming the field, targeting (conditions,
// sticky and random shares), delays released by the root's timers, aborts for HTTP and gRPC, response faults, the
// per-minute budget shared by workers, the time box and header-controlled faults. Envoy itself: tests/e2e/fault.test.ts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost, type Plugin } from "../../harness/emulator/index.js";
import { projectRoot } from "../../harness/paths.js";

async function load(configuration: object, workers = 1, startTime?: number): Promise<{ host: EmulatedHost; vms: Plugin[] }> {
  const host = new EmulatedHost({ upstream: () => ({ status: 200, body: "x".repeat(1000) }), ...(startTime === undefined ? {} : { startTime }) });
  const vms = await host.loadWorkers(wasmPath("fault"), workers, { name: "fault", vmId: "fault", configuration });
  return { host, vms };
}

async function rejected(configuration: object): Promise<string> {
  const { vms } = await load(configuration);
  assert.equal(vms[0].configured, false, `accepted: ${JSON.stringify(configuration)}`);
  return vms[0].logs.map((l) => l.message).join("\n");
}

const on = (name: string) => [{ source: "header", name, op: "present" }];

describe("fault on the host emulator", () => {
  it("rejects a bad configuration at load, naming the field", async () => {
    assert.match(await rejected({ experiments: [{ name: "a" }] }), /fault: invalid configuration: field 'experiments\[0\]\.name': experiment 'a' has no fault/);
    assert.match(await rejected({ experiments: [{ name: "a", abort: { status: 503 }, percent: 5.005 }] }), /field 'experiments\[0\]\.percent': expected a number between 0 and 100 with at most 2 decimals/);
    assert.match(await rejected({ experiments: [{ name: "a", delay_ms: 0 }] }), /field 'experiments\[0\]\.delay_ms': expected an integer between 1 and 60000/);
    assert.match(await rejected({ experiments: [{ name: "a", delay_ms: 5, delay_distribution: { min_ms: 1, max_ms: 2 } }] }), /field 'experiments\[0\]\.delay_distribution': give "delay_ms" or "delay_distribution", not both/);
    assert.match(await rejected({ experiments: [{ name: "a", delay_distribution: { percentiles: [{ percentile: 90, ms: 10 }, { percentile: 50, ms: 20 }] } }] }), /field 'experiments\[0\]\.delay_distribution\.percentiles\[1\]\.percentile': percentiles must ascend/);
    assert.match(await rejected({ experiments: [{ name: "a", abort: { status: 503 }, start: "2026-12-08 10:00" }] }), /field 'experiments\[0\]\.start': expected an RFC 3339 time/);
    assert.match(await rejected({ experiments: [{ name: "a", abort: { status: 503 }, start: "2026-12-08T10:00:00Z", end: "2026-12-08T09:00:00Z" }] }), /field 'experiments\[0\]\.end': is not after "start"/);
    assert.match(await rejected({ experiments: [{ name: "a", abort: { status: 503 }, conditions: [{ source: "route_tag", op: "regex", value: "(" }] }] }), /field 'experiments\[0\]\.conditions\[0\]\.value': invalid regex/);
    assert.match(await rejected({ experiments: [{ name: "a", abort: { status: 503 } }, { name: "a", abort: { status: 500 } }] }), /field 'experiments\[1\]\.name': duplicate experiment name 'a'/);
    assert.match(await rejected({ header_faults: {} }), /field 'header_faults\.allow_identities': name who may ask for faults/);
    assert.match(await rejected({ experiments: [{ name: "a", abort: { status: 503 }, salt: "s" }] }), /field 'experiments\[0\]\.salt': applies to a sticky share only/);
  });

  it("a request no experiment selects is not edited and not held", async () => {
    const { host, vms } = await load({ experiments: [{ name: "a", conditions: on("x-fault"), abort: { status: 503 } }] });
    const s = vms[0].request({ path: "/" });
    assert.equal(s.status, 200);
    assert.equal(s.requestHeaderEdits, 0);
    assert.equal(host.metric("fault.experiment.a.injected.abort"), 0);
  });

  it("aborts: an HTTP status and body, a gRPC status for gRPC requests", async () => {
    const { host, vms } = await load({ experiments: [{ name: "a", conditions: on("x-fault"), abort: { status: 503, body: "down", grpc_status: 14 } }] });
    const http = vms[0].request({ path: "/", headers: { "x-fault": "1" } });
    assert.equal(http.status, 503);
    assert.equal(http.upstream, undefined);
    assert.equal(Buffer.from(http.localResponse!.body).toString(), "down");
    assert.equal(http.localResponse?.grpcStatus, 14);
    assert.equal(host.metric("fault.experiment.a.injected.abort"), 1);
  });

  it("a delay holds the request until the root's timer releases it; a delayed abort answers then", async () => {
    const { host, vms } = await load({ experiments: [{ name: "slow", conditions: on("x-slow"), delay_ms: 300 }, { name: "late", conditions: on("x-late"), delay_ms: 200, abort: { status: 504 } }] });
    const slow = vms[0].request({ path: "/", headers: { "x-slow": "1" } });
    assert.equal(slow.requestPaused, true);
    assert.equal(host.metric("fault.active"), 1);
    host.advance(290);
    assert.equal(slow.upstream, undefined);
    host.advance(20);
    assert.equal(slow.status, 200);
    const late = vms[0].request({ path: "/", headers: { "x-late": "1" } });
    host.advance(210);
    assert.equal(late.status, 504);
    assert.equal(late.upstream, undefined);
    assert.equal(host.metric("fault.experiment.late.injected.delay"), 1);
    assert.equal(host.metric("fault.experiment.late.injected.abort"), 1);
  });

  it("a sticky share hurts the same users on every worker, about its size; a random share varies", async () => {
    const { vms } = await load({ experiments: [{ name: "five", percent: 5, by: { source: "header", name: "x-user-id" }, abort: { status: 500 } }] }, 2);
    const users = Array.from({ length: 4000 }, (_, i) => `user-${i}`);
    const hurt = (vm: Plugin) => users.filter((u) => vm.request({ path: "/", headers: { "x-user-id": u } }).status === 500);
    const first = hurt(vms[0]);
    assert.deepEqual(hurt(vms[1]), first);
    assert.ok(Math.abs(first.length / users.length - 0.05) < 0.01, `${first.length} of ${users.length}`);
    // A request without the key is never hurt.
    assert.equal(vms[0].request({ path: "/" }).status, 200);
  });

  it("max_per_minute holds exactly across two workers and opens again the next minute", async () => {
    const { host, vms } = await load({ experiments: [{ name: "b", abort: { status: 500 }, max_per_minute: 7 }] }, 2, Date.UTC(2026, 11, 8, 10, 0, 1));
    const statuses = Array.from({ length: 20 }, (_, i) => vms[i % 2].request({ path: "/" }).status);
    assert.equal(statuses.filter((s) => s === 500).length, 7);
    assert.equal(host.metric("fault.experiment.b.passed.budget"), 13);
    host.advance(60_000);
    assert.equal(vms[1].request({ path: "/" }).status, 500);
  });

  it("the time box: before start and after end requests pass and are counted", async () => {
    const start = Date.UTC(2026, 11, 8, 10, 0, 0);
    const { host, vms } = await load({ experiments: [{ name: "t", abort: { status: 503 }, start: "2026-12-08T10:00:10Z", end: "2026-12-08T10:00:20Z" }] }, 1, start);
    assert.equal(vms[0].request({ path: "/" }).status, 200);
    host.advance(10_000);
    assert.equal(vms[0].request({ path: "/" }).status, 503);
    host.advance(10_000);
    assert.equal(vms[0].request({ path: "/" }).status, 200);
    assert.equal(host.metric("fault.experiment.t.passed.time_box"), 2);
  });

  it("header faults are honoured from the allow list and removed from everyone else's requests", async () => {
    const { host, vms } = await load({ header_faults: { allow_identities: ["ops"], allow_source_ips: ["198.51.100.0/24"] } });
    const ops = vms[0].request({ path: "/", headers: { "x-auth-consumer": "ops", "x-envoy-fault-abort-request": "418" } });
    assert.equal(ops.status, 418);
    const office = vms[0].request({ path: "/", headers: { "x-envoy-fault-abort-request": "429" } }, { source: "198.51.100.7:5000" });
    assert.equal(office.status, 429);
    const other = vms[0].request({ path: "/", headers: { "x-auth-consumer": "alice", "x-envoy-fault-abort-request": "418", "x-envoy-fault-delay-request": "5000" } });
    assert.equal(other.status, 200);
    assert.equal(other.upstream?.headers.has("x-envoy-fault-abort-request"), false);
    assert.equal(other.upstream?.headers.has("x-envoy-fault-delay-request"), false);
    assert.equal(host.metric("fault.header.refused"), 1);
    assert.equal(host.metric("fault.header.injected"), 2);
  });

  it("the schema's condition language is route-meta's, word for word", () => {
    const defs = (path: string) => (JSON.parse(readFileSync(join(projectRoot(), path), "utf8")) as { $defs: Record<string, unknown> }).$defs;
    const fault = defs("filters/fault/config.schema.json");
    const routeMeta = defs("filters/route-meta/config.schema.json");
    for (const name of ["condition", "stickyKey", "headerName"]) assert.deepEqual(fault[name], routeMeta[name], name);
  });
});
