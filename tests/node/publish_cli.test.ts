// The envoy-wasm-as CLI as a user meets it: --help on every verb, errors that say what to do, `validate` printing
// each error at its JSON path (the same field the filter's own configure-time check names), `envoy` snippets, and
// the pieces of `push` that need no registry: image references, auth challenges, credentials, the layer archive.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { load as parseYaml } from "js-yaml";
import { COMMANDS } from "../../harness/commands/index.js";
import { validateConfig } from "../../harness/config_validation.js";
import { FILTERS, findFilter } from "../../harness/filters.js";
import { findCredentials } from "../../harness/oci/credentials.js";
import { buildImage, MEDIA_TYPES, sha256Hex, tarOneFile } from "../../harness/oci/image.js";
import { formatReference, parseImageReference } from "../../harness/oci/reference.js";
import { parseChallenge } from "../../harness/oci/registry_client.js";
import { cacheDir } from "../../harness/paths.js";
import { freeLoopbackPort } from "../../harness/peers/local_process.js";
import { DEFAULT_CONFORMANCE_CONFIGS } from "../../harness/scenarios/conformance.js";
import * as authCases from "../shared/auth_config_cases.js";
import * as ratelimitCases from "../shared/ratelimit_config_cases.js";
import * as routeMetaCases from "../shared/route_meta_config_cases.js";
import { runCli } from "../shared/publish_cli.js";

const VERBS = ["build", "run", "test", "compat", "bench", "validate", "push", "istio", "envoy", "provision"];

describe("envoy-wasm-as CLI", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(cacheDir(), "cli-test-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("every verb answers --help with its usage; no verb lists them all; an unknown verb is exit 2 naming the choices", async () => {
    assert.deepEqual(COMMANDS.map((command) => command.name), VERBS);
    for (const command of COMMANDS) {
      const printed: string[] = [];
      const log = console.log;
      console.log = (line: string) => printed.push(line);
      try {
        await command.run(["--help"]);
      } finally {
        console.log = log;
      }
      assert.match(printed.join("\n"), new RegExp(`^usage: envoy-wasm-as ${command.name}`));
    }
    const help = await runCli(["istio", "--help"]);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^usage: envoy-wasm-as istio FILTER --config FILE --image oci:/);
    const none = await runCli([]);
    assert.equal(none.status, 2);
    for (const verb of VERBS) assert.match(none.stdout, new RegExp(`^  ${verb} `, "m"));
    const unknown = await runCli(["deploy"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^error: unknown command "deploy": choose one of build, run, test, compat, bench, validate, push, istio, envoy/);
    const badOption = await runCli(["push", "ratelimit", "oci://localhost:5000/a:b", "--colour"]);
    assert.equal(badOption.status, 2);
    assert.match(badOption.stderr, /Unknown option '--colour'.*see `envoy-wasm-as push --help`/);
  });

  for (const [name, cases] of [["auth", authCases], ["ratelimit", ratelimitCases], ["route-meta", routeMetaCases]] as const) {
    it(`validate: the filter's own rejections and the schema's name the same field (${name}'s shared table)`, () => {
      const entry = findFilter(name);
      for (const [label, config] of cases.VALID_CONFIGS) assert.deepEqual(validateConfig(entry, config), [], label);
      let compared = 0;
      for (const { config, message, filterOnly } of cases.INVALID_CONFIGS) {
        if (filterOnly || typeof config === "string") continue;
        const field = /field '([^']+)'/.exec(message)?.[1];
        assert.ok(field, message);
        const lines = validateConfig(entry, config);
        const paths = lines.map((line) => line.slice(0, line.indexOf(": ")));
        // The same field or a value inside it; for rules between fields ("overrides needs by", "same_site None needs
        // secure") the object holding them or the other field in it.
        const path = `$.${field}`;
        const parent = (of: string) => of.slice(0, Math.max(of.lastIndexOf("."), of.lastIndexOf("[")));
        const inside = (at: string, outer: string) => at === outer || at.startsWith(`${outer}.`) || at.startsWith(`${outer}[`);
        const agrees = paths.some((at) => inside(at, path) || inside(path, at) || parent(at) === parent(path));
        assert.ok(agrees, `${message}\nschema said:\n${lines.join("\n")}`);
        compared++;
      }
      assert.ok(compared >= 10, `compared ${compared} cases`);
    });
  }

  it("validate: conformance configurations (HTTP and network) and the ones Envoy rejects", () => {
    for (const name of ["conformance", "conformance-tcp"]) {
      const entry = findFilter(name);
      assert.deepEqual(validateConfig(entry, DEFAULT_CONFORMANCE_CONFIGS.http), []);
      assert.deepEqual(validateConfig(entry, DEFAULT_CONFORMANCE_CONFIGS.tcp), []);
      assert.deepEqual(validateConfig(entry, { mode: "http", tick_period_ms: "fast" }), ["$.tick_period_ms: must be integer"]);
      assert.deepEqual(validateConfig(entry, { mode: "http", colour: "red" }), ["$.colour: unknown property"]);
    }
  });

  it("validate FILE: JSON or YAML; each error on its own line with the file and JSON path; exit 1 when invalid, 2 when unreadable", async () => {
    await writeFile(join(dir, "good.yaml"), "rules:\n  - name: api\n    limit: { requests: 10, per: minute }\n");
    await writeFile(join(dir, "bad.json"), JSON.stringify({ rules: [{ name: "api", limit: { requests: 0, per: "day" }, colour: 1 }] }));
    await writeFile(join(dir, "broken.json"), "{not json");
    const good = await runCli(["validate", "ratelimit", join(dir, "good.yaml")]);
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stdout, `${join(dir, "good.yaml")}: valid ratelimit configuration\n`);
    const bad = await runCli(["validate", "ratelimit", join(dir, "bad.json")]);
    assert.equal(bad.status, 1);
    assert.deepEqual(bad.stdout.trim().split("\n").map((line) => line.slice(join(dir, "bad.json").length + 2)).sort(), [
      "$.rules[0].colour: unknown property",
      '$.rules[0].limit.per: must be equal to one of the allowed values ("second", "minute", "hour")',
      "$.rules[0].limit.requests: must be >= 1",
    ]);
    const broken = await runCli(["validate", "ratelimit", join(dir, "broken.json")]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /broken\.json is not valid JSON/);
    const missing = await runCli(["validate", "ratelimit", join(dir, "absent.json")]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*absent\.json: ENOENT/);
    const unknownFilter = await runCli(["validate", "ratelimt", join(dir, "good.yaml")]);
    assert.equal(unknownFilter.status, 2);
    assert.match(unknownFilter.stderr, new RegExp(`unknown filter "ratelimt": choose one of ${FILTERS.map((filter) => filter.name).join(", ")}`));
  });

  it("envoy: an HTTP filter entry and a network filter entry with the module, root id, configuration and failure policy", async () => {
    await writeFile(join(dir, "tcp.json"), JSON.stringify(DEFAULT_CONFORMANCE_CONFIGS.tcp));
    const result = await runCli(["envoy", "conformance-tcp", "--config", join(dir, "tcp.json"), "--wasm", "/srv/conformance.wasm", "--fail-strategy", "FAIL_OPEN"]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(parseYaml(result.stdout), [
      {
        name: "conformance-tcp",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm",
          config: {
            name: "conformance-tcp",
            root_id: "conformance",
            vm_config: { vm_id: "conformance-tcp", runtime: "envoy.wasm.runtime.v8", code: { local: { filename: "/srv/conformance.wasm" } } },
            configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: '{"mode":"tcp"}' },
            failure_policy: "FAIL_OPEN",
          },
        },
      },
    ]);
    // Without --fail-strategy, the filter's own default (harness/filters.ts): conformance-tcp's is Envoy's FAIL_CLOSED.
    const byDefault = await runCli(["envoy", "conformance-tcp", "--config", join(dir, "tcp.json"), "--wasm", "/srv/conformance.wasm"]);
    assert.equal(byDefault.status, 0, byDefault.stderr);
    assert.equal((parseYaml(byDefault.stdout) as { typed_config: { config: { failure_policy: string } } }[])[0].typed_config.config.failure_policy, "FAIL_CLOSED");
    const noUpstream = await runCli(["envoy", "conformance-tcp", "--config", join(dir, "tcp.json"), "--wasm", "/srv/c.wasm", "--bootstrap"]);
    assert.equal(noUpstream.status, 2);
    assert.match(noUpstream.stderr, /envoy --bootstrap needs --upstream/);
  });

  it("push: a bad reference, an unreachable registry and a missing module are errors that say what to do", async () => {
    const badRef = await runCli(["push", "ratelimit", "oci://localhost:5000/Filters/RateLimit:1"]);
    assert.equal(badRef.status, 2);
    assert.match(badRef.stderr, /"Filters\/RateLimit" is not a repository name/);
    const digestRef = await runCli(["push", "ratelimit", "oci://localhost:5000/filters/ratelimit@sha256:abc"]);
    assert.match(digestRef.stderr, /push needs a tag, not a digest/);
    const port = await freeLoopbackPort();
    const closed = await runCli(["push", "ratelimit", `oci://127.0.0.1:${port}/filters/ratelimit:1`, "--wasm", join(dir, "tcp.json")]);
    assert.equal(closed.status, 1);
    assert.match(closed.stderr, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): check the registry address and that it is running`));
    const noModule = await runCli(["push", "ratelimit", "oci://127.0.0.1:1/filters/ratelimit:1", "--wasm", join(dir, "absent.wasm")]);
    assert.equal(noModule.status, 2);
    assert.match(noModule.stderr, /^error: --wasm .*absent\.wasm: no such file$/m);
  });

  it("image references: loopback is plain HTTP, other hosts HTTPS; Docker Hub names get their library/ prefix; digests pin", () => {
    assert.deepEqual(parseImageReference("oci://127.0.0.1:5000/filters/ratelimit:1.0"), { registry: "127.0.0.1:5000", baseUrl: "http://127.0.0.1:5000", repository: "filters/ratelimit", tag: "1.0" });
    assert.deepEqual(parseImageReference("localhost/a"), { registry: "localhost", baseUrl: "http://localhost", repository: "a", tag: "latest" });
    assert.deepEqual(parseImageReference("oci://ghcr.io/org/filters/auth:v2"), { registry: "ghcr.io", baseUrl: "https://ghcr.io", repository: "org/filters/auth", tag: "v2" });
    assert.equal(parseImageReference("oci://registry.lan:5000/a:b", { plainHttp: true }).baseUrl, "http://registry.lan:5000");
    assert.deepEqual(parseImageReference("ratelimit:1"), { registry: "docker.io", baseUrl: "https://registry-1.docker.io", repository: "library/ratelimit", tag: "1" });
    const digest = `sha256:${"0f".repeat(32)}`;
    assert.deepEqual(parseImageReference(`oci://127.0.0.1:5000/filters/auth@${digest}`), { registry: "127.0.0.1:5000", baseUrl: "http://127.0.0.1:5000", repository: "filters/auth", tag: "latest", digest });
    assert.equal(formatReference(parseImageReference(`oci://ghcr.io/org/auth:v2@${digest}`)), `ghcr.io/org/auth@${digest}`);
    assert.throws(() => parseImageReference("oci://ghcr.io/org/auth@sha256:abc"), /"sha256:abc" is not a digest/);
  });

  it("auth challenges: Basic and Bearer with quoted parameters", () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"'), {
      scheme: "bearer",
      params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:a/b:pull,push" },
    });
    assert.deepEqual(parseChallenge('Basic realm="Registry Realm"'), { scheme: "basic", params: { realm: "Registry Realm" } });
  });

  it("credentials: environment first, then the Docker config file's auths (by host or URL key); half-set variables are an error", async () => {
    const config = join(dir, "docker");
    await rm(config, { recursive: true, force: true });
    await writeFile(join(dir, "placeholder"), "");
    spawnSync("mkdir", ["-p", config]);
    const auth = Buffer.from("alice:pa:ss").toString("base64");
    await writeFile(join(config, "config.json"), JSON.stringify({ auths: { "https://registry.example": { auth }, "other.example": { username: "bob", password: "pw" } } }));
    const env = { DOCKER_CONFIG: config };
    assert.deepEqual(findCredentials("registry.example", env), { username: "alice", password: "pa:ss", source: `${join(config, "config.json")} (auths.https://registry.example)` });
    assert.equal(findCredentials("other.example", env)?.username, "bob");
    assert.equal(findCredentials("unknown.example", env), undefined);
    assert.equal(findCredentials("registry.example", { ...env, OCI_USERNAME: "carol", OCI_PASSWORD: "x" })?.username, "carol");
    assert.throws(() => findCredentials("registry.example", { ...env, OCI_USERNAME: "carol" }), /set both OCI_USERNAME and OCI_PASSWORD/);

    // A credential helper answers `get` with the registry on stdin, as docker-credential-* helpers do.
    const helperDir = join(dir, "helpers");
    spawnSync("mkdir", ["-p", helperDir]);
    await writeFile(join(helperDir, "docker-credential-fake"), '#!/bin/sh\nread host\n[ "$1" = get ] && [ "$host" = helped.example ] && echo \'{"Username":"dora","Secret":"from-helper"}\' && exit 0\necho "credentials not found in native keychain"; exit 1\n', { mode: 0o755 });
    await writeFile(join(config, "config.json"), JSON.stringify({ credHelpers: { "helped.example": "fake" }, auths: {} }));
    const withHelper = { DOCKER_CONFIG: config, PATH: `${helperDir}:${process.env.PATH}` };
    assert.deepEqual(findCredentials("helped.example", withHelper), { username: "dora", password: "from-helper", source: "docker-credential-fake" });
    assert.equal(findCredentials("other.example", withHelper), undefined);
  });

  it("images: a deterministic ustar layer that tar lists as exactly plugin.wasm; the manifests name the right media types", async () => {
    const module = Buffer.from("\0asm\x01\0\0\0 not really a module, 600 bytes: ".padEnd(600, "x"));
    const tar = tarOneFile("plugin.wasm", module);
    await writeFile(join(dir, "layer.tar"), tar);
    const listing = spawnSync("tar", ["-tvf", join(dir, "layer.tar")], { encoding: "utf8" });
    assert.equal(listing.status, 0, listing.stderr);
    assert.match(listing.stdout.trim(), /^-rw-r--r-- 0\/0 +600 1970-01-01 00:00 plugin\.wasm$/);
    spawnSync("tar", ["-xf", join(dir, "layer.tar"), "-C", dir]);
    assert.ok((await readFile(join(dir, "plugin.wasm"))).equals(module));
    const source = { filter: "ratelimit", rootId: "ratelimit", wasm: module };
    assert.equal(buildImage("oci", source).digest, buildImage("oci", source).digest);
    const media = (format: "oci" | "docker" | "wasm") => {
      const image = buildImage(format, source);
      const manifest = JSON.parse(image.manifest.toString()) as { mediaType: string; config: { mediaType: string }; layers: { mediaType: string }[] };
      assert.equal(image.moduleSha256, sha256Hex(module));
      return [manifest.mediaType, manifest.config.mediaType, ...manifest.layers.map((layer) => layer.mediaType)];
    };
    assert.deepEqual(media("oci"), [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociConfig, MEDIA_TYPES.ociLayer]);
    assert.deepEqual(media("docker"), [MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerConfig, MEDIA_TYPES.dockerLayer]);
    assert.deepEqual(media("wasm"), [MEDIA_TYPES.ociManifest, MEDIA_TYPES.wasmConfig, MEDIA_TYPES.wasmLayer, MEDIA_TYPES.wasmConfig]);
  });
});
