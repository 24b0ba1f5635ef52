// Every WasmPlugin and EnvoyFilter the CLI prints validates against Istio's own CRD schemas (istio.io/api v1.31.4,
// kubernetes/customresourcedefinitions.gen.yaml), checked with ajv as the API server's strict field validation does;
// wrong ones are rejected. The placement and the fail strategy per filter are the documented ones.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { load as parseYaml } from "js-yaml";
import { validateConfig } from "../../harness/config_validation.js";
import { crdValidator, type CrdValidator } from "../../harness/deploy/istio_crds.js";
import { envoyFilterEntry } from "../../harness/deploy/envoy.js";
import { envoyFilter, FAILURE_POLICY, wasmPlugin, type IstioOptions } from "../../harness/deploy/istio.js";
import { FAIL_STRATEGIES, FILTERS, type FailStrategy, findFilter, fromRoot } from "../../harness/filters.js";
import { sha256Hex } from "../../harness/oci/image.js";
import { DEFAULT_CONFORMANCE_CONFIGS } from "../../harness/scenarios/conformance.js";
import { AUTH_STRICT_CONFIG } from "../../harness/scenarios/auth.js";
import { LOCAL_HTTP_CONFIG } from "../../harness/scenarios/ratelimit.js";
import { ROUTE_META_HTTP_CONFIG } from "../../harness/scenarios/route_meta.js";
import { DUBBO_CONFIG } from "../../harness/scenarios/dubbo.js";
import { THRIFT_CONFIG } from "../../harness/scenarios/thrift.js";
import { faultConfig } from "../../harness/scenarios/fault.js";
import { runCli } from "../shared/publish_cli.js";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir } from "../../harness/paths.js";

const IMAGE = "oci://registry.example.com/filters/ratelimit:0.1.0";
const SHA = "a".repeat(64);
const PINNED_IMAGE = `oci://registry.example.com/filters/ratelimit@sha256:${SHA}`;

const CONFIGS: Record<string, unknown> = { auth: AUTH_STRICT_CONFIG, ratelimit: LOCAL_HTTP_CONFIG, "route-meta": ROUTE_META_HTTP_CONFIG, conformance: DEFAULT_CONFORMANCE_CONFIGS.http, "conformance-tcp": DEFAULT_CONFORMANCE_CONFIGS.tcp, starter: { header: "x-starter", value: "hello" }, dubbo: DUBBO_CONFIG, thrift: THRIFT_CONFIG, fault: faultConfig({ start: "2026-12-08T10:00:00Z", end: "2026-12-08T11:00:00Z" }) };

/** Every way the CLI's options shape a manifest. */
const VARIANTS: [string, Omit<IstioOptions, "config">][] = [
  ["image only", { image: IMAGE }],
  ["selector, inbound port, sha256", { image: IMAGE, sha256: SHA, selector: { app: "reviews", version: "v1" }, mode: "SERVER", ports: [8080], namespace: "bookinfo" }],
  ["gateway target, outbound, fail open, pull options", { image: IMAGE, targetRef: { kind: "Gateway", name: "ingress" }, mode: "CLIENT", failStrategy: "FAIL_OPEN", imagePullPolicy: "Always", imagePullSecret: "regcred" }],
  ["service target, two ports, phase and priority overridden", { image: IMAGE, targetRef: { kind: "Service", name: "reviews" }, ports: [80, 8080], phase: "STATS", priority: -5, failStrategy: "FAIL_RELOAD", name: "custom-name" }],
];

describe("Istio manifests against Istio's CRD schemas", () => {
  let plugin: CrdValidator;
  let filter: CrdValidator;
  before(async () => {
    plugin = await crdValidator("extensions.istio.io/v1alpha1", "WasmPlugin");
    filter = await crdValidator("networking.istio.io/v1alpha3", "EnvoyFilter");
  });

  for (const entry of FILTERS) {
    for (const [variant, options] of VARIANTS) {
      it(`${entry.name}, ${variant}: the WasmPlugin and the EnvoyFilter validate (no EnvoyFilter for a Service; none with a fail strategy the filter refuses)`, () => {
        const config = CONFIGS[entry.name];
        assert.ok(config !== undefined, `a configuration for ${entry.name} in this test`);
        if (options.failStrategy && entry.refusedFailStrategies?.[options.failStrategy]) {
          const refused = new RegExp(`--fail-strategy ${options.failStrategy} is refused for ${entry.name}: `);
          assert.throws(() => wasmPlugin(entry, { ...options, config }), refused);
          assert.throws(() => envoyFilter(entry, { ...options, config }), refused);
          return;
        }
        assert.deepEqual(plugin(wasmPlugin(entry, { ...options, config })), []);
        if (options.targetRef?.kind === "Service") {
          assert.throws(() => envoyFilter(entry, { ...options, config }), /an EnvoyFilter attaches to a Gateway, not a Service/);
        } else {
          assert.deepEqual(filter(envoyFilter(entry, { ...options, config })), []);
        }
      });
    }
  }

  it("every catalogue filter's example configuration is valid for its own schema", () => {
    for (const entry of FILTERS) assert.deepEqual(validateConfig(entry, CONFIGS[entry.name]), [], entry.name);
  });

  it("placement: auth in AUTHN, ratelimit in AUTHZ (after authentication), route-meta last before the router, the network conformance filter has type NETWORK", () => {
    assert.equal((wasmPlugin(findFilter("auth"), { image: IMAGE, config: {} }) as { spec: { phase: string } }).spec.phase, "AUTHN");
    assert.equal((wasmPlugin(findFilter("route-meta"), { image: IMAGE, config: {} }) as { spec: { phase: string } }).spec.phase, "UNSPECIFIED_PHASE");
    const ratelimit = wasmPlugin(findFilter("ratelimit"), { image: IMAGE, config: {} }) as { spec: Record<string, unknown> };
    assert.equal(ratelimit.spec.phase, "AUTHZ");
    assert.equal(ratelimit.spec.type, "HTTP");
    assert.equal(ratelimit.spec.pluginName, "ratelimit");
    assert.equal(ratelimit.spec.failStrategy, "FAIL_RELOAD");
    const tcp = wasmPlugin(findFilter("conformance-tcp"), { image: IMAGE, config: {} }) as { spec: Record<string, unknown> };
    assert.equal(tcp.spec.type, "NETWORK");
    const tcpFilter = envoyFilter(findFilter("conformance-tcp"), { image: IMAGE, config: {} }) as { spec: { configPatches: { applyTo: string }[] } };
    assert.deepEqual(tcpFilter.spec.configPatches.map((patch) => patch.applyTo), ["EXTENSION_CONFIG", "NETWORK_FILTER"]);
    assert.equal((wasmPlugin(findFilter("dubbo"), { image: IMAGE, config: {} }) as { spec: { type: string } }).spec.type, "NETWORK");
  });

  it("fail strategy per filter: the catalogue's default in the WasmPlugin, the EnvoyFilter's and the Envoy entry's failure_policy; an explicit one wins; auth refuses FAIL_OPEN, saying why", () => {
    // The defaults each README's "When the filter fails" explains; tests/e2e/failure_policy shows what each does.
    const expected: Record<string, FailStrategy> = {
      auth: "FAIL_RELOAD", ratelimit: "FAIL_RELOAD", "route-meta": "FAIL_OPEN", fault: "FAIL_OPEN", dubbo: "FAIL_RELOAD", thrift: "FAIL_RELOAD",
      conformance: "FAIL_CLOSE", "conformance-tcp": "FAIL_CLOSE", starter: "FAIL_CLOSE",
    };
    assert.deepEqual(Object.fromEntries(FILTERS.map((entry) => [entry.name, entry.failStrategy])), expected);
    type Patched = { spec: { configPatches: { patch: { value: { typed_config?: { config: { failure_policy: string } } } } }[] } };
    const policyOf = (manifest: object) => (manifest as Patched).spec.configPatches[0].patch.value.typed_config!.config.failure_policy;
    const entryPolicy = (entry: object) => (entry as { typed_config: { config: { failure_policy: string } } }).typed_config.config.failure_policy;
    for (const entry of FILTERS) {
      const config = CONFIGS[entry.name];
      const spec = (wasmPlugin(entry, { image: IMAGE, config }) as { spec: { failStrategy: string } }).spec;
      assert.equal(spec.failStrategy, expected[entry.name], entry.name);
      assert.equal(policyOf(envoyFilter(entry, { image: IMAGE, config })), FAILURE_POLICY[expected[entry.name]], entry.name);
      assert.equal(entryPolicy(envoyFilterEntry(entry, { wasmPath: "/srv/x.wasm", config })), FAILURE_POLICY[expected[entry.name]], entry.name);
      for (const strategy of FAIL_STRATEGIES) {
        if (entry.refusedFailStrategies?.[strategy]) continue;
        assert.equal((wasmPlugin(entry, { image: IMAGE, config, failStrategy: strategy }) as { spec: { failStrategy: string } }).spec.failStrategy, strategy);
        assert.equal(entryPolicy(envoyFilterEntry(entry, { wasmPath: "/srv/x.wasm", config, failStrategy: strategy })), FAILURE_POLICY[strategy]);
      }
    }
    assert.deepEqual(FILTERS.filter((entry) => entry.refusedFailStrategies).map((entry) => [entry.name, Object.keys(entry.refusedFailStrategies!)]), [["auth", ["FAIL_OPEN"]]]);
    // Defaults that follow the configuration: dubbo and thrift with nothing to enforce (stats only) fail open;
    // route-meta at the edge (recompute: it owns the tag header) fails closed and reloads.
    for (const [name, config, strategy] of [
      ["dubbo", {}, "FAIL_OPEN"],
      ["dubbo", { rules: [], max_tracked_methods: 50 }, "FAIL_OPEN"],
      ["dubbo", { default_action: "deny" }, "FAIL_RELOAD"],
      ["dubbo", { rules: [{ name: "r", match: { method: "m" } }] }, "FAIL_RELOAD"],
      ["thrift", { transport: "framed", protocol: "binary" }, "FAIL_OPEN"],
      ["thrift", { default_action: "deny" }, "FAIL_RELOAD"],
      ["route-meta", { default_tag: "v1" }, "FAIL_OPEN"],
      ["route-meta", { default_tag: "v1", recompute: false }, "FAIL_OPEN"],
      ["route-meta", { default_tag: "v1", recompute: true }, "FAIL_RELOAD"],
      ["ratelimit", { rules: [{ name: "r", limit: { requests: 1, per: "second" } }] }, "FAIL_RELOAD"],
    ] as [string, object, FailStrategy][]) {
      const entry = findFilter(name);
      assert.deepEqual(validateConfig(entry, config), [], `${name} ${JSON.stringify(config)}`);
      assert.equal((wasmPlugin(entry, { image: IMAGE, config }) as { spec: { failStrategy: string } }).spec.failStrategy, strategy, `${name} ${JSON.stringify(config)}`);
      assert.equal(entryPolicy(envoyFilterEntry(entry, { wasmPath: "/srv/x.wasm", config })), FAILURE_POLICY[strategy], `${name} ${JSON.stringify(config)}`);
      assert.equal((wasmPlugin(entry, { image: IMAGE, config, failStrategy: "FAIL_CLOSE" }) as { spec: { failStrategy: string } }).spec.failStrategy, "FAIL_CLOSE");
    }
    const auth = findFilter("auth");
    const refusal = /--fail-strategy FAIL_OPEN is refused for auth: auth never fails open: with its VM failed, every request would reach the upstream unauthenticated/;
    assert.throws(() => wasmPlugin(auth, { image: IMAGE, config: AUTH_STRICT_CONFIG, failStrategy: "FAIL_OPEN" }), refusal);
    assert.throws(() => envoyFilter(auth, { image: IMAGE, config: AUTH_STRICT_CONFIG, failStrategy: "FAIL_OPEN" }), refusal);
    assert.throws(() => envoyFilterEntry(auth, { wasmPath: "/srv/auth.wasm", config: AUTH_STRICT_CONFIG, failStrategy: "FAIL_OPEN" }), refusal);
  });

  it("the istio and envoy commands write each filter's default fail strategy, take --fail-strategy, refuse FAIL_OPEN for auth (exit 2, nothing printed) and list the defaults in --help", async () => {
    const dir = await mkdtemp(join(cacheDir(), "fail-strategy-cli-"));
    try {
      for (const entry of FILTERS) await writeFile(join(dir, `${entry.name}.json`), JSON.stringify(CONFIGS[entry.name]));
      const configOf = (name: string) => join(dir, `${name}.json`);
      for (const name of ["auth", "route-meta", "dubbo", "thrift"]) {
        const entry = findFilter(name);
        const plugin = await runCli(["istio", name, "--config", configOf(name), "--image", PINNED_IMAGE]);
        assert.equal(plugin.status, 0, plugin.stderr);
        assert.equal((parseYaml(plugin.stdout) as { spec: { failStrategy: string } }).spec.failStrategy, entry.failStrategy, name);
        const snippet = await runCli(["envoy", name, "--config", configOf(name), "--wasm", "/srv/x.wasm"]);
        assert.equal(snippet.status, 0, snippet.stderr);
        assert.equal((parseYaml(snippet.stdout) as { typed_config: { config: { failure_policy: string } } }[])[0].typed_config.config.failure_policy, FAILURE_POLICY[entry.failStrategy], name);
      }
      await writeFile(join(dir, "stats-only.json"), JSON.stringify({ max_tracked_methods: 100 }));
      const statsOnly = await runCli(["istio", "dubbo", "--config", join(dir, "stats-only.json"), "--image", PINNED_IMAGE]);
      assert.equal(statsOnly.status, 0, statsOnly.stderr);
      assert.equal((parseYaml(statsOnly.stdout) as { spec: { failStrategy: string } }).spec.failStrategy, "FAIL_OPEN");
      const closed = await runCli(["envoy", "route-meta", "--config", configOf("route-meta"), "--wasm", "/srv/x.wasm", "--fail-strategy", "FAIL_CLOSE", "--bootstrap", "--upstream", "127.0.0.1:8080"]);
      assert.equal(closed.status, 0, closed.stderr);
      assert.match(closed.stdout, /failure_policy: FAIL_CLOSED\n/);
      const authFile = configOf("auth");
      for (const args of [
        ["istio", "auth", "--config", authFile, "--image", PINNED_IMAGE, "--fail-strategy", "FAIL_OPEN"],
        ["istio", "auth", "--config", authFile, "--image", PINNED_IMAGE, "--envoyfilter", "--fail-strategy", "FAIL_OPEN"],
        ["envoy", "auth", "--config", authFile, "--wasm", "/srv/auth.wasm", "--fail-strategy", "FAIL_OPEN"],
        ["envoy", "auth", "--config", authFile, "--wasm", "/srv/auth.wasm", "--fail-strategy", "FAIL_OPEN", "--bootstrap", "--upstream", "127.0.0.1:8080"],
      ]) {
        const refused = await runCli(args);
        assert.equal(refused.status, 2, args.join(" "));
        assert.equal(refused.stdout, "");
        assert.match(refused.stderr, /^error: --fail-strategy FAIL_OPEN is refused for auth: auth never fails open: .*\(use FAIL_RELOAD or FAIL_CLOSE\)$/m);
      }
      const unknown = await runCli(["envoy", "auth", "--config", authFile, "--wasm", "/srv/auth.wasm", "--fail-strategy", "FAIL_CLOSED"]);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /--fail-strategy FAIL_CLOSED: choose one of FAIL_CLOSE, FAIL_OPEN, FAIL_RELOAD/);
      for (const verb of ["istio", "envoy"]) {
        const help = await runCli([verb, "--help"]);
        assert.equal(help.status, 0, help.stderr);
        assert.match(help.stdout, /auth FAIL_RELOAD, ratelimit FAIL_RELOAD, route-meta FAIL_OPEN \(FAIL_RELOAD with recompute\), fault FAIL_OPEN, dubbo FAIL_RELOAD \(FAIL_OPEN stats only: no rules, default_action allow\), thrift FAIL_RELOAD \(FAIL_OPEN stats only/, verb);
        assert.match(help.stdout, /auth refuses FAIL_OPEN/, verb);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a wrong phase, a missing url, an unknown field, a bad sha256 and a wrong patch operation", () => {
    const good = wasmPlugin(findFilter("ratelimit"), { image: IMAGE, config: {} }) as { spec: Record<string, unknown> };
    const withSpec = (spec: Record<string, unknown>) => ({ ...good, spec });
    const { url: _url, ...withoutUrl } = good.spec;
    assert.deepEqual(plugin(withSpec({ ...good.spec, phase: "BEFORE_ROUTING" })), ['$.spec.phase: must be equal to one of the allowed values ("UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS")']);
    assert.deepEqual(plugin(withSpec(withoutUrl)), ["$.spec.url: is required"]);
    assert.deepEqual(plugin(withSpec({ ...good.spec, failStrategy: "FAIL_CLOSED" })), ['$.spec.failStrategy: must be equal to one of the allowed values ("FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD")']);
    assert.deepEqual(plugin(withSpec({ ...good.spec, pluginConfg: {} })), ["$.spec.pluginConfg: unknown property"]);
    assert.deepEqual(plugin(withSpec({ ...good.spec, sha256: "sha256:abc" })), ['$.spec.sha256: must match pattern "(^$|^[a-f0-9]{64}$)"']);
    assert.deepEqual(plugin({ ...good, kind: "EnvoyFilter" }), ['$.kind: must be equal to constant']);
    const ef = envoyFilter(findFilter("ratelimit"), { image: IMAGE, config: {} }) as { spec: { configPatches: { patch: Record<string, unknown> }[] } };
    ef.spec.configPatches[1].patch.operation = "PREPEND";
    assert.equal(filter(ef).length, 1);
    assert.match(filter(ef)[0], /^\$\.spec\.configPatches\[1\]\.patch\.operation: must be equal to one of the allowed values/);
  });

  it("the istio command prints YAML that validates (--check), and refuses a configuration the filter's schema rejects", async () => {
    const dir = await mkdtemp(join(cacheDir(), "istio-cli-"));
    try {
      await writeFile(join(dir, "good.json"), JSON.stringify(LOCAL_HTTP_CONFIG));
      for (const extra of [[], ["--envoyfilter"]]) {
        // Pinned by digest, so no registry is asked for one (publish_istio_agent asks a real one).
        const result = await runCli(["istio", "ratelimit", "--config", join(dir, "good.json"), "--image", PINNED_IMAGE, "--selector", "app=reviews", "--mode", "SERVER", "--port", "9080", "--check", ...extra]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stderr, /matches Istio's CRD schema/);
        const manifest = parseYaml(result.stdout);
        assert.deepEqual((extra.length ? filter : plugin)(manifest), []);
        if (!extra.length) assert.deepEqual((manifest as { spec: { pluginConfig: unknown } }).spec.pluginConfig, LOCAL_HTTP_CONFIG);
      }
      await writeFile(join(dir, "bad.json"), JSON.stringify({ rules: [{ name: "r", limit: { requests: 10, per: "day" } }] }));
      const bad = await runCli(["istio", "ratelimit", "--config", join(dir, "bad.json"), "--image", IMAGE]);
      assert.equal(bad.status, 2);
      assert.equal(bad.stdout, "");
      assert.match(bad.stderr, /\$\.rules\[0\]\.limit\.per: must be equal to one of the allowed values/);
      // Over http(s):// Istio hashes the module itself: the sha256 is the built module's; --pin is for oci:// only.
      const http = await runCli(["istio", "ratelimit", "--config", join(dir, "good.json"), "--image", "https://modules.example.com/ratelimit.wasm"]);
      assert.equal(http.status, 0, http.stderr);
      assert.equal((parseYaml(http.stdout) as { spec: { sha256: string } }).spec.sha256, sha256Hex(await readFile(fromRoot("build/ratelimit.wasm"))));
      const pinHttp = await runCli(["istio", "ratelimit", "--config", join(dir, "good.json"), "--image", "https://modules.example.com/ratelimit.wasm", "--pin"]);
      assert.equal(pinHttp.status, 2);
      assert.match(pinHttp.stderr, /--pin pins an oci:\/\/ image by its digest/);
      const prefixed = await runCli(["istio", "ratelimit", "--config", join(dir, "good.json"), "--image", PINNED_IMAGE, "--sha256", `sha256:${SHA}`]);
      assert.equal(prefixed.status, 2);
      assert.match(prefixed.stderr, /expected 64 lower-case hex digits \(a digest without its "sha256:" prefix\)/);
      const noImage = await runCli(["istio", "ratelimit", "--config", join(dir, "good.json")]);
      assert.equal(noImage.status, 2);
      assert.match(noImage.stderr, /istio needs --image/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
