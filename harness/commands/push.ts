import { existsSync } from "node:fs";
import { builtWasm, FILTERS, findFilter } from "../filters.js";
import { IMAGE_FORMATS, type ImageFormat } from "../oci/image.js";
import { pushImage } from "../oci/push.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command, oneOf, parseCommandArgs, progress } from "./command.js";

export const pushCommand: Command = {
  name: "push",
  summary: "push a filter as an OCI image Istio pulls (oci://REGISTRY/REPO:TAG)",
  help: `usage: ${BIN} push FILTER oci://REGISTRY/REPO[:TAG] [--format oci|docker|wasm] [--wasm FILE] [--plain-http]

Pushes the filter's module (build/<target>.wasm, or --wasm FILE) as an image in a layout Istio's image fetcher
accepts, then prints the image's manifest digest, which is the WasmPlugin "sha256" for it (Istio's agent checks an
oci:// image by its manifest digest), the image pinned by that digest, and the sha256 of plugin.wasm itself (what
Istio checks only for a module served over http(s)://). \`${BIN} istio\` writes the right one for you.

  --format oci      (default) one application/vnd.oci.image.layer.v1.tar+gzip layer holding plugin.wasm
  --format docker   the same with Docker media types (application/vnd.docker.image.rootfs.diff.tar.gzip)
  --format wasm     the Wasm artifact: a raw application/vnd.module.wasm.content.layer.v1+wasm layer plus its
                    runtime config layer (exactly two layers, as Istio requires)
  --plain-http      HTTP instead of HTTPS for a registry that is not on loopback (loopback is always HTTP)

Credentials: OCI_USERNAME and OCI_PASSWORD, else the Docker config file ($DOCKER_CONFIG/config.json or
~/.docker/config.json: "auths" entries from \`docker login\`, or its credential helper). Registries that answer
with a bearer-token challenge get a token from the token service they name, with the same credentials.

filters: ${FILTERS.map((filter) => filter.name).join(", ")}

example:
  ${BIN} push ratelimit oci://localhost:5000/filters/ratelimit:0.1.0`,
  async run(args) {
    const { values, positionals } = parseCommandArgs("push", args, {
      format: { type: "string" },
      wasm: { type: "string" },
      "plain-http": { type: "boolean" },
    });
    if (values.help) return void console.log(this.help);
    const [name, reference] = positionals;
    const entry = findFilter(name);
    if (!reference) throw new UsageError(`name the image to push: ${BIN} push ${entry.name} oci://REGISTRY/REPO:TAG`);
    const format: ImageFormat = oneOf("format", values.format, IMAGE_FORMATS) ?? "oci";
    if (values.wasm !== undefined && !existsSync(values.wasm)) throw new UsageError(`--wasm ${values.wasm}: no such file`);
    const result = await pushImage({
      wasmPath: values.wasm ?? builtWasm(entry),
      filter: entry.name,
      rootId: entry.rootId,
      reference,
      format,
      plainHttp: values["plain-http"] ?? false,
      log: progress,
    });
    console.log(
      [
        `pushed: oci://${result.reference}`,
        `digest: ${result.digest}`,
        `pinned: oci://${result.pinned}`,
        `WasmPlugin sha256: ${result.digest.slice("sha256:".length)} (the manifest digest, for this oci:// image)`,
        `module sha256: ${result.moduleSha256} (plugin.wasm itself, for an http(s):// URL serving it)`,
      ].join("\n"),
    );
  },
};
