// What Envoy 1.40 does, per PluginConfig failure policy, when a filter's VM traps or its module cannot be fetched:
// the SDK conformance filter as an HTTP filter and as a network filter (its `/trap` path and `TRAP` message are
// deliberate bugs), --concurrency 2, each configuration in its own Envoy (harness/scenarios/failure_policy.ts). Every
// step asserts what a client and the upstream see (status, response code details in the access log, connections
// closed, bytes passing unfiltered) and what Envoy counts and logs (wasm.<plugin>.vm_reload_*, wasm.remote_load_*,
// a new VM's own "configured vm <id>" line).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { type Socket, connect } from "node:net";
import { after, before, describe, it, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { wasmPath } from "../../harness/bootstrap.js";
import { type Envoy, EnvoyStartError } from "../../harness/envoy.js";
import { sha256Hex } from "../../harness/oci/image.js";
import { type FailurePolicyScenario, MODULE_PATH, type PluginChoice, startFailurePolicyScenario } from "../../harness/scenarios/failure_policy.js";
import { exchangeBytes, showingEnvoyLog } from "../../harness/testing.js";

/** Longer than FAIL_RELOAD's default backoff can be (1 s, jittered up to 1.5 s): a VM failed after this was not reloaded. */
const PAST_DEFAULT_BACKOFF_MS = 2500;
const RELOAD_BASE_INTERVAL_MS = 2000;
const GREETING = "hello world";
/** What the conformance network filter makes of GREETING: the first word upper-cased on the way in, a tag on the way out. */
const TAGGED = "HELLO world|wasm";
const TRAP_TEXT = "a TRAP here";
const MODULE_SHA = sha256Hex(readFileSync(wasmPath("conformance")));

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One keep-alive HTTP/1.1 connection: every request of a lane goes over the same connection, so to the same worker
 * and that worker's VM (checked on every answer).
 */
class Lane {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private localPort: number | undefined;
  constructor(private readonly port: number) {}

  send(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: this.port, path, method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const port = req.socket?.localPort;
          this.localPort ??= port;
          if (port !== this.localPort) reject(new Error(`${path} went over another connection (:${port}, not :${this.localPort})`));
          else resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
        });
      });
      req.on("error", reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Two lanes on two workers (exact_balance gives the second connection to the idle worker), with each one's VM id. */
async function twoWorkers(port: number) {
  const a = new Lane(port);
  const b = new Lane(port);
  const [first, second] = [await a.send("/before-a"), await b.send("/before-b")];
  assert.equal(first.status, 200);
  assert.equal(second.status, 200);
  const vmA = String(first.headers["x-conf-vm"]);
  const vmB = String(second.headers["x-conf-vm"]);
  assert.match(vmA, /^[0-9a-f]{8}$/);
  assert.match(vmB, /^[0-9a-f]{8}$/);
  assert.notEqual(vmA, vmB, "the two lanes reach two workers, each with its own VM");
  return { a, b, vmA, vmB };
}

async function waitForLog(envoy: Envoy, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(envoy.log()) && Date.now() < deadline) await sleep(50);
  assert.match(envoy.log(), pattern);
}

function countLog(envoy: Envoy, pattern: RegExp): number {
  return envoy.log().match(new RegExp(pattern.source, "g"))?.length ?? 0;
}

/** Waits (10 s at most) for `count` lines matching `pattern`, then asserts exactly that many. */
async function waitForCount(envoy: Envoy, pattern: RegExp, count: number, message: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (countLog(envoy, pattern) < count && Date.now() < deadline) await sleep(50);
  assert.equal(countLog(envoy, pattern), count, message);
}

/** FAIL_RELOAD's counters for a plugin (they exist, at 0, whatever the policy). */
async function reloadStats(envoy: Envoy, plugin: string) {
  const stats = await envoy.admin.stats();
  const stat = (name: string) => stats.get(`wasm.${plugin}.${name}`) ?? Number.NaN;
  return { backoff: stat("vm_reload_backoff"), success: stat("vm_reload_success"), failure: stat("vm_reload_failure") };
}

function upstreamSaw(scenario: FailurePolicyScenario, path: string) {
  return scenario.echo.requests.find((recorded) => recorded.path === path);
}

/** The conformance filter ran on the request both ways, on VM `vm`. */
function assertFiltered(scenario: FailurePolicyScenario, path: string, answer: Answer, vm?: string) {
  assert.equal(answer.status, 200, `${path}: ${answer.status} ${answer.body}`);
  if (vm) assert.equal(answer.headers["x-conf-vm"], vm, `${path} answered by VM ${vm}`);
  else assert.match(String(answer.headers["x-conf-vm"]), /^[0-9a-f]{8}$/, `${path} answered by a VM`);
  assert.equal(upstreamSaw(scenario, path)?.headers["x-conf-added"], "yes", `${path} reached the upstream through the filter`);
}

/** The request went to the upstream and back without the filter: none of its edits either way. */
function assertUnfiltered(scenario: FailurePolicyScenario, path: string, answer: Answer) {
  assert.equal(answer.status, 200, `${path}: ${answer.status} ${answer.body}`);
  assert.equal(answer.headers["x-conf-vm"], undefined, `${path}: no filter answered`);
  assert.equal(answer.headers["x-upstream-remove-me"], "1", `${path}: the upstream header the filter removes is there`);
  const seen = upstreamSaw(scenario, path);
  assert.ok(seen, `${path} reached the upstream`);
  assert.equal(seen.headers["x-conf-added"], undefined, `${path} reached the upstream without the filter's header`);
}

/** How many 503s each scenario answered per path so far, so a path sent twice (/trap) is checked each time. */
const failedStreams = new WeakMap<FailurePolicyScenario, Map<string, number>>();

/** Envoy's answer for a stream of a failed (or never loaded) VM: 503, no body, `wasm_fail_stream`; no upstream. */
async function assertFailedStream(scenario: FailurePolicyScenario, path: string, answer: Answer) {
  assert.equal(answer.status, 503, `${path}: ${answer.status} ${answer.body}`);
  assert.equal(answer.body, "");
  assert.equal(upstreamSaw(scenario, path), undefined, `${path} never reached the upstream`);
  const counts = failedStreams.get(scenario) ?? new Map<string, number>();
  failedStreams.set(scenario, counts);
  const count = (counts.get(path) ?? 0) + 1;
  counts.set(path, count);
  await waitForCount(scenario.envoy, new RegExp(`access ${path} 503 wasm_fail_stream\\n`), count, `${path}: 503 wasm_fail_stream in the access log`);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

interface Talked {
  received: string;
  closed: boolean;
}

/** Writes `text` on an open connection, reads until `bytes` arrived or it closed (a reset is a close), 5 s at most. */
function talk(socket: Socket, text: string, bytes: number): Promise<Talked> {
  return new Promise((resolve) => {
    let received = "";
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners("data");
      resolve({ received, closed });
    };
    const timer = setTimeout(() => done(socket.destroyed), 5000);
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      if (received.length >= bytes) done(false);
    });
    socket.once("close", () => done(true));
    socket.on("error", () => {});
    socket.write(text);
  });
}

/** A new connection saying GREETING: what came back (waiting for `bytes`), and whether Envoy closed it. */
async function hello(scenario: FailurePolicyScenario, bytes: number): Promise<Talked> {
  const { received, closed } = await exchangeBytes("127.0.0.1", scenario.tcpPort, [Buffer.from(GREETING)], bytes);
  return { received: received.toString(), closed };
}

const CLOSED: Talked = { received: "", closed: true };

/** Opens a connection and has the filter answer on it: Envoy has accepted it, on a worker of its choosing. */
async function greeted(port: number): Promise<Socket> {
  const socket = await open(port);
  assert.deepEqual(await talk(socket, GREETING, TAGGED.length), { received: TAGGED, closed: false });
  return socket;
}

/**
 * The network side's start, for every policy: two connections held open, one per worker (exact_balance: each new
 * connection goes to the worker with fewest), then two more, one per worker again, send TRAP: both workers' VMs trap.
 */
async function trapBothNetworkVms(scenario: FailurePolicyScenario): Promise<{ held: Socket[]; trapped: Talked[] }> {
  const held = [await greeted(scenario.tcpPort), await greeted(scenario.tcpPort)];
  // Both accepted and open before either traps (a trapped one is closed, and the next would go where it was).
  const trapping = [await greeted(scenario.tcpPort), await greeted(scenario.tcpPort)];
  const trapped = await Promise.all(trapping.map((socket) => talk(socket, TRAP_TEXT, TRAP_TEXT.length)));
  for (const socket of trapping) socket.destroy();
  await waitForCount(scenario.envoy, /Function: proxy_on_downstream_data failed/, 2, "both workers' network VMs trapped");
  return { held, trapped };
}

/** One Envoy for a describe block: `test` prints its log when a test fails. */
function useFailurePolicyScenario(http: PluginChoice, tcp: PluginChoice) {
  let scenario: FailurePolicyScenario | undefined;
  before(async () => {
    scenario = await startFailurePolicyScenario("failure-policy", http, tcp);
  });
  after(async () => {
    await scenario?.stop();
  });
  return {
    test(name: string, body: (s: FailurePolicyScenario, t: TestContext) => Promise<void>) {
      it(name, showingEnvoyLog(() => scenario?.envoy, async (t) => {
        if (!scenario) throw new Error("the failure-policy scenario did not start");
        await body(scenario, t);
      }));
    },
  };
}

describe("a VM trap, per failure policy (HTTP filter and network filter, --concurrency 2)", () => {
  for (const [title, choice] of [
    ["failure_policy left out: Envoy's default is FAIL_CLOSED, not FAIL_RELOAD", {}],
    ["FAIL_CLOSED", { failurePolicy: "FAIL_CLOSED" }],
  ] as [string, PluginChoice][]) {
    describe(title, () => {
      const env = useFailurePolicyScenario(choice, choice);

      env.test("HTTP: the trapping request gets 503; that worker answers 503 wasm_fail_stream (gRPC: UNAVAILABLE) from then on, with no reload; the other worker is untouched", async (s) => {
        const { a, b, vmB } = await twoWorkers(s.httpPort);
        try {
          await assertFailedStream(s, "/trap", await a.send("/trap"));
          await waitForLog(s.envoy, /Function: proxy_on_request_headers failed/);
          assert.match(s.envoy.log(), /conformance: abort: Index out of range/);
          const vms = countLog(s.envoy, /conformance: configured vm [0-9a-f]+ mode http/);
          await assertFailedStream(s, "/after", await a.send("/after"));
          const grpc = await a.send("/conformance.Echo/Say", { "content-type": "application/grpc" }, "POST");
          assert.equal(grpc.status, 200);
          assert.equal(grpc.headers["grpc-status"], "14", "a gRPC client sees UNAVAILABLE");
          assert.equal(upstreamSaw(s, "/conformance.Echo/Say"), undefined);
          await waitForLog(s.envoy, /access \/conformance\.Echo\/Say 200 wasm_fail_stream\n/);
          assertFiltered(s, "/other-worker", await b.send("/other-worker"), vmB);
          await sleep(PAST_DEFAULT_BACKOFF_MS);
          await assertFailedStream(s, "/later", await a.send("/later"));
          assert.deepEqual(await reloadStats(s.envoy, "conformance"), { backoff: 0, success: 0, failure: 0 });
          assert.equal(countLog(s.envoy, /conformance: configured vm [0-9a-f]+ mode http/), vms, "no VM was created after the trap");
        } finally {
          a.close();
          b.close();
        }
      });

      env.test("network: the trapping connection is closed, connections of the failed VMs are closed at their next bytes, new ones are closed before any upstream is dialled, with no reload", async (s) => {
        const { held, trapped } = await trapBothNetworkVms(s);
        try {
          assert.deepEqual(trapped, [CLOSED, CLOSED]);
          assert.ok(!s.tcpEcho.received().toString().includes("TRAP"), "the trapping bytes never reached the upstream");
          for (const socket of held) assert.deepEqual(await talk(socket, "hello again", 1), CLOSED);
          const dialled = s.tcpEcho.connections;
          assert.deepEqual(await hello(s, TAGGED.length), CLOSED);
          await sleep(PAST_DEFAULT_BACKOFF_MS);
          assert.deepEqual(await hello(s, TAGGED.length), CLOSED);
          assert.equal(s.tcpEcho.connections, dialled, "no upstream connection for the connections Envoy closed");
          assert.deepEqual(await reloadStats(s.envoy, "conformance-tcp"), { backoff: 0, success: 0, failure: 0 });
        } finally {
          for (const socket of held) socket.destroy();
        }
      });
    });
  }

  describe("FAIL_OPEN", () => {
    const env = useFailurePolicyScenario({ failurePolicy: "FAIL_OPEN" }, { failurePolicy: "FAIL_OPEN" });

    env.test("HTTP: the trapping request still gets 503; that worker's later requests reach the upstream unfiltered, for good; the other worker still filters", async (s) => {
      const { a, b, vmB } = await twoWorkers(s.httpPort);
      try {
        await assertFailedStream(s, "/trap", await a.send("/trap"));
        await waitForLog(s.envoy, /Function: proxy_on_request_headers failed/);
        assertUnfiltered(s, "/after", await a.send("/after"));
        assertFiltered(s, "/other-worker", await b.send("/other-worker"), vmB);
        await sleep(PAST_DEFAULT_BACKOFF_MS);
        assertUnfiltered(s, "/later", await a.send("/later"));
        assert.deepEqual(await reloadStats(s.envoy, "conformance"), { backoff: 0, success: 0, failure: 0 });
      } finally {
        a.close();
        b.close();
      }
    });

    env.test("network: the trapping connection and the connections of the failed VMs are closed; new connections pass byte for byte without the filter", async (s) => {
      const { held, trapped } = await trapBothNetworkVms(s);
      try {
        assert.deepEqual(trapped, [CLOSED, CLOSED]);
        for (const socket of held) assert.deepEqual(await talk(socket, "hello again", 1), CLOSED);
        assert.deepEqual(await hello(s, GREETING.length), { received: GREETING, closed: false });
        await sleep(PAST_DEFAULT_BACKOFF_MS);
        assert.deepEqual(await hello(s, GREETING.length), { received: GREETING, closed: false });
        assert.deepEqual(await reloadStats(s.envoy, "conformance-tcp"), { backoff: 0, success: 0, failure: 0 });
      } finally {
        for (const socket of held) socket.destroy();
      }
    });
  });

  describe(`FAIL_RELOAD, reload_config.backoff.base_interval ${RELOAD_BASE_INTERVAL_MS} ms`, () => {
    const reload: PluginChoice = { failurePolicy: "FAIL_RELOAD", reloadBaseIntervalMs: RELOAD_BASE_INTERVAL_MS };
    const env = useFailurePolicyScenario(reload, reload);

    env.test("HTTP: 503 while the worker's VM is failed and its last load is within the backoff (vm_reload_backoff), then a fresh VM serves (vm_reload_success); the other worker keeps its VM", async (s, t) => {
      const { a, b, vmA, vmB } = await twoWorkers(s.httpPort);
      /** Polls lane a until the filter answers again: that answer, its path, when it was sent and the 503s before it. */
      const untilReloaded = async (label: string) => {
        for (let failed = 0; failed < 100; failed++) {
          const path = `/${label}-${failed}`;
          const sentAt = Date.now();
          const answer = await a.send(path);
          if (answer.status === 200) return { answer, path, sentAt, failed };
          await assertFailedStream(s, path, answer);
          await sleep(100);
        }
        throw new Error(`lane a got no fresh VM (${label})`);
      };
      try {
        await assertFailedStream(s, "/trap", await a.send("/trap"));
        await waitForLog(s.envoy, /Function: proxy_on_request_headers failed/);
        const first = await untilReloaded("first");
        const vm1 = String(first.answer.headers["x-conf-vm"]);
        assertFiltered(s, first.path, first.answer, vm1);
        assert.ok(vm1 !== vmA && vm1 !== vmB, `a new VM (${vm1})`);
        await waitForLog(s.envoy, new RegExp(`conformance: configured vm ${vm1} mode http`));
        // Each request that met the failed VM was one reload check: backed off (a 503) or reloaded (the 200).
        assert.deepEqual(await reloadStats(s.envoy, "conformance"), { backoff: first.failed, success: 1, failure: 0 });

        // Trapped again right after a reload: the next requests are within the backoff of that load, for 2 s at least.
        await assertFailedStream(s, "/trap", await a.send("/trap"));
        await assertFailedStream(s, "/right-after", await a.send("/right-after"));
        const second = await untilReloaded("second");
        const waited = Date.now() - first.sentAt;
        const vm2 = String(second.answer.headers["x-conf-vm"]);
        assertFiltered(s, second.path, second.answer, vm2);
        assert.notEqual(vm2, vm1);
        assert.ok(waited >= RELOAD_BASE_INTERVAL_MS, `the second reload came ${waited} ms after the first`);
        assert.deepEqual(await reloadStats(s.envoy, "conformance"), { backoff: first.failed + 1 + second.failed, success: 2, failure: 0 });
        t.diagnostic(`HTTP: reloaded after ${first.failed} backed-off requests; trapped again, reloaded after ${1 + second.failed} more, ${waited} ms after the first reload`);
        assertFiltered(s, "/other-worker", await b.send("/other-worker"), vmB);
      } finally {
        a.close();
        b.close();
      }
    });

    env.test("network: the trapping connection and the connections of the failed VMs are closed; new connections are closed during the backoff of the VM's last load, then filtered by a fresh VM; a worker reloads only for its own connections", async (s, t) => {
      const { held, trapped } = await trapBothNetworkVms(s);
      const [spoken, silent] = held;
      try {
        assert.deepEqual(trapped, [CLOSED, CLOSED]);
        assert.deepEqual(await talk(spoken, "hello again", 1), CLOSED);
        // `silent` stays open on its worker, so every new connection goes to the other one (exact_balance).
        const vms = countLog(s.envoy, /conformance: configured vm [0-9a-f]+ mode tcp/);
        /** New connections until one is filtered again: how many were closed before it, and when it was sent. */
        const untilReloaded = async () => {
          for (let closed = 0; closed < 100; closed++) {
            await sleep(100);
            const sentAt = Date.now();
            const answer = await hello(s, TAGGED.length);
            if (!answer.closed) {
              assert.equal(answer.received, TAGGED, "filtered by a fresh VM");
              return { closed, sentAt };
            }
            assert.equal(answer.received, "");
          }
          throw new Error("no fresh VM within 100 connections");
        };
        const first = await untilReloaded();
        assert.deepEqual(await reloadStats(s.envoy, "conformance-tcp"), { backoff: first.closed, success: 1, failure: 0 });
        await waitForCount(s.envoy, /conformance: configured vm [0-9a-f]+ mode tcp/, vms + 1, "the fresh VM configured itself");

        // Trapped again right after that reload: the next connection is within the backoff of that load.
        await sleep(100);
        const again = await open(s.tcpPort);
        assert.deepEqual(await talk(again, TRAP_TEXT, TRAP_TEXT.length), CLOSED);
        await waitForCount(s.envoy, /Function: proxy_on_downstream_data failed/, 3, "the fresh VM trapped");
        await sleep(100);
        assert.deepEqual(await hello(s, TAGGED.length), CLOSED);
        const second = await untilReloaded();
        const waited = Date.now() - first.sentAt;
        assert.ok(waited >= RELOAD_BASE_INTERVAL_MS, `the second reload came ${waited} ms after the first`);
        assert.deepEqual(await reloadStats(s.envoy, "conformance-tcp"), { backoff: first.closed + 1 + second.closed, success: 2, failure: 0 });
        t.diagnostic(`network: reloaded after ${first.closed} backed-off connections; trapped again, reloaded after ${1 + second.closed} more, ${waited} ms after the first reload`);
        await waitForCount(s.envoy, /conformance: configured vm [0-9a-f]+ mode tcp/, vms + 2, "the second fresh VM configured itself");
        // The other worker got no new connection, so it still has its failed VM.
        assert.deepEqual(await talk(silent, "hello again", 1), CLOSED);
        assert.equal((await reloadStats(s.envoy, "conformance-tcp")).success, 2);
      } finally {
        for (const socket of held) socket.destroy();
      }
    });
  });

  describe("the deprecated fail_open: true (what FAIL_OPEN replaced)", () => {
    const env = useFailurePolicyScenario({ failOpen: true }, { failOpen: true });

    env.test("HTTP: unlike FAIL_OPEN, the trapping request itself goes on to the upstream; later ones pass unfiltered", async (s) => {
      const { a, b, vmB } = await twoWorkers(s.httpPort);
      try {
        const trap = await a.send("/trap");
        assert.equal(trap.status, 200);
        assert.ok(upstreamSaw(s, "/trap"), "the trapping request reached the upstream");
        await waitForLog(s.envoy, /Function: proxy_on_request_headers failed/);
        assertUnfiltered(s, "/after", await a.send("/after"));
        assertFiltered(s, "/other-worker", await b.send("/other-worker"), vmB);
      } finally {
        a.close();
        b.close();
      }
    });

    env.test("network: unlike FAIL_OPEN, the trapping bytes and the connections of the failed VMs go on, unfiltered", async (s) => {
      const { held, trapped } = await trapBothNetworkVms(s);
      try {
        assert.deepEqual(trapped, [{ received: TRAP_TEXT, closed: false }, { received: TRAP_TEXT, closed: false }]);
        for (const socket of held) assert.deepEqual(await talk(socket, "hello again", "hello again".length), { received: "hello again", closed: false });
        assert.deepEqual(await hello(s, GREETING.length), { received: GREETING, closed: false });
      } finally {
        for (const socket of held) socket.destroy();
      }
    });
  });
});

describe("a module Envoy cannot fetch (vm_config.code.remote), per failure policy", () => {
  const other = (text: string) => sha256Hex(Buffer.from(text));

  describe("control: the same remote source with the module's sha256 loads it", () => {
    const env = useFailurePolicyScenario({ failurePolicy: "FAIL_CLOSED", remote: { path: MODULE_PATH, cluster: "modules", sha256: MODULE_SHA } }, {});

    env.test("fetched once before Envoy is ready, the filter runs", async (s) => {
      assert.equal(s.modules.fetchesOf(MODULE_PATH), 1);
      assert.equal(await s.envoy.admin.stat("wasm.remote_load_fetch_successes"), 1);
      const lane = new Lane(s.httpPort);
      try {
        assertFiltered(s, "/remote", await lane.send("/remote"));
      } finally {
        lane.close();
      }
    });
  });

  describe("FAIL_CLOSED, the module server answers 404 (HTTP: retry_policy num_retries 2; network: none, Envoy's default of 1)", () => {
    const env = useFailurePolicyScenario(
      { failurePolicy: "FAIL_CLOSED", remote: { path: "/missing-http.wasm", cluster: "modules", sha256: MODULE_SHA, retries: 2 } },
      { failurePolicy: "FAIL_CLOSED", remote: { path: "/missing-tcp.wasm", cluster: "modules", sha256: other("tcp") } },
    );

    env.test("Envoy starts once the fetches are given up (1 + num_retries each); every request is 503 wasm_fail_stream, every connection closed; nothing is fetched again, even once the server has the module", async (s) => {
      assert.equal(s.modules.fetchesOf("/missing-http.wasm"), 3);
      assert.equal(s.modules.fetchesOf("/missing-tcp.wasm"), 2);
      assert.equal(countLog(s.envoy, /Retry limit exceeded for fetching data from remote data source/), 2);
      assert.match(s.envoy.log(), /Plugin conformance failed to load/);
      assert.match(s.envoy.log(), /Plugin conformance-tcp failed to load/);
      assert.equal(await s.envoy.admin.stat("wasm.remote_load_fetch_failures"), 2);
      const a = new Lane(s.httpPort);
      const b = new Lane(s.httpPort);
      try {
        await assertFailedStream(s, "/a", await a.send("/a"));
        await assertFailedStream(s, "/b", await b.send("/b"));
        assert.deepEqual(await hello(s, TAGGED.length), CLOSED);
        assert.equal(s.tcpEcho.connections, 0, "no upstream connection");
        s.modules.serve("/missing-http.wasm", s.module);
        s.modules.serve("/missing-tcp.wasm", s.module);
        await sleep(PAST_DEFAULT_BACKOFF_MS);
        await assertFailedStream(s, "/a-later", await a.send("/a-later"));
        assert.deepEqual(await hello(s, TAGGED.length), CLOSED);
        assert.equal(s.modules.fetchesOf("/missing-http.wasm") + s.modules.fetchesOf("/missing-tcp.wasm"), 5, "no fetch after startup");
      } finally {
        a.close();
        b.close();
      }
    });
  });

  describe("FAIL_RELOAD, the module served does not match the configured sha256", () => {
    const env = useFailurePolicyScenario(
      { failurePolicy: "FAIL_RELOAD", remote: { path: MODULE_PATH, cluster: "modules", sha256: other("another module") } },
      { failurePolicy: "FAIL_RELOAD", remote: { path: MODULE_PATH, cluster: "modules", sha256: other("yet another module") } },
    );

    env.test("the bytes are refused as a failed fetch; FAIL_RELOAD acts as FAIL_CLOSED (503, closed) and never reloads: there is no VM to reload", async (s) => {
      assert.equal(s.modules.fetchesOf(MODULE_PATH), 4, "two fetches per plugin: a mismatch is retried like any failed fetch");
      assert.equal(await s.envoy.admin.stat("wasm.remote_load_fetch_failures"), 2);
      const lane = new Lane(s.httpPort);
      try {
        await assertFailedStream(s, "/first", await lane.send("/first"));
        assert.deepEqual(await hello(s, TAGGED.length), CLOSED);
        await sleep(PAST_DEFAULT_BACKOFF_MS);
        await assertFailedStream(s, "/later", await lane.send("/later"));
        assert.deepEqual(await hello(s, TAGGED.length), CLOSED);
        assert.deepEqual(await reloadStats(s.envoy, "conformance"), { backoff: 0, success: 0, failure: 0 });
        assert.deepEqual(await reloadStats(s.envoy, "conformance-tcp"), { backoff: 0, success: 0, failure: 0 });
        assert.equal(s.modules.fetchesOf(MODULE_PATH), 4, "no fetch after startup");
      } finally {
        lane.close();
      }
    });
  });

  describe("FAIL_OPEN, HTTP's module cluster has no endpoint, the network filter's refuses connections", () => {
    const env = useFailurePolicyScenario(
      { failurePolicy: "FAIL_OPEN", remote: { path: MODULE_PATH, cluster: "no_endpoints", sha256: MODULE_SHA } },
      { failurePolicy: "FAIL_OPEN", remote: { path: MODULE_PATH, cluster: "refused", sha256: other("tcp") } },
    );

    env.test("Envoy starts and serves the route without the filter: requests reach the upstream unfiltered, bytes pass unchanged", async (s) => {
      assert.equal(s.modules.fetchesOf(MODULE_PATH), 0);
      assert.equal(await s.envoy.admin.stat("wasm.remote_load_fetch_failures"), 2);
      // Envoy logs it as fail closed whatever failure_policy says: that line reads only the deprecated fail_open.
      assert.match(s.envoy.log(), /Plugin conformance failed to load/);
      const a = new Lane(s.httpPort);
      const b = new Lane(s.httpPort);
      try {
        assertUnfiltered(s, "/a", await a.send("/a"));
        assertUnfiltered(s, "/b", await b.send("/b"));
        assert.deepEqual(await hello(s, GREETING.length), { received: GREETING, closed: false });
      } finally {
        a.close();
        b.close();
      }
    });
  });

  it("nack_on_code_cache_miss: true in a static bootstrap: Envoy refuses to start, even with the module served and FAIL_OPEN (the code cache is empty at boot)", async () => {
    const error = await startFailurePolicyScenario("failure-policy-nack", { failurePolicy: "FAIL_OPEN", remote: { path: MODULE_PATH, cluster: "modules", sha256: MODULE_SHA, nackOnCodeCacheMiss: true } }, {}).then(
      async (scenario) => {
        await scenario.stop();
        throw new Error("Envoy started");
      },
      (e: unknown) => e,
    );
    assert.ok(error instanceof EnvoyStartError, String(error));
    assert.match(error.log, /Unable to create Wasm plugin conformance/);
  });

  it("fail_open and failure_policy both set: Envoy refuses to start", async () => {
    const error = await startFailurePolicyScenario("failure-policy-both", { failOpen: true, failurePolicy: "FAIL_RELOAD" }, {}).then(
      async (scenario) => {
        await scenario.stop();
        throw new Error("Envoy started");
      },
      (e: unknown) => e,
    );
    assert.ok(error instanceof EnvoyStartError, String(error));
    assert.match(error.log, /only one of fail_open or failure_policy can be set/);
  });
});
