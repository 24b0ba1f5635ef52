// Outbound calls from a paused request: http_call and grpc_call to real upstreams, the response delivered to the
// calling stream, which then resumes. Also real gRPC traffic through the filter.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { grpcEchoClient } from "../../harness/upstreams/grpc_echo.js";
import { echoed, useConformanceScenario } from "./fixtures.js";

describe("SDK outbound calls in Envoy", () => {
  const env = useConformanceScenario();

  env.test("http_call pauses the request, calls the cluster, and resumes it with the answer", async () => {
    const { httpUrl, echo } = env.scenario;
    const response = await fetch(httpUrl + "/callout");
    assert.equal(response.status, 200);
    const { headers, path } = await echoed(response);
    assert.equal(path, "/callout");
    const callout = echo.requests.find((r) => r.path === "/callout-target");
    assert.ok(callout, "the callout reached the upstream");
    assert.equal(callout.headers["host"], "callout");
    assert.equal(headers["x-conf-callout-status"], "200");
    assert.equal(headers["x-conf-callout-upstream"], "echo");
    assert.ok(Number(headers["x-conf-callout-body-bytes"]) > 0);
  });

  env.test("http_call to an unknown cluster returns a status the filter answers with, and the VM lives on", async () => {
    const { httpUrl } = env.scenario;
    const response = await fetch(httpUrl + "/callout/unknown-cluster");
    assert.equal(response.status, 500);
    assert.equal(await response.text(), "conformance_callout_dispatch_failed: BadArgument\n");
    const after = await fetch(httpUrl + "/callout");
    assert.equal(after.status, 200);
    await after.text();
  });

  env.test("grpc_call pauses the request, calls conformance.Echo/Say, and resumes it with the reply", async () => {
    const { httpUrl, grpc } = env.scenario;
    const response = await fetch(httpUrl + "/grpc");
    assert.equal(response.status, 200);
    const { headers } = await echoed(response);
    assert.equal(headers["x-conf-grpc-reply"], "echo: hello from wasm");
    const call = grpc.calls.find((c) => c.message === "hello from wasm");
    assert.ok(call, "the gRPC server received the filter's call");
    assert.equal(call.metadata["x-conf-md"], "from-wasm");
  });

  env.test("gRPC traffic through the filter: request metadata edited, reply intact, response trailer added", async () => {
    const { httpUrl } = env.scenario;
    const client = grpcEchoClient(new URL(httpUrl).host);
    try {
      const reply = await client.say("ping", { "x-conf-remove": "secret" });
      assert.equal(reply.message, "echo: ping");
      const metadata = JSON.parse(reply.metadataJson) as Record<string, string>;
      assert.equal(metadata["x-conf-added"], "yes");
      assert.equal(metadata["x-conf-remove"], undefined);
      // The upstream's trailers (grpc-status, grpc-message) plus the one the filter added, naming how many it saw.
      assert.equal(reply.trailers["x-conf-trailer"], "2");
    } finally {
      client.close();
    }
  });
});
