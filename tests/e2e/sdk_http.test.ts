// HTTP host calls inside real Envoy: header maps both ways, bodies, local responses, properties, stream reset,
// time and randomness, and the clear_route_cache foreign function.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { echoed, useConformanceScenario } from "./fixtures.js";

describe("SDK HTTP context in Envoy", () => {
  const env = useConformanceScenario();

  env.test("request headers added, replaced and removed by the filter reach the upstream", async () => {
    const response = await fetch(env.scenario.httpUrl + "/hello", { headers: { "x-conf-replace": "original", "x-conf-remove": "secret" } });
    assert.equal(response.status, 200);
    const { headers, upstream } = await echoed(response);
    assert.equal(upstream, "echo");
    assert.equal(headers["x-conf-added"], "yes");
    assert.equal(headers["x-conf-replace"], "replaced");
    assert.equal(headers["x-conf-remove"], undefined);
  });

  env.test("response headers added, replaced and removed by the filter reach the client", async () => {
    const response = await fetch(env.scenario.httpUrl + "/hello");
    await response.text();
    assert.equal(response.headers.get("x-upstream"), "echo");
    assert.equal(response.headers.get("x-conf-resp-added"), "yes");
    assert.equal(response.headers.get("x-upstream-replace-me"), "replaced");
    assert.equal(response.headers.get("x-upstream-remove-me"), null);
  });

  env.test("a request body arriving in many chunks is buffered, read whole and replaced", async () => {
    const body = "make me loud ".repeat(20_000);
    const response = await fetch(env.scenario.httpUrl + "/body", { method: "POST", body });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.startsWith("wasm:"), `response body should start with the filter's prefix, got ${text.slice(0, 40)}`);
    const echoedBody = (JSON.parse(text.slice("wasm:".length)) as { body: string }).body;
    assert.equal(echoedBody.length, body.length);
    assert.equal(echoedBody, body.toUpperCase());
  });

  env.test("a local response carries the filter's status, body and headers and never reaches the upstream", async () => {
    const before = env.scenario.echo.requests.length;
    const response = await fetch(env.scenario.httpUrl + "/local");
    assert.equal(response.status, 418);
    assert.equal(await response.text(), "short and stout\n");
    assert.equal(response.headers.get("x-conf-local"), "yes");
    assert.equal(env.scenario.echo.requests.length, before);
  });

  env.test("properties: request.path, source.address, source.port, plugin_name and xds.* read, filter state written and read back", async () => {
    const { headers } = await echoed(await fetch(env.scenario.httpUrl + "/properties"));
    assert.equal(headers["x-conf-prop-request-path"], "/properties");
    assert.match(headers["x-conf-prop-source-address"], /^127\.0\.0\.1:\d+$/);
    assert.equal(headers["x-conf-prop-source-address"].split(":")[1], headers["x-conf-prop-source-port"]);
    assert.equal(headers["x-conf-prop-plugin-name"], "conformance");
    assert.equal(headers["x-conf-prop-route-name"], "echo_route");
    assert.equal(headers["x-conf-prop-node-id"], "conformance-node");
    assert.equal(headers["x-conf-prop-missing-status"], "absent");
    assert.equal(headers["x-conf-prop-set-status"], "Ok");
    assert.equal(headers["x-conf-prop-set-readback"], "marked");
  });

  env.test("resetting the stream fails that request only; Envoy keeps serving", async () => {
    await assert.rejects(fetch(env.scenario.httpUrl + "/reset").then((r) => r.text()));
    const response = await fetch(env.scenario.httpUrl + "/hello");
    assert.equal(response.status, 200);
    await response.text();
  });

  env.test("WASI clock and random_get give the wall time and fresh random bytes", async () => {
    const first = await fetch(env.scenario.httpUrl + "/time");
    await first.text();
    const second = await fetch(env.scenario.httpUrl + "/time");
    await second.text();
    const nowNs = BigInt(first.headers.get("x-conf-now-ns") ?? "0");
    const skewMs = Number(nowNs / 1_000_000n) - Date.now();
    assert.ok(Math.abs(skewMs) < 60_000, `filter clock is ${skewMs} ms off`);
    assert.match(first.headers.get("x-conf-random") ?? "", /^[0-9a-f]{32}$/);
    assert.notEqual(first.headers.get("x-conf-random"), second.headers.get("x-conf-random"));
  });

  env.test("clear_route_cache after setting a routing header sends the request to the other route", async () => {
    const response = await fetch(env.scenario.httpUrl + "/reroute");
    const { upstream, headers } = await echoed(response);
    assert.equal(response.headers.get("x-conf-clear-route-cache"), "Ok");
    assert.equal(upstream, "echo_alt");
    assert.equal(headers["x-conf-route"], "alt");
  });
});
