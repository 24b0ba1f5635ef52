// `push`: a filter's built module as an image Istio can pull, uploaded blob by blob, then the manifest.
import { readFile } from "node:fs/promises";
import { findCredentials } from "./credentials.js";
import { buildImage, type Image, type ImageFormat } from "./image.js";
import { formatReference, parseImageReference, pinnedReference } from "./reference.js";
import { RegistryClient } from "./registry_client.js";
import { UsageError } from "../usage_error.js";

export interface PushOptions {
  wasmPath: string;
  filter: string;
  rootId: string;
  reference: string;
  format: ImageFormat;
  plainHttp?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface PushResult {
  /** `registry/repo:tag`, without the oci:// scheme. */
  reference: string;
  /** `sha256:...` of the manifest: its hex is the WasmPlugin `sha256` for this image. */
  digest: string;
  /** `registry/repo@sha256:...`. */
  pinned: string;
  /** sha256 hex of plugin.wasm itself. */
  moduleSha256: string;
  image: Image;
}

export async function pushImage({ wasmPath, filter, rootId, reference, format, plainHttp = false, env = process.env, log = () => {} }: PushOptions): Promise<PushResult> {
  if (reference.includes("@")) throw new UsageError(`${reference}: push needs a tag, not a digest (the digest is what push prints)`);
  const ref = parseImageReference(reference, { plainHttp });
  const image = buildImage(format, { filter, rootId, wasm: await readFile(wasmPath) });
  const credentials = findCredentials(ref.registry, env);
  log(`pushing ${formatReference(ref)} (${format} layout) to ${ref.baseUrl}${credentials ? ` as ${credentials.username} (${credentials.source})` : ""}`);
  const client = new RegistryClient(ref, credentials, "push", log);
  for (const blob of image.blobs) {
    const outcome = await client.pushBlob(blob);
    log(`  ${outcome === "exists" ? "exists  " : "uploaded"} ${blob.mediaType} ${blob.digest} (${blob.size} bytes)`);
  }
  const digest = await client.putManifest(image.manifestMediaType, image.manifest, image.digest);
  log(`  manifest ${image.manifestMediaType} ${digest}`);
  return { reference: formatReference(ref), digest, pinned: pinnedReference(ref, digest), moduleSha256: image.moduleSha256, image };
}
