// Every WasmPlugin and EnvoyFilter the CLI prints validates against Istio's own CRD schemas (istio.io/api v1.31.4,
// kubernetes/customresourcedefinitions.gen.yaml), checked with ajv as the API server's strict field validation does;
// wrong ones are rejected. The placement per filter is the documented one.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { load as parseYaml } from "js-yaml";
import { validateConfig } from "../../harness/config_validation.js";
import { crdValidator, type CrdValidator } from "../../harness/deploy/istio_crds.js";
import { envoyFilter, wasmPlugin, type IstioOptions } from "../../harness/deploy/istio.js";
import { FILTERS, findFilter, fromRoot } from "../../harness/filters.js";
import { sha256Hex } from "../../harness/oci/image.js";
import { DEFAULT_CONFORMANCE_CONFIGS } from "../../harness/scenarios/conformance.js";
import { AUTH_STRICT_CONFIG } from "../../harness/scenarios/auth.js";
import { LOCAL_HTTP_CONFIG } from "../../harness/scenarios/ratelimit.js";
import { ROUTE_META_HTTP_CONFIG } from "../../harness/scenarios/route_meta.js";
import { DUBBO_CONFIG } from "../../harness/scenarios/dubbo.js";
import { THRIFT_CONFIG } from "../../harness/scenarios/thrift.js";
import { runCli } from "../shared/publish_cli.js";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir } from "../../harness/paths.js";

const IMAGE = "oci://registry.example.com/filters/ratelimit:0.1.0";
const SHA = "a".repeat(64);
const PINNED_IMAGE = `oci://registry.example.com/filters/ratelimit@sha256:${SHA}`;

const CONFIGS: Record<string, unknown> = { auth: AUTH_STRICT_CONFIG, ratelimit: LOCAL_HTTP_CONFIG, "route-meta": ROUTE_META_HTTP_CONFIG, conformance: DEFAULT_CONFORMANCE_CONFIGS.http, "conformance-tcp": DEFAULT_CONFORMANCE_CONFIGS.tcp, starter: { header: "x-starter", value: "hello" }, dubbo: DUBBO_CONFIG, thrift: THRIFT_CONFIG };

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
      it(`${entry.name}, ${variant}: the WasmPlugin and the EnvoyFilter validate (no EnvoyFilter for a Service)`, () => {
        const config = CONFIGS[entry.name];
        assert.ok(config !== undefined, `a configuration for ${entry.name} in this test`);
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
    assert.equal(ratelimit.spec.failStrategy, "FAIL_CLOSE");
    const tcp = wasmPlugin(findFilter("conformance-tcp"), { image: IMAGE, config: {} }) as { spec: Record<string, unknown> };
    assert.equal(tcp.spec.type, "NETWORK");
    const tcpFilter = envoyFilter(findFilter("conformance-tcp"), { image: IMAGE, config: {} }) as { spec: { configPatches: { applyTo: string }[] } };
    assert.deepEqual(tcpFilter.spec.configPatches.map((patch) => patch.applyTo), ["EXTENSION_CONFIG", "NETWORK_FILTER"]);
    assert.equal((wasmPlugin(findFilter("dubbo"), { image: IMAGE, config: {} }) as { spec: { type: string } }).spec.type, "NETWORK");
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
