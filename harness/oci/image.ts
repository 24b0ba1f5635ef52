// The images Istio's image fetcher accepts (istio/istio pkg/wasm/imagefetcher.go, ../shared/reference/peers.md §0.2):
// one tar+gzip layer holding plugin.wasm with Docker or OCI media types, or the two-layer Wasm artifact. Never a single
// raw-wasm layer, which Istio rejects. Every byte is deterministic, so the same module always gives the same digest.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

export type ImageFormat = "oci" | "docker" | "wasm";
export const IMAGE_FORMATS: readonly ImageFormat[] = ["oci", "docker", "wasm"];

export const MEDIA_TYPES = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar+gzip",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  wasmConfig: "application/vnd.module.wasm.config.v1+json",
  wasmLayer: "application/vnd.module.wasm.content.layer.v1+wasm",
} as const;

/** The file name Istio looks for in a tar+gzip layer. */
export const PLUGIN_FILE = "plugin.wasm";

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  data: Buffer;
  annotations?: Record<string, string>;
}

export interface Image {
  format: ImageFormat;
  manifestMediaType: string;
  manifest: Buffer;
  /** `sha256:...` of the manifest bytes: what the registry stores the image under, and what Istio checks a
   * WasmPlugin's `sha256` against for an oci:// image. */
  digest: string;
  /** Config first, then the layers, in upload order. */
  blobs: Blob[];
  /** sha256 hex of plugin.wasm: what Istio checks for a module served over http(s)://, never for an oci:// image. */
  moduleSha256: string;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function blob(mediaType: string, data: Buffer, annotations?: Record<string, string>): Blob {
  return { mediaType, digest: `sha256:${sha256Hex(data)}`, size: data.length, data, ...(annotations ? { annotations } : {}) };
}

function descriptor({ mediaType, digest, size, annotations }: Blob) {
  return { mediaType, digest, size, ...(annotations ? { annotations } : {}) };
}

/** A POSIX ustar archive with one regular file (mode 0644, owner 0, mtime 0). */
export function tarOneFile(name: string, content: Uint8Array): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, "ascii");
  const octal = (offset: number, length: number, value: number) => field(offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, content.length);
  octal(136, 12, 0);
  field(148, 8, "        ");
  field(156, 1, "0");
  field(257, 8, "ustar\u000000");
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

/** The image config of the tar+gzip variants: a container image config with the layer's uncompressed digest. */
function imageConfig(tar: Buffer, filter: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: "wasm",
      os: "wasi",
      config: { Labels: { "org.opencontainers.image.title": filter } },
      rootfs: { type: "layers", diff_ids: [`sha256:${sha256Hex(tar)}`] },
    }),
  );
}

/** The Wasm artifact's runtime config (solo-io Wasm image spec): the ABI and the root ids the module registers. */
function wasmRuntimeConfig(rootId: string): Buffer {
  return Buffer.from(JSON.stringify({ type: "envoy_proxy", abiVersions: ["proxy_abi_version_0_2_1"], config: { rootIds: [rootId] } }));
}

export interface ImageSource {
  /** The filter's name, recorded in labels and annotations. */
  filter: string;
  rootId: string;
  wasm: Buffer;
}

export function buildImage(format: ImageFormat, { filter, rootId, wasm }: ImageSource): Image {
  let manifestMediaType: string;
  let config: Blob;
  let layers: Blob[];
  if (format === "wasm") {
    manifestMediaType = MEDIA_TYPES.ociManifest;
    const runtime = wasmRuntimeConfig(rootId);
    config = blob(MEDIA_TYPES.wasmConfig, runtime);
    // Exactly two layers: Istio's artifact parser requires it ("number of layers must be 2").
    layers = [blob(MEDIA_TYPES.wasmLayer, wasm, { "org.opencontainers.image.title": PLUGIN_FILE }), blob(MEDIA_TYPES.wasmConfig, runtime, { "org.opencontainers.image.title": "runtime-config.json" })];
  } else {
    const tar = tarOneFile(PLUGIN_FILE, wasm);
    const docker = format === "docker";
    manifestMediaType = docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
    config = blob(docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig, imageConfig(tar, filter));
    layers = [blob(docker ? MEDIA_TYPES.dockerLayer : MEDIA_TYPES.ociLayer, gzipSync(tar, { level: 9 }))];
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: descriptor(config),
      layers: layers.map(descriptor),
      ...(manifestMediaType === MEDIA_TYPES.ociManifest ? { annotations: { "org.opencontainers.image.title": filter } } : {}),
    }),
  );
  return { format, manifestMediaType, manifest, digest: `sha256:${sha256Hex(manifest)}`, blobs: [config, ...layers], moduleSha256: sha256Hex(wasm) };
}
