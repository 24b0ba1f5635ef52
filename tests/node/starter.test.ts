// The starter filter (examples/starter) on the host emulator: its header on every response, its counter, and a
// configuration it refuses naming the field. tests/e2e/starter.test.ts proves the same in Envoy.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost } from "../../harness/emulator/index.js";

describe("starter on the host emulator", () => {
  it("adds the configured header to every response and counts the requests", async () => {
    const host = new EmulatedHost({ upstream: () => ({ status: 200, body: "ok" }) });
    const [a, b] = await host.loadWorkers(wasmPath("starter"), 2, { name: "starter", configuration: { header: "x-greeting", value: "hi there" } });
    for (const vm of [a, b, a]) assert.equal(vm.request({ path: "/" }).response?.headers.get("x-greeting"), "hi there");
    assert.equal(host.metric("starter.requests"), 3);
  });

  it("uses its defaults without a configuration", async () => {
    const host = new EmulatedHost({ upstream: () => ({ status: 200, body: "ok" }) });
    const vm = await host.loadPlugin(wasmPath("starter"), { name: "starter" });
    assert.equal(vm.request({ path: "/" }).response?.headers.get("x-starter"), "hello");
  });

  it("refuses a bad configuration with a log line naming the field", async () => {
    const host = new EmulatedHost();
    for (const [configuration, message] of [
      [{ header: "X Bad" }, /starter: invalid configuration: field 'header': expected a lower-case HTTP header name/],
      [{ value: 3 }, /field 'value': expected a string/],
      [{ colour: "red" }, /field 'colour': unknown field/],
    ] as const) {
      const vm = await host.loadPlugin(wasmPath("starter"), { name: "starter", configuration });
      assert.equal(vm.configured, false);
      assert.match(vm.logs.map((line) => line.message).join("\n"), message);
    }
  });
});
