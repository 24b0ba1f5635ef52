// The gray migration in one running Envoy: the sticky split goes from 20% to 50% to 100% through listener updates
// (as a control plane pushes a new WasmPlugin configuration), and at each step users only move from v1 to v2: every
// user already on v2 stays there.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent } from "undici";
import { countByVersion, routed, upstreamsByUser } from "../../harness/scenarios/route_meta.js";
import { startRouteMetaLdsScenario } from "../../harness/scenarios/route_meta_lds.js";
import { useScenario } from "../../harness/testing.js";

/** The split at `percent`, and a probe rule that routes x-config-step: <step> to v3, to tell when it is live. */
function step(percent: number) {
  return {
    default_tag: "v1",
    rules: [{ name: "probe", tag: "v3", conditions: [{ source: "header", name: "x-config-step", op: "equal", value: String(percent) }] }],
    sticky_split: { key: { source: "header", name: "x-user-id" }, versions: [{ tag: "v2", percent }] },
  };
}

describe("route-meta: raising a sticky split in a running Envoy", () => {
  const fixture = useScenario("route-meta listener file", () => startRouteMetaLdsScenario(step(20)));
  const test = fixture.test;

  /** Every user once, on new connections: a connection opened before an update keeps the filter chain it began with. */
  async function pass(url: string, users: string[]): Promise<Map<string, string | null>> {
    const dispatcher = new Agent({ connections: 8 });
    try {
      return await upstreamsByUser(url, users, { parallel: 8, dispatcher });
    } finally {
      await dispatcher.close();
    }
  }

  /** Applies a step and waits until both workers answer with it (new connections each round). */
  async function raise(percent: number): Promise<string> {
    assert.equal(await fixture.scenario.apply(step(percent)), "accepted");
    const url = (await fixture.scenario.url()) + "/";
    const deadline = Date.now() + 15_000;
    for (;;) {
      const probe = new Agent({ connections: 4 });
      const answers = await Promise.all(Array.from({ length: 4 }, () => routed(url, { "x-config-step": String(percent) }, probe)));
      await probe.close();
      if (answers.every((a) => a.upstream === "v3")) return url;
      assert.ok(Date.now() < deadline, "the workers still answer with the previous split");
      await sleep(50);
    }
  }

  test("20% → 50% → 100%: only v1 users move, every v2 user stays on v2", async (t) => {
    const users = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
    const at20 = await pass((await fixture.scenario.url()) + "/", users);
    const at50 = await pass(await raise(50), users);
    const at100 = await pass(await raise(100), users);
    const shares = [at20, at50, at100].map((m) => ((100 * countByVersion(m.values()).v2) / users.length).toFixed(1));
    t.diagnostic(`v2 share at 20% / 50% / 100%: ${shares.join(" / ")}`);
    assert.ok(Math.abs(Number(shares[0]) - 20) <= 3 && Math.abs(Number(shares[1]) - 50) <= 3, `shares ${shares}`);
    assert.equal(shares[2], "100.0");
    for (const user of users) {
      if (at20.get(user) === "v2") assert.equal(at50.get(user), "v2", `${user} left v2 at 50%`);
      assert.ok(at50.get(user) === at20.get(user) || (at20.get(user) === "v1" && at50.get(user) === "v2"), `${user}: ${at20.get(user)} -> ${at50.get(user)}`);
    }
    const moved = users.filter((u) => at20.get(u) !== at50.get(u)).length;
    assert.ok(moved > 0.25 * users.length && moved < 0.35 * users.length, `${moved} users moved at 50%`);
  });
});
