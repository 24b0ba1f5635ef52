// One table of the conformance filter's behaviours, run twice with the same expectations: through real Envoy 1.40
// (tests/e2e/conformance_table.test.ts) and through the host emulator (tests/node/emulator_conformance.test.ts).
// Each case is a request and what a client and the upstream observe. The emulator passes only if it answers as
// Envoy does; a behaviour the emulator cannot reproduce (route re-selection, real sockets) is asserted only on what
// both share, and the Envoy-only part stays in the sdk_* e2e suites.
import assert from "node:assert/strict";

/** A literal value, a pattern, or null for "absent". */
export type Expected = string | RegExp | null;

export interface ConformanceCase {
  name: string;
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string };
  expect: {
    /** Omitted when the stream is reset. */
    status?: number;
    /** The filter reset the stream: the client gets no response. */
    reset?: true;
    /** Response headers the client saw. */
    headers?: Record<string, Expected>;
    body?: Expected;
    /** What reached the upstream; null when the request never did. */
    upstream?: null | { path?: Expected; headers?: Record<string, Expected>; body?: Expected };
  };
}

/** What a runner saw for one case. Header names lower-case, repeated headers joined with ", ". */
export interface Observed {
  reset: boolean;
  status?: number;
  headers: Record<string, string>;
  body: string;
  upstream?: { path: string; headers: Record<string, string>; body: string };
}

/** Both runners tag each request with this header, to find what reached the upstream for that case. */
export const CASE_HEADER = "x-conf-case";

/** The conformance scenario's settings the emulator stands in for (envoy-configs/conformance.yaml). */
export const CONFORMANCE_ENVIRONMENT = {
  pluginName: "conformance",
  rootId: "conformance",
  vmId: "conformance",
  nodeId: "conformance-node",
  routeName: "echo_route",
} as const;

const VM_ID = /^[0-9a-f]{8}$/;

export const CONFORMANCE_CASES: ConformanceCase[] = [
  {
    name: "request and response headers are added, replaced and removed",
    request: { path: "/hello", headers: { "x-conf-replace": "original", "x-conf-remove": "secret" } },
    expect: {
      status: 200,
      headers: { "x-upstream": "echo", "x-conf-resp-added": "yes", "x-conf-vm": VM_ID, "x-upstream-replace-me": "replaced", "x-upstream-remove-me": null },
      upstream: { path: "/hello", headers: { "x-conf-added": "yes", "x-conf-replace": "replaced", "x-conf-remove": null } },
    },
  },
  {
    name: "an added header repeats a header the client sent; the upstream sees both values",
    request: { path: "/twice", headers: { "x-conf-added": "client" } },
    expect: { status: 200, upstream: { headers: { "x-conf-added": "client, yes" } } },
  },
  {
    name: "a request body passes unchanged where the filter does not touch it",
    request: { method: "POST", path: "/hello", body: "plain body" },
    expect: { status: 200, upstream: { body: "plain body" } },
  },
  {
    name: "a local response carries the filter's status, body and headers, passes the filter's response callbacks, and never reaches the upstream",
    request: { path: "/local" },
    expect: {
      status: 418,
      body: "short and stout\n",
      headers: { "x-conf-local": "yes", "content-type": "text/plain", "content-length": "16", "x-conf-resp-added": "yes", "x-conf-vm": VM_ID },
      upstream: null,
    },
  },
  {
    name: "a buffered request body is upper-cased and the response body prefixed",
    request: { method: "POST", path: "/body", body: "make me loud" },
    expect: {
      status: 200,
      body: /^wasm:\{"upstream":"echo","method":"POST","path":"\/body",.*"body":"MAKE ME LOUD"\}$/,
      headers: { "content-length": null },
      upstream: { body: "MAKE ME LOUD" },
    },
  },
  {
    name: "http_call to an unknown cluster is BadArgument, answered with 500",
    request: { path: "/callout/unknown-cluster" },
    expect: { status: 500, body: "conformance_callout_dispatch_failed: BadArgument\n", headers: { "x-conf-resp-added": "yes" }, upstream: null },
  },
  {
    name: "http_call pauses the request and resumes it with the callout's answer",
    request: { path: "/callout" },
    expect: {
      status: 200,
      upstream: { path: "/callout", headers: { "x-conf-callout-status": "200", "x-conf-callout-upstream": "echo", "x-conf-callout-body-bytes": /^[1-9]\d*$/ } },
    },
  },
  {
    name: "grpc_call pauses the request and resumes it with the reply",
    request: { path: "/grpc" },
    expect: { status: 200, upstream: { headers: { "x-conf-grpc-reply": "echo: hello from wasm" } } },
  },
  {
    name: "properties are read as Envoy serializes them and filter state is written and read back",
    request: { path: "/properties" },
    expect: {
      status: 200,
      upstream: {
        headers: {
          "x-conf-prop-request-path": "/properties",
          "x-conf-prop-source-address": /^127\.0\.0\.1:\d+$/,
          "x-conf-prop-source-port": /^\d+$/,
          "x-conf-prop-plugin-name": CONFORMANCE_ENVIRONMENT.pluginName,
          "x-conf-prop-route-name": CONFORMANCE_ENVIRONMENT.routeName,
          "x-conf-prop-node-id": CONFORMANCE_ENVIRONMENT.nodeId,
          "x-conf-prop-missing-status": "absent",
          "x-conf-prop-set-status": "Ok",
          "x-conf-prop-set-readback": "marked",
        },
      },
    },
  },
  {
    name: "shared data is incremented under compare-and-swap",
    request: { path: "/shared/incr" },
    expect: { status: 200, headers: { "x-conf-shared": /^[1-9]\d*$/ } },
  },
  {
    name: "a message is enqueued on the shared queue",
    request: { path: "/queue" },
    expect: { status: 200, headers: { "x-conf-enqueue": "Ok" } },
  },
  {
    name: "WASI clock and random_get answer",
    request: { path: "/time" },
    expect: { status: 200, headers: { "x-conf-now-ns": /^\d{19}$/, "x-conf-random": /^[0-9a-f]{32}$/ } },
  },
  {
    name: "clear_route_cache answers Ok after the routing header is set",
    request: { path: "/reroute" },
    expect: { status: 200, headers: { "x-conf-clear-route-cache": "Ok" }, upstream: { headers: { "x-conf-route": "alt" } } },
  },
  {
    name: "close_stream resets the request",
    request: { path: "/reset" },
    expect: { reset: true },
  },
];

function check(what: string, actual: string | undefined, expected: Expected): void {
  if (expected === null) assert.equal(actual, undefined, `${what} should be absent`);
  else if (expected instanceof RegExp) assert.match(actual ?? "(absent)", expected, what);
  else assert.equal(actual, expected, what);
}

/** Asserts that `observed` is what `testCase` expects; the same assertion for Envoy and for the emulator. */
export function assertObserved(testCase: ConformanceCase, observed: Observed): void {
  const { expect } = testCase;
  assert.equal(observed.reset, expect.reset === true, expect.reset ? "the stream should be reset" : "the stream should not be reset");
  if (expect.reset) return;
  assert.equal(observed.status, expect.status, "status");
  for (const [name, value] of Object.entries(expect.headers ?? {})) check(`response header ${name}`, observed.headers[name], value);
  if (expect.body !== undefined) check("response body", observed.body, expect.body);
  if (expect.upstream === null) {
    assert.equal(observed.upstream, undefined, "the request should not reach the upstream");
  } else if (expect.upstream) {
    assert.ok(observed.upstream, "the request should reach the upstream");
    if (expect.upstream.path !== undefined) check("upstream path", observed.upstream.path, expect.upstream.path);
    for (const [name, value] of Object.entries(expect.upstream.headers ?? {})) check(`upstream header ${name}`, observed.upstream.headers[name], value);
    if (expect.upstream.body !== undefined) check("upstream body", observed.upstream.body, expect.upstream.body);
  }
}
