// Where a WasmPlugin (or EnvoyFilter) fetches its module from, and the checksum Istio checks it against. Istio's agent
// (istio.io/istio pkg/wasm, LocalFileCache) compares the `sha256` with what it fetched: for an oci:// image, the
// image's manifest digest (ImageFetcher.PrepareFetch), never the sha256 of plugin.wasm inside it; for an http(s)://
// URL, the sha256 of the downloaded module. A reference pinned as `repo@sha256:<digest>` needs no sha256: the
// registry client verifies the manifest it gets against the digest it asked for.
import { readFileSync } from "node:fs";
import { findCredentials } from "../oci/credentials.js";
import { sha256Hex } from "../oci/image.js";
import { formatReference, parseImageReference, pinnedReference } from "../oci/reference.js";
import { RegistryClient } from "../oci/registry_client.js";
import { UsageError } from "../usage_error.js";

export interface ModuleSourceOptions {
  /** `oci://registry/repo:tag`, `oci://registry/repo@sha256:…`, an http(s):// URL or a file:// path. */
  image: string;
  /** The checksum the user gave (`--sha256`), checked against what Istio will compute. */
  sha256?: string;
  /** Write the oci:// image pinned by its digest instead of by its tag. */
  pin?: boolean;
  plainHttp?: boolean;
  /** The module built here, whose sha256 stands in for an http(s):// module's when none is given. */
  builtModule?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface ModuleSource {
  url: string;
  sha256?: string;
}

const HEX_DIGEST = /^[a-f0-9]{64}$/;

export async function moduleSource({ image, sha256, pin = false, plainHttp = false, builtModule, env = process.env, log = () => {} }: ModuleSourceOptions): Promise<ModuleSource> {
  if (sha256 !== undefined && !HEX_DIGEST.test(sha256)) throw new UsageError(`--sha256 ${sha256}: expected 64 lower-case hex digits (a digest without its "sha256:" prefix)`);
  if (image.startsWith("oci://")) return ociSource(image, sha256, pin, plainHttp, env, log);
  if (pin) throw new UsageError(`--pin pins an oci:// image by its digest; ${image} is not one`);
  if (!/^https?:\/\//.test(image) || sha256 !== undefined) return { url: image, sha256 };
  // http(s)://: Istio hashes the module it downloads.
  try {
    const digest = sha256Hex(readFileSync(builtModule ?? ""));
    log(`sha256 of ${builtModule}: ${digest} (pass --sha256 when ${image} serves another build)`);
    return { url: image, sha256: digest };
  } catch {
    log(`no ${builtModule} and no --sha256: the manifest carries no sha256, so Istio will not check the module`);
    return { url: image };
  }
}

async function ociSource(image: string, given: string | undefined, pin: boolean, plainHttp: boolean, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<ModuleSource> {
  const ref = parseImageReference(image, { plainHttp });
  if (ref.digest) {
    if (given !== undefined && `sha256:${given}` !== ref.digest) {
      throw new UsageError(`--sha256 ${given} does not match the digest ${image} is pinned to (${ref.digest}): Istio checks the manifest digest; drop --sha256`);
    }
    log(`${formatReference(ref)} is pinned by its digest: Istio needs no sha256 for it`);
    return { url: image };
  }
  const credentials = findCredentials(ref.registry, env);
  const digest = await new RegistryClient(ref, credentials, "pull", log).manifestDigest();
  const hex = digest.slice("sha256:".length);
  if (given !== undefined && given !== hex) {
    throw new UsageError(
      `--sha256 ${given} is not what Istio will find: ${formatReference(ref)} points at the manifest digest ${digest} (asked of ${ref.baseUrl}), ` +
        `and for an oci:// image Istio compares the sha256 with the manifest digest (push prints it), not with plugin.wasm's sha256`,
    );
  }
  log(`${formatReference(ref)}: manifest digest ${digest} (from ${ref.baseUrl})`);
  return pin ? { url: `oci://${pinnedReference(ref, digest)}` } : { url: image, sha256: hex };
}
