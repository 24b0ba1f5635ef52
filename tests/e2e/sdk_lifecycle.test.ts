// Booting: Envoy 1.40 with V8 started through func-e, and a bad plugin configuration rejected at configure time
// with a log line naming the field.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { Envoy, EnvoyStartError } from "../../harness/envoy.js";
import { DEFAULT_CONFORMANCE_CONFIGS, startConformanceScenario } from "../../harness/scenarios/conformance.js";
import { envoyRelease } from "../../harness/provision.js";
import { useConformanceScenario } from "./fixtures.js";

/** Pids of the processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function waitForLog(envoy: Envoy, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(envoy.log()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return envoy.log();
}

async function rejectedConfigLog(http: object | string): Promise<string> {
  const error = await startConformanceScenario({ ...DEFAULT_CONFORMANCE_CONFIGS, http }).then(
    async (scenario) => {
      await scenario.stop();
      throw new Error("envoy started with a bad plugin configuration");
    },
    (e: unknown) => e,
  );
  assert.ok(error instanceof EnvoyStartError, String(error));
  return error.log;
}

describe("Envoy boot", () => {
  const env = useConformanceScenario();

  env.test(`Envoy ${envoyRelease()} with V8 is launched by func-e and loads the filter on every worker`, async (t) => {
    const { envoy } = env.scenario;
    const version = await envoy.admin.version();
    t.diagnostic(`envoy version ${version}; func-e ${envoy.toolchain.funcEPath}`);
    assert.match(version, new RegExp(`/${envoyRelease().replace(/\./g, "\\.")}/`));
    assert.ok(envoy.log().startsWith(`starting: ${envoy.toolchain.envoyPath}`), "func-e announces the Envoy it starts");
    const [envoyPid] = childrenOf(envoy.pid);
    assert.ok(envoyPid, "envoy runs as func-e's child");
    assert.equal(readFileSync(`/proc/${envoyPid}/cmdline`, "utf8").split("\0")[0], envoy.toolchain.envoyPath);
    // Main thread, canary and two workers, for each of the two plugins.
    const configured = envoy.log().match(/conformance: configured vm [0-9a-f]+ mode http/g) ?? [];
    assert.ok(configured.length >= 3, `configured ${configured.length} http root contexts`);
  });

  it("a filter bug traps only that worker's VM: the SDK logs the abort with its location, Envoy answers 503", async () => {
    const scenario = await startConformanceScenario();
    try {
      const response = await fetch(scenario.httpUrl + "/trap");
      assert.equal(response.status, 503);
      await response.text();
      const log = await waitForLog(scenario.envoy, /Function: proxy_on_request_headers failed/);
      assert.match(log, /critical.*conformance: abort: Index out of range at ~lib\/array\.ts:\d+:\d+/);
      assert.match(log, /Function: proxy_on_request_headers failed/);
    } finally {
      await scenario.stop();
    }
  });

  it("a plugin configuration with a wrongly typed field is rejected at startup, naming the field", async () => {
    const log = await rejectedConfigLog({ mode: "http", tick_period_ms: "fast" });
    assert.match(log, /conformance: invalid configuration: field 'tick_period_ms': expected an integer between 0 and 3600000/);
  });

  it("a plugin configuration with an unknown field is rejected at startup, naming the field", async () => {
    const log = await rejectedConfigLog({ mode: "http", colour: "red" });
    assert.match(log, /conformance: invalid configuration: field 'colour': unknown field/);
  });

  it("a plugin configuration that is not JSON is rejected at startup", async () => {
    const log = await rejectedConfigLog("{not json");
    assert.match(log, /conformance: invalid configuration: invalid JSON/);
  });
});
