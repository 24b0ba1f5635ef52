// Istio's own agent code (istio.io/istio pkg/wasm, harness/peers/istio_agent) pulls what `push` uploaded, through the
// WasmPlugin and EnvoyFilter `istio` wrote: every filter in every image layout, named by tag (with the sha256 Istio
// checks: the manifest digest) and pinned by digest. A wrong sha256 is refused by the CLI and by the agent; a private
// registry is pulled with a pull secret; what the agent's SSRF guard refuses is shown where loopback can show it.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { dump, load as parseYaml } from "js-yaml";
import { findFilter, fromRoot } from "../../harness/filters.js";
import { IMAGE_FORMATS } from "../../harness/oci/image.js";
import { istioAgentPull } from "../../harness/peers/istio_agent.js";
import { startRegistry, type TestRegistry } from "../../harness/peers/registry.js";
import { cacheDir } from "../../harness/paths.js";
import { AUTH_STRICT_CONFIG } from "../../harness/scenarios/auth.js";
import { DEFAULT_CONFORMANCE_CONFIGS } from "../../harness/scenarios/conformance.js";
import { LOCAL_HTTP_CONFIG } from "../../harness/scenarios/ratelimit.js";
import { ROUTE_META_HTTP_CONFIG } from "../../harness/scenarios/route_meta.js";
import { parsePush, runCli, type Pushed } from "../shared/publish_cli.js";

const CONFIGS: Record<string, unknown> = { auth: AUTH_STRICT_CONFIG, ratelimit: LOCAL_HTTP_CONFIG, "route-meta": ROUTE_META_HTTP_CONFIG, "conformance-tcp": DEFAULT_CONFORMANCE_CONFIGS.tcp };
const LOGIN = { username: "puller", password: "pu11-Secret" };
const LOGIN_ENV = { OCI_USERNAME: LOGIN.username, OCI_PASSWORD: LOGIN.password };

interface Plugin {
  spec: { url: string; sha256?: string; type: string; imagePullSecret?: string };
}
interface Filter {
  spec: { configPatches: { patch: { value: { typed_config: { config: { vm_config: { code: { remote: { http_uri: { uri: string }; sha256?: string } } } } } } } }[] };
}

/** The `istio` command's manifest, asserted to be a success. */
async function istio(filter: string, configFile: string, image: string, extra: string[] = [], env: Record<string, string> = {}): Promise<string> {
  const result = await runCli(["istio", filter, "--config", configFile, "--image", image, ...extra], env);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/** A Kubernetes docker-registry secret, as `kubectl create secret docker-registry` writes it. */
function pullSecret(name: string, registry: string, username: string, password: string, type = "kubernetes.io/dockerconfigjson"): string {
  const auths = { auths: { [registry]: { username, password, auth: Buffer.from(`${username}:${password}`).toString("base64") } } };
  return dump({ apiVersion: "v1", kind: "Secret", metadata: { name }, type, data: { ".dockerconfigjson": Buffer.from(JSON.stringify(auths)).toString("base64") } });
}

describe("Istio's agent code pulls the images push uploaded, with the sha256 istio wrote", () => {
  const registries: TestRegistry[] = [];
  let dir: string;
  const start = async (...args: Parameters<typeof startRegistry>) => {
    const registry = await startRegistry(...args);
    registries.push(registry);
    return registry;
  };
  const configFile = (filter: string) => join(dir, `${filter}.json`);
  before(async () => {
    dir = await mkdtemp(join(cacheDir(), "istio-agent-test-"));
    for (const [filter, config] of Object.entries(CONFIGS)) await writeFile(configFile(filter), JSON.stringify(config));
  });
  after(async () => {
    await Promise.all(registries.map((registry) => registry.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  it("every filter × every layout: WasmPlugin and EnvoyFilter, by tag and pinned, pull a module byte-identical to the build", async () => {
    const registry = await start({ kind: "none" });
    let pulls = 0;
    await Promise.all(
      Object.keys(CONFIGS).map(async (filter) => {
        const built = await readFile(fromRoot(findFilter(filter).wasm));
        for (const format of IMAGE_FORMATS) {
          const image = `oci://${registry.host}/filters/${filter}:${format}`;
          const pushed = parsePush(await runCli(["push", filter, image, "--format", format]));
          const tagged = parseYaml(await istio(filter, configFile(filter), image)) as Plugin;
          assert.equal(tagged.spec.url, image);
          assert.equal(tagged.spec.sha256, pushed.wasmPluginSha256, "the WasmPlugin carries the manifest digest");
          assert.equal(tagged.spec.type, filter === "conformance-tcp" ? "NETWORK" : "HTTP");
          const pinned = parseYaml(await istio(filter, configFile(filter), image, ["--pin"])) as Plugin;
          assert.equal(pinned.spec.url, pushed.pinned);
          assert.equal(pinned.spec.sha256, undefined, "a pinned reference needs no sha256");
          const envoyFilterByTag = parseYaml(await istio(filter, configFile(filter), image, ["--envoyfilter"])) as Filter;
          const remote = envoyFilterByTag.spec.configPatches[0].patch.value.typed_config.config.vm_config.code.remote;
          assert.deepEqual([remote.http_uri.uri, remote.sha256], [image, pushed.wasmPluginSha256]);
          const envoyFilterPinned = await istio(filter, configFile(filter), pushed.pinned, ["--envoyfilter"]);
          for (const [form, manifest] of [["WasmPlugin by tag", tagged], ["WasmPlugin pinned", pinned], ["EnvoyFilter by tag", envoyFilterByTag], ["EnvoyFilter pinned", envoyFilterPinned]] as const) {
            const pulled = await istioAgentPull(typeof manifest === "string" ? manifest : dump(manifest));
            assert.equal(pulled.error, undefined, `${filter} ${format} ${form}: ${pulled.error}\n${pulled.log}`);
            assert.ok(pulled.module!.equals(built), `${filter} ${format} ${form}: the module Istio's agent pulled is the built one`);
            pulls++;
          }
        }
      }),
    );
    assert.equal(pulls, Object.keys(CONFIGS).length * IMAGE_FORMATS.length * 4);
  });

  it("a sha256 other than the manifest digest: the CLI refuses it naming the digest, and Istio's agent refuses it as it did", async () => {
    const registry = await start({ kind: "none" });
    const image = `oci://${registry.host}/filters/ratelimit:1.0`;
    const pushed: Pushed = parsePush(await runCli(["push", "ratelimit", image]));
    const wrong = await runCli(["istio", "ratelimit", "--config", configFile("ratelimit"), "--image", image, "--sha256", pushed.moduleSha256]);
    assert.equal(wrong.status, 2);
    assert.equal(wrong.stdout, "");
    assert.match(wrong.stderr, new RegExp(`--sha256 ${pushed.moduleSha256} is not what Istio will find: .*filters/ratelimit:1\\.0 points at the manifest digest ${pushed.digest} \\(asked of http://${registry.host}\\)`));
    const right = await runCli(["istio", "ratelimit", "--config", configFile("ratelimit"), "--image", image, "--sha256", pushed.wasmPluginSha256]);
    assert.equal(right.status, 0, right.stderr);
    const pinnedWrong = await runCli(["istio", "ratelimit", "--config", configFile("ratelimit"), "--image", pushed.pinned, "--sha256", pushed.moduleSha256]);
    assert.equal(pinnedWrong.status, 2);
    assert.match(pinnedWrong.stderr, new RegExp(`does not match the digest .* is pinned to \\(${pushed.digest}\\)`));

    // What the CLI wrote before: plugin.wasm's sha256. The agent fetches the manifest, compares and refuses.
    const plugin = parseYaml(await istio("ratelimit", configFile("ratelimit"), image)) as Plugin;
    plugin.spec.sha256 = pushed.moduleSha256;
    const refused = await istioAgentPull(dump(plugin));
    assert.equal(refused.module, undefined);
    assert.match(refused.error!, /replaced the module with envoy\.extensions\.filters\.http\.rbac\.v3\.RBAC/);
    assert.match(refused.log, new RegExp(`module downloaded from ${image.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} has checksum ${pushed.wasmPluginSha256}, which does not match: ${pushed.moduleSha256}`));
  });

  it("a private registry (htpasswd, realm an https:// URL): the agent pulls with a dockerconfigjson pull secret, and refuses without one", async () => {
    const registry = await start({ kind: "htpasswd", ...LOGIN, realm: "https://registry.example.com/v2/" });
    const image = `oci://${registry.host}/filters/auth:1.0`;
    const pushed = parsePush(await runCli(["push", "auth", image], LOGIN_ENV));
    const noCredentials = await runCli(["istio", "auth", "--config", configFile("auth"), "--image", image]);
    assert.equal(noCredentials.status, 1);
    assert.match(noCredentials.stderr, /wants credentials: set OCI_USERNAME and OCI_PASSWORD/);
    const manifest = await istio("auth", configFile("auth"), image, ["--pull-secret", "regcred"], LOGIN_ENV);
    const plugin = parseYaml(manifest) as Plugin;
    assert.deepEqual([plugin.spec.sha256, plugin.spec.imagePullSecret], [pushed.wasmPluginSha256, "regcred"]);

    const pulled = await istioAgentPull(manifest, { secret: pullSecret("regcred", registry.host, LOGIN.username, LOGIN.password) });
    assert.equal(pulled.error, undefined, pulled.log);
    assert.ok(pulled.module!.equals(await readFile(fromRoot("build/auth.wasm"))));
    // istiod hands the agent nothing when the secret is missing or not a dockerconfigjson secret: the agent refuses.
    for (const secret of [undefined, pullSecret("regcred", registry.host, LOGIN.username, LOGIN.password, "Opaque")]) {
      const refused = await istioAgentPull(manifest, { secret });
      assert.equal(refused.module, undefined);
      assert.match(refused.log, /missing image pulling secret/);
    }
    const wrongPassword = await istioAgentPull(manifest, { secret: pullSecret("regcred", registry.host, LOGIN.username, "wrong") });
    assert.equal(wrongPassword.module, undefined);
    assert.match(wrongPassword.log, /could not fetch manifest: .*UNAUTHORIZED/);
  });

  it("the agent's SSRF guard refuses a Basic realm that is only a name, and a token service on a loopback address", async () => {
    const named = await start({ kind: "htpasswd", ...LOGIN });
    const token = await start({ kind: "token", ...LOGIN });
    for (const [registry, reason] of [
      [named, /rejected unsafe bearer realm: realm scheme "" not allowed/],
      [token, /rejected unsafe bearer realm: realm targets private\/loopback\/link-local IP/],
    ] as const) {
      const image = `oci://${registry.host}/filters/ratelimit:1.0`;
      parsePush(await runCli(["push", "ratelimit", image], LOGIN_ENV));
      const manifest = await istio("ratelimit", configFile("ratelimit"), image, ["--pull-secret", "regcred"], LOGIN_ENV);
      const refused = await istioAgentPull(manifest, { secret: pullSecret("regcred", registry.host, LOGIN.username, LOGIN.password) });
      assert.equal(refused.module, undefined);
      assert.match(refused.log, reason);
    }
  });
});
