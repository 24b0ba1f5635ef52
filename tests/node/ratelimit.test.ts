// The ratelimit filter's decisions on the host emulator: two worker VMs sharing one shared-data store, virtual time,
// a scripted rate limit service. What needs real Envoy (true concurrency, the real service, configuration updates)
// is proven in tests/e2e/ratelimit_*.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import protobuf from "protobufjs";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost, Status, type GrpcCall, type GrpcReply, type HostOptions, type HttpStream, type Plugin } from "../../harness/emulator/index.js";

const VM_ID = "ratelimit";

/** A wire-compatible subset of envoy/service/ratelimit/v3/rls.proto (enums as int32, nested types flattened). */
const rls = protobuf.parse(`
  syntax = "proto3";
  message Entry { string key = 1; string value = 2; }
  message RateLimitDescriptor { repeated Entry entries = 1; }
  message RateLimitRequest { string domain = 1; repeated RateLimitDescriptor descriptors = 2; uint32 hits_addend = 3; }
  message RateLimit { uint32 requests_per_unit = 1; int32 unit = 2; string name = 3; }
  message Duration { int64 seconds = 1; int32 nanos = 2; }
  message DescriptorStatus { int32 code = 1; RateLimit current_limit = 2; uint32 limit_remaining = 3; Duration duration_until_reset = 4; }
  message HeaderValue { string key = 1; string value = 2; }
  message RateLimitResponse {
    int32 overall_code = 1; repeated DescriptorStatus statuses = 2; repeated HeaderValue response_headers_to_add = 3;
    repeated HeaderValue request_headers_to_add = 4; bytes raw_body = 5;
  }
`, { keepCase: true }).root;
const RateLimitRequest = rls.lookupType("RateLimitRequest");
const RateLimitResponse = rls.lookupType("RateLimitResponse");
const OK = 1;
const OVER_LIMIT = 2;

interface DecodedRequest {
  domain: string;
  descriptors: { entries: { key: string; value: string }[] }[];
  hits_addend: number;
}

const decodeRequest = (call: GrpcCall) => RateLimitRequest.toObject(RateLimitRequest.decode(call.message), { defaults: true }) as DecodedRequest;
const reply = (response: object): GrpcReply => ({ message: RateLimitResponse.encode(RateLimitResponse.fromObject(response)).finish() });

async function load(configuration: object, workers = 2, options: HostOptions = {}): Promise<{ host: EmulatedHost; vms: Plugin[] }> {
  const host = new EmulatedHost({ upstream: () => ({ status: 200, body: "from upstream" }), ...options });
  const vms = await host.loadWorkers(wasmPath("ratelimit"), workers, { name: "ratelimit", vmId: VM_ID, configuration });
  assert.ok(vms.every((vm) => vm.configured), vms[0].logs.map((l) => l.message).join("\n"));
  return { host, vms };
}

/** Counts shared-data reads and writes while `body` runs. */
function countingSharedData<T>(host: EmulatedHost, body: () => T): { result: T; reads: number; writes: number } {
  const store = host.sharedData;
  const { get, set } = store;
  let reads = 0;
  let writes = 0;
  store.get = (...args) => (reads++, get.apply(store, args));
  store.set = (...args) => (writes++, set.apply(store, args));
  try {
    return { result: body(), reads, writes };
  } finally {
    store.get = get;
    store.set = set;
  }
}

const statuses = (streams: HttpStream[]) => streams.map((s) => s.status);
const header = (stream: HttpStream, name: string) => stream.response?.headers.get(name) ?? undefined;
const ratelimitKeys = (host: EmulatedHost) => host.sharedData.keys(VM_ID).filter((k) => k.startsWith("ratelimit."));

const perConsumer = {
  name: "per_consumer",
  by: [{ source: "header", name: "x-auth-consumer" }],
  limit: { requests: 2, per: "hour" },
  overrides: [{ values: ["alice"], limit: { requests: 4, per: "hour" } }],
};

describe("ratelimit local rules on the host emulator", () => {
  it("an allowed request is not edited and costs one shared-data read and one write per matching rule", async () => {
    const { host, vms } = await load({ rules: [perConsumer, { name: "everyone", limit: { requests: 100, per: "second" } }] });
    const { result: allowed, reads, writes } = countingSharedData(host, () => vms[0].request({ path: "/a", headers: { "x-auth-consumer": "bob" } }));
    assert.equal(allowed.status, 200);
    assert.deepEqual([reads, writes], [2, 2]);
    assert.equal(allowed.requestHeaderEdits, 0);
    assert.equal(allowed.upstream?.headers.get("x-auth-consumer"), "bob");
    assert.equal(header(allowed, "x-ratelimit-limit"), undefined);
    vms[1].request({ path: "/a", headers: { "x-auth-consumer": "bob" } });
    // A refusal reads and writes nothing back: there is nothing to save.
    const { result: limited, reads: limitedReads, writes: limitedWrites } = countingSharedData(host, () =>
      vms[0].request({ path: "/a", headers: { "x-auth-consumer": "bob" } }),
    );
    assert.equal(limited.status, 429);
    assert.equal(limited.upstream, undefined);
    assert.deepEqual([limitedReads, limitedWrites], [1, 0]);
    assert.equal(limited.localResponse?.details, "ratelimit.per_consumer");
  });

  it("holds the limit across workers: alternating VMs admit exactly the burst, per value, override or default", async () => {
    const { host, vms } = await load({ rules: [perConsumer] });
    const send = (consumer: string, count: number) =>
      Array.from({ length: count }, (_, i) => vms[i % 2].request({ path: "/", headers: { "x-auth-consumer": consumer } }).status);
    assert.deepEqual(send("alice", 6), [200, 200, 200, 200, 429, 429]);
    assert.deepEqual(send("bob", 3), [200, 200, 429]);
    assert.deepEqual(send("carol", 3), [200, 200, 429]);
    assert.equal(host.metric("ratelimit.rule.per_consumer.allowed"), 8);
    assert.equal(host.metric("ratelimit.rule.per_consumer.limited"), 4);
  });

  it("refills from elapsed time, exactly: 1 per second after a burst of 3", async () => {
    const { host, vms } = await load({ rules: [{ name: "refill", limit: { requests: 1, per: "second", burst: 3 } }] });
    const send = (count: number) => Array.from({ length: count }, (_, i) => vms[i % 2].request({ path: "/" }).status).filter((s) => s === 200).length;
    assert.equal(send(5), 3);
    host.advance(999);
    assert.equal(send(1), 0);
    host.advance(1);
    assert.equal(send(2), 1);
    host.advance(2200);
    assert.equal(send(5), 2);
    host.advance(800);
    assert.equal(send(2), 1);
    host.advance(60_000);
    assert.equal(send(5), 3);
  });

  it("answers 429 with limit headers, retry-after in whole seconds (at least 1) and reset until full", async () => {
    const { vms } = await load({ rules: [{ name: "per_minute", limit: { requests: 10, per: "minute", burst: 2 } }] });
    vms[0].request({ path: "/" });
    vms[1].request({ path: "/" });
    const limited = vms[0].request({ path: "/" });
    assert.equal(limited.status, 429);
    assert.equal(limited.response?.text, "rate limited\n");
    assert.equal(header(limited, "x-ratelimit-limit"), "2");
    assert.equal(header(limited, "x-ratelimit-remaining"), "0");
    assert.equal(header(limited, "x-ratelimit-reset"), "12");
    assert.equal(header(limited, "retry-after"), "6");
  });

  it("answers a limited gRPC call with grpc-status 8 RESOURCE_EXHAUSTED by default, or the configured grpc_status", async () => {
    const grpc = { "content-type": "application/grpc", te: "trailers" };
    for (const [response, expected] of [[undefined, "8"], [{ grpc_status: 14 }, "14"]] as const) {
      const { vms } = await load({ rules: [{ name: "one", limit: { requests: 1, per: "hour" } }], ...(response ? { response } : {}) });
      vms[0].request({ method: "POST", path: "/shop.Greeter/greet", headers: grpc });
      const limited = vms[1].request({ method: "POST", path: "/shop.Greeter/greet", headers: grpc });
      assert.equal(limited.status, 200, "a trailers-only gRPC answer");
      assert.equal(header(limited, "grpc-status"), expected);
      const plain = vms[0].request({ path: "/" });
      assert.equal(plain.status, 429, "a plain HTTP request still gets the HTTP status");
      assert.equal(header(plain, "grpc-status"), undefined);
    }
  });

  it("reuses the way of a value whose bucket is full again; counts table_full only when every way is still refilling", async () => {
    const { host, vms } = await load({
      rules: [{ name: "small", by: [{ source: "header", name: "x-client" }], limit: { requests: 1, per: "second" }, max_values: 4 }],
    });
    const send = (client: string) => vms[0].request({ path: "/", headers: { "x-client": client } }).status;
    assert.deepEqual(["a", "b", "c", "d"].map(send), [200, 200, 200, 200]);
    assert.deepEqual([send("e"), send("f")], [200, 429]);
    assert.equal(host.metric("ratelimit.rule.small.table_full"), 2);
    host.advance(1000);
    assert.deepEqual(["e", "f", "g", "h"].map(send), [200, 200, 200, 200]);
    assert.equal(host.metric("ratelimit.rule.small.table_full"), 2);
  });

  it("a value it did not write under one of its keys reads as empty: no trap, the limit starts afresh", async () => {
    const { host, vms } = await load({ rules: [{ name: "all", limit: { requests: 1, per: "hour" } }] });
    for (const key of ratelimitKeys(host)) host.sharedData.set(VM_ID, key, new Uint8Array([3, 1, 2, 3]));
    assert.deepEqual(statuses([vms[0].request({ path: "/" }), vms[1].request({ path: "/" })]), [200, 429]);
  });

  it("refuses when every compare-and-swap loses (the limit is never exceeded), counting cas_exhausted", async () => {
    const { host, vms } = await load({ rules: [{ name: "all", limit: { requests: 100, per: "second" } }] });
    const store = host.sharedData;
    const set = store.set;
    store.set = () => Status.CasMismatch;
    const refused = vms[0].request({ path: "/" });
    store.set = set;
    assert.equal(refused.status, 429);
    assert.equal(header(refused, "retry-after"), "1");
    assert.equal(host.metric("ratelimit.cas_exhausted"), 1);
    assert.equal(vms[0].request({ path: "/" }).status, 200);
  });

  it("names keys by plugin and rule: the same rule shares counters, a changed limit or another plugin gets its own", async () => {
    const rule = (requests: number) => ({ rules: [{ name: "r", limit: { requests, per: "hour" } }] });
    const host = new EmulatedHost({ upstream: () => ({ status: 200 }) });
    const plugin = (name: string, requests: number) => host.loadPlugin(wasmPath("ratelimit"), { name, vmId: VM_ID, configuration: rule(requests) });
    const first = await plugin("ratelimit", 1);
    const keys = ratelimitKeys(host);
    assert.equal(keys.length, 1);
    assert.equal(first.request({ path: "/" }).status, 200);
    const same = await plugin("ratelimit", 1);
    assert.deepEqual(ratelimitKeys(host), keys);
    assert.equal(same.request({ path: "/" }).status, 429);
    const changed = await plugin("ratelimit", 2);
    assert.equal(ratelimitKeys(host).length, 2);
    assert.equal(changed.request({ path: "/" }).status, 200);
    const other = await plugin("other", 1);
    assert.equal(ratelimitKeys(host).length, 3);
    assert.equal(other.request({ path: "/" }).status, 200);
  });

  it("client_ip counts the address from source.address, masked to the configured prefix", async () => {
    const { vms } = await load({ rules: [{ name: "net", by: [{ source: "client_ip", ipv4_prefix: 24, ipv6_prefix: 64 }], limit: { requests: 1, per: "hour" } }] });
    const from = (source: string) => vms[0].request({ path: "/" }, { source }).status;
    assert.deepEqual([from("192.0.2.1:1000"), from("192.0.2.200:2000"), from("192.0.3.1:1000")], [200, 429, 200]);
    assert.deepEqual([from("[2001:db8::1]:1000"), from("[2001:db8::2:1]:1000"), from("[2001:db8:0:1::1]:1000")], [200, 429, 200]);
    assert.equal(from("[::ffff:192.0.2.9]:1000"), 429);
  });
});

describe("ratelimit global rules on the host emulator", () => {
  const service = { cluster: "rls", domain: "edge", timeout_ms: 50 };
  const consumerRule = { name: "g_consumer", mode: "global", by: [{ source: "header", name: "x-auth-consumer", key: "consumer" }] };

  it("sends domain, one descriptor per matching rule and hits_addend; OVER_LIMIT answers 429 with the service's headers", async () => {
    const seen: DecodedRequest[] = [];
    const { host, vms } = await load(
      { rules: [consumerRule, { name: "g_all", mode: "global" }], global: { ...service, hits_addend: 3 } },
      1,
      {
        clusters: {
          rls: {
            grpc: (call) => {
              seen.push(decodeRequest(call));
              return reply({
                overall_code: OVER_LIMIT,
                statuses: [
                  { code: OK, current_limit: { requests_per_unit: 100, unit: 2 }, limit_remaining: 50 },
                  { code: OVER_LIMIT, current_limit: { requests_per_unit: 10, unit: 2 }, limit_remaining: 0, duration_until_reset: { seconds: 41, nanos: 5 } },
                ],
                response_headers_to_add: [{ key: "Retry-After", value: "99" }, { key: "x-rls", value: "yes" }],
                raw_body: Buffer.from("quota exceeded\n"),
              });
            },
          },
        },
      },
    );
    const limited = vms[0].request({ path: "/", headers: { "x-auth-consumer": "alice" } });
    assert.deepEqual(seen, [
      { domain: "edge", descriptors: [{ entries: [{ key: "consumer", value: "alice" }] }, { entries: [{ key: "generic_key", value: "g_all" }] }], hits_addend: 3 },
    ]);
    assert.equal(limited.status, 429);
    assert.equal(limited.response?.text, "quota exceeded\n");
    assert.equal(header(limited, "retry-after"), "99");
    assert.equal(header(limited, "x-rls"), "yes");
    assert.equal(header(limited, "x-ratelimit-limit"), "10");
    assert.equal(header(limited, "x-ratelimit-reset"), "42");
    assert.equal(limited.localResponse?.details, "ratelimit.g_all");
    assert.equal(host.metric("ratelimit.rule.g_consumer.allowed"), 1);
    assert.equal(host.metric("ratelimit.rule.g_all.limited"), 1);
  });

  it("OK resumes the request, adding only the request headers the service asks for, and its response headers", async () => {
    const { vms } = await load({ rules: [consumerRule], global: service }, 1, {
      clusters: {
        rls: {
          grpc: () =>
            reply({
              overall_code: OK,
              statuses: [{ code: OK, current_limit: { requests_per_unit: 10, unit: 2 }, limit_remaining: 9 }],
              request_headers_to_add: [{ key: "x-quota-checked", value: "1" }],
              response_headers_to_add: [{ key: "ratelimit-remaining", value: "9" }],
            }),
        },
      },
    });
    const allowed = vms[0].request({ path: "/", headers: { "x-auth-consumer": "bob" } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.upstream?.headers.get("x-quota-checked"), "1");
    assert.equal(allowed.requestHeaderEdits, 1);
    assert.equal(header(allowed, "ratelimit-remaining"), "9");
    // No descriptor value (the header is absent): no call, nothing edited.
    const untouched = vms[0].request({ path: "/" });
    assert.equal(untouched.status, 200);
    assert.equal(untouched.requestHeaderEdits, 0);
    assert.equal(vms[0].grpcCalls.length, 1);
  });

  it("a local rule that limits answers before any call to the service", async () => {
    const { vms } = await load({ rules: [{ name: "local_first", limit: { requests: 1, per: "hour" } }, { name: "g_all", mode: "global" }], global: service }, 1, {
      clusters: { rls: { grpc: () => reply({ overall_code: OK }) } },
    });
    assert.deepEqual(statuses([vms[0].request({ path: "/" }), vms[0].request({ path: "/" })]), [200, 429]);
    assert.equal(vms[0].grpcCalls.length, 1);
  });

  it("a shadow global rule over its limit only counts", async () => {
    const { host, vms } = await load({ rules: [{ name: "g_shadow", mode: "global", shadow: true }], global: service }, 1, {
      clusters: { rls: { grpc: () => reply({ overall_code: OVER_LIMIT, statuses: [{ code: OVER_LIMIT }] }) } },
    });
    assert.equal(vms[0].request({ path: "/" }).status, 200);
    assert.equal(host.metric("ratelimit.rule.g_shadow.shadow_limited"), 1);
  });

  for (const mode of ["deny", "allow"] as const) {
    it(`failure mode ${mode}: an error, a malformed answer and a timeout are each counted`, async () => {
      const { host, vms } = await load({ rules: [{ name: "g_all", mode: "global" }], global: { ...service, failure_mode: mode } }, 1, { clusters: ["rls"] });
      const expected = mode === "deny" ? 500 : 200;
      const pending = () => vms[0].grpcCalls[vms[0].grpcCalls.length - 1];

      const failed = vms[0].request({ path: "/" });
      pending().fail(14, "upstream connect error");
      assert.equal(failed.status, expected);

      const malformed = vms[0].request({ path: "/" });
      pending().respond({ message: new Uint8Array([0x0a, 0x05, 0x01]) });
      assert.equal(malformed.status, expected);

      const late = vms[0].request({ path: "/" });
      host.advance(50);
      assert.equal(late.status, expected);

      if (mode === "deny") assert.equal(failed.response?.text, "rate limit service unavailable\n");
      assert.equal(host.metric("ratelimit.service.errors"), 2);
      assert.equal(host.metric("ratelimit.service.timeouts"), 1);
      assert.equal(host.metric(`ratelimit.service.failure_mode_${mode === "deny" ? "denied" : "allowed"}`), 3);
    });
  }
});
