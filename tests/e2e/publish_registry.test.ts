// `push` against a real CNCF distribution registry on loopback (open, htpasswd basic auth, the bearer-token flow),
// pulled back with oras, an independent client: the image is in a layout Istio accepts, its one layer holds exactly
// the built plugin.wasm, the digests match; then the pulled module serves traffic in a real Envoy configured by
// `envoy --bootstrap` (an HTTP filter from the tar+gzip layout, a network filter from the Wasm artifact layout).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { Envoy } from "../../harness/envoy.js";
import { MEDIA_TYPES, sha256Hex } from "../../harness/oci/image.js";
import { oras, type OrasLogin } from "../../harness/peers/oras.js";
import { startRegistry, type TestRegistry } from "../../harness/peers/registry.js";
import { cacheDir, projectRoot } from "../../harness/paths.js";
import { sequentially } from "../../harness/scenarios/ratelimit.js";
import { wasmVmFailure } from "../../harness/testing.js";
import { startHttpEcho } from "../../harness/upstreams/http_echo.js";
import { startTcpEcho } from "../../harness/upstreams/tcp_echo.js";
import { connect } from "node:net";
import { parsePush, runCli } from "../shared/publish_cli.js";

const LOGIN: OrasLogin = { username: "publisher", password: "s3cret-Pa55" };
const LOGIN_ENV = { OCI_USERNAME: LOGIN.username, OCI_PASSWORD: LOGIN.password };


interface Manifest {
  mediaType: string;
  config: { mediaType: string; digest: string };
  layers: { mediaType: string; digest: string; size: number }[];
}

/** The manifest as oras fetches it, checked to hash to the digest push printed. */
async function fetchManifest(reference: string, digest: string, login?: OrasLogin): Promise<Manifest> {
  const dir = await mkdtemp(join(cacheDir(), "pulled-"));
  try {
    await oras(["manifest", "fetch", "--output", join(dir, "manifest.json"), reference], { login });
    const bytes = await readFile(join(dir, "manifest.json"));
    assert.equal(`sha256:${sha256Hex(bytes)}`, digest, "the manifest oras pulled hashes to the digest push printed");
    return JSON.parse(bytes.toString("utf8")) as Manifest;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Pulls the single tar+gzip layer with oras and unpacks it with tar: returns the files it holds and their bytes. */
async function pullTarLayer(repository: string, layer: Manifest["layers"][number], login?: OrasLogin): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(cacheDir(), "pulled-"));
  try {
    await oras(["blob", "fetch", "--output", join(dir, "layer.tar.gz"), `${repository}@${layer.digest}`], { login });
    const blob = await readFile(join(dir, "layer.tar.gz"));
    assert.equal(`sha256:${sha256Hex(blob)}`, layer.digest);
    assert.equal(blob.length, layer.size);
    const listing = spawnSync("tar", ["-tzvf", join(dir, "layer.tar.gz")], { encoding: "utf8" });
    assert.equal(listing.status, 0, listing.stderr);
    const unpacked = join(dir, "files");
    await rm(unpacked, { recursive: true, force: true });
    spawnSync("mkdir", [unpacked]);
    const untar = spawnSync("tar", ["-xzf", join(dir, "layer.tar.gz"), "-C", unpacked], { encoding: "utf8" });
    assert.equal(untar.status, 0, untar.stderr);
    const files = new Map<string, Buffer>();
    for (const name of await readdir(unpacked)) files.set(name, await readFile(join(unpacked, name)));
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("push: OCI images in a real registry, pulled back with oras", () => {
  let built: Buffer;
  const registries: TestRegistry[] = [];
  const start = async (...args: Parameters<typeof startRegistry>) => {
    const registry = await startRegistry(...args);
    registries.push(registry);
    return registry;
  };
  before(async () => {
    built = await readFile(wasmPath("ratelimit"));
  });
  after(async () => {
    await Promise.all(registries.map((registry) => registry.stop()));
  });

  it("open registry: the oci and docker layouts hold one tar+gzip layer with exactly plugin.wasm", async () => {
    const registry = await start({ kind: "none" });
    for (const [format, manifestType, layerType] of [
      ["oci", MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociLayer],
      ["docker", MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerLayer],
    ] as const) {
      const repository = `${registry.host}/filters/ratelimit`;
      const pushed = parsePush(await runCli(["push", "ratelimit", `oci://${repository}:${format}`, "--format", format]));
      assert.equal(pushed.moduleSha256, sha256Hex(built));
      const manifest = await fetchManifest(`${repository}:${format}`, pushed.digest);
      assert.equal(manifest.mediaType, manifestType);
      assert.deepEqual(manifest.layers.map((layer) => layer.mediaType), [layerType], "exactly one tar+gzip layer");
      const files = await pullTarLayer(repository, manifest.layers[0]);
      assert.deepEqual([...files.keys()], ["plugin.wasm"]);
      assert.ok(files.get("plugin.wasm")!.equals(built), "the layer's plugin.wasm is byte for byte the built module");
    }
  });

  it("open registry: the Wasm artifact layout has exactly two layers, the raw module and its runtime config", async () => {
    const registry = await start({ kind: "none" });
    const reference = `${registry.host}/filters/ratelimit:wasm`;
    const pushed = parsePush(await runCli(["push", "ratelimit", `oci://${reference}`, "--format", "wasm"]));
    const manifest = await fetchManifest(reference, pushed.digest);
    assert.equal(manifest.config.mediaType, MEDIA_TYPES.wasmConfig);
    assert.deepEqual(manifest.layers.map((layer) => layer.mediaType).sort(), [MEDIA_TYPES.wasmConfig, MEDIA_TYPES.wasmLayer].sort());
    const dir = await mkdtemp(join(cacheDir(), "pulled-"));
    try {
      await oras(["pull", "--output", dir, reference]);
      assert.ok((await readFile(join(dir, "plugin.wasm"))).equals(built));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the same module pushed twice gives the same digest, and blobs the registry has are not uploaded again", async () => {
    const registry = await start({ kind: "none" });
    const first = await runCli(["push", "ratelimit", `oci://${registry.host}/filters/ratelimit:a`]);
    const second = await runCli(["push", "ratelimit", `oci://${registry.host}/filters/ratelimit:b`]);
    assert.equal(parsePush(first).digest, parsePush(second).digest);
    assert.match(first.stderr, /uploaded application\/vnd\.oci\.image\.layer\.v1\.tar\+gzip/);
    assert.match(second.stderr, /exists +application\/vnd\.oci\.image\.layer\.v1\.tar\+gzip/);
  });

  it("htpasswd basic auth: credentials from OCI_USERNAME/OCI_PASSWORD or the Docker config file; wrong or none are refused", async () => {
    const registry = await start({ kind: "htpasswd", ...LOGIN });
    const repository = `${registry.host}/filters/ratelimit`;
    const pushed = parsePush(await runCli(["push", "ratelimit", `oci://${repository}:env`], LOGIN_ENV));
    const manifest = await fetchManifest(`${repository}:env`, pushed.digest, LOGIN);
    assert.ok((await pullTarLayer(repository, manifest.layers[0], LOGIN)).get("plugin.wasm")!.equals(built));

    const dockerConfig = await mkdtemp(join(cacheDir(), "docker-config-"));
    try {
      const auth = Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString("base64");
      await writeFile(join(dockerConfig, "config.json"), JSON.stringify({ auths: { [registry.host]: { auth } } }));
      const fromFile = await runCli(["push", "ratelimit", `oci://${repository}:docker-config`], { DOCKER_CONFIG: dockerConfig });
      assert.equal(parsePush(fromFile).digest, pushed.digest);
      assert.match(fromFile.stderr, /config\.json \(auths\./);
    } finally {
      await rm(dockerConfig, { recursive: true, force: true });
    }

    const wrong = await runCli(["push", "ratelimit", `oci://${repository}:wrong`], { OCI_USERNAME: LOGIN.username, OCI_PASSWORD: "nope" });
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /refused the credentials from OCI_USERNAME\/OCI_PASSWORD .*\(401\)/);
    const none = await runCli(["push", "ratelimit", `oci://${repository}:none`], { DOCKER_CONFIG: join(cacheDir(), "no-docker-config") });
    assert.equal(none.status, 1);
    assert.match(none.stderr, /wants credentials: set OCI_USERNAME and OCI_PASSWORD/);
  });

  it("bearer-token flow: push gets a token from the token service the registry names; oras pulls with the same login", async () => {
    const registry = await start({ kind: "token", ...LOGIN });
    const repository = `${registry.host}/filters/ratelimit`;
    const pushed = parsePush(await runCli(["push", "ratelimit", `oci://${repository}:token`], LOGIN_ENV));
    assert.ok(registry.tokensIssued() >= 1, "the token service issued a token");
    const manifest = await fetchManifest(`${repository}:token`, pushed.digest, LOGIN);
    assert.ok((await pullTarLayer(repository, manifest.layers[0], LOGIN)).get("plugin.wasm")!.equals(built));
    const wrong = await runCli(["push", "ratelimit", `oci://${repository}:wrong`], { OCI_USERNAME: LOGIN.username, OCI_PASSWORD: "nope" });
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /token service .* refused the credentials from OCI_USERNAME\/OCI_PASSWORD \(401\)/);
  });

  it("the pulled plugin.wasm serves traffic in Envoy, configured by `envoy --bootstrap`: the third request is limited", async () => {
    const registry = await start({ kind: "none" });
    const reference = `${registry.host}/filters/ratelimit:serve`;
    const pushed = parsePush(await runCli(["push", "ratelimit", `oci://${reference}`]));
    const manifest = await fetchManifest(reference, pushed.digest);
    const work = await mkdtemp(join(cacheDir(), "publish-envoy-"));
    const echo = await startHttpEcho("echo");
    let envoy: Envoy | undefined;
    try {
      const pulled = join(work, "plugin.wasm");
      await writeFile(pulled, (await pullTarLayer(`${registry.host}/filters/ratelimit`, manifest.layers[0])).get("plugin.wasm")!);
      await writeFile(join(work, "config.json"), JSON.stringify({ rules: [{ name: "pulled", limit: { requests: 2, per: "hour" } }] }));
      const bootstrap = await runCli(["envoy", "ratelimit", "--config", join(work, "config.json"), "--wasm", pulled, "--bootstrap", "--upstream", `127.0.0.1:${echo.port}`, "--address", "127.0.0.1", "--port", "0", "--admin-port", "0"]);
      assert.equal(bootstrap.status, 0, bootstrap.stderr);
      assert.match(bootstrap.stdout, new RegExp(`filename: ${pulled.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
      await writeFile(join(work, "envoy.yaml"), bootstrap.stdout);
      envoy = await Envoy.start({ name: "publish", template: relative(join(projectRoot(), "envoy-configs"), join(work, "envoy.yaml")), vars: {} });
      const answers = await sequentially(`${await envoy.url("http")}/pulled`, 3);
      assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 429]);
      assert.equal(await envoy.admin.stat("wasmcustom.ratelimit.rule.pulled.limited"), 1);
      assert.equal(wasmVmFailure(envoy.log()), undefined);
    } finally {
      await envoy?.stop();
      await echo.close();
      await rm(work, { recursive: true, force: true });
    }
  });

  it("the Wasm artifact's module pulled by oras runs as a network filter in Envoy, configured by `envoy conformance-tcp --bootstrap`", async () => {
    const registry = await start({ kind: "none" });
    const reference = `${registry.host}/filters/conformance:tcp`;
    const pushed = parsePush(await runCli(["push", "conformance-tcp", `oci://${reference}`, "--format", "wasm"]));
    await fetchManifest(reference, pushed.digest);
    const work = await mkdtemp(join(cacheDir(), "publish-envoy-"));
    const tcpEcho = await startTcpEcho();
    let envoy: Envoy | undefined;
    try {
      await oras(["pull", "--output", work, reference]);
      const pulled = join(work, "plugin.wasm");
      assert.ok((await readFile(pulled)).equals(await readFile(wasmPath("conformance"))));
      await writeFile(join(work, "config.json"), JSON.stringify({ mode: "tcp" }));
      const bootstrap = await runCli(["envoy", "conformance-tcp", "--config", join(work, "config.json"), "--wasm", pulled, "--bootstrap", "--upstream", `127.0.0.1:${tcpEcho.port}`, "--address", "127.0.0.1", "--port", "0", "--admin-port", "0"]);
      assert.equal(bootstrap.status, 0, bootstrap.stderr);
      await writeFile(join(work, "envoy.yaml"), bootstrap.stdout);
      envoy = await Envoy.start({ name: "publish-tcp", template: relative(join(projectRoot(), "envoy-configs"), join(work, "envoy.yaml")), vars: {} });
      const { port } = await envoy.listener("tcp");
      const received = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.write("hello world"));
        let data = "";
        socket.on("data", (chunk) => {
          data += chunk.toString();
          if (data.includes("|wasm")) {
            socket.destroy();
            resolve(data);
          }
        });
        socket.once("error", reject);
      });
      // The conformance network filter upper-cases a prefix on the way in and tags the answer on the way out.
      assert.equal(received, "HELLO world|wasm");
      assert.equal(wasmVmFailure(envoy.log()), undefined);
    } finally {
      await envoy?.stop();
      await tcpEcho.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
