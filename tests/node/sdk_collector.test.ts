// The SDK collects garbage itself (filters build with --runtime minimal; assembly/abi/collector.ts): a filter that
// allocates on every request must reach a steady, small linear-memory size, on the emulator, where memory is
// readable. Large requests make it collect sooner.
import assert from "node:assert/strict";
import { it } from "node:test";
import { EmulatedHost } from "../../harness/emulator/index.js";
import { wasmPath } from "../../harness/bootstrap.js";

const CONFIG = { providers: [{ name: "keys", type: "api_key", consumers: [{ name: "alice", keys: ["alice-key"] }] }], default_rule: { any_of: ["keys"] } };
const MiB = 1024 * 1024;

for (const kib of [8, 48]) {
  it(`requests with ${kib} KiB of headers: the filter's linear memory settles under 4 MiB and stops growing`, async () => {
    const vm = await new EmulatedHost({ upstream: () => ({ status: 200 }) }).loadPlugin(wasmPath("auth"), { name: "auth", configuration: CONFIG });
    assert.ok(vm.configured);
    // The filter copies in and decodes every header (about 3× their size in garbage per request): 8,000 requests
    // leave 0.2–1.2 GiB of garbage.
    const headers: Record<string, string> = { "x-api-key": "alice-key" };
    for (let i = 0; i < kib; i++) headers[`x-pad-${i}`] = "p".repeat(1024);
    const send = (n: number) => {
      for (let i = 0; i < n; i++) assert.equal(vm.request({ path: `/r/${i}`, headers }).status, 200);
    };
    send(2_000);
    const settled = vm.vm.memory.byteLength;
    send(6_000);
    assert.equal(vm.vm.memory.byteLength, settled, `linear memory grew from ${settled} to ${vm.vm.memory.byteLength} bytes`);
    assert.ok(settled < 4 * MiB, `linear memory reached ${(settled / MiB).toFixed(1)} MiB`);
  });
}
