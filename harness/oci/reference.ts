// Image references as users write them for Istio (`oci://registry.example:5000/filters/ratelimit:1.0`, or pinned:
// `…/ratelimit@sha256:<hex>`), split into what the distribution API needs: the registry's base URL, the repository,
// the tag and the digest.
import { UsageError } from "../usage_error.js";

export interface ImageReference {
  /** As written in a docker config file and in registry scopes: `host[:port]`. */
  registry: string;
  /** `http://` for loopback (or when asked), `https://` otherwise. */
  baseUrl: string;
  repository: string;
  tag: string;
  /** `sha256:<hex>` when the reference is pinned (`repo@sha256:…` or `repo:tag@sha256:…`). */
  digest?: string;
}

const DOCKER_HUB = "docker.io";
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isLoopback(registry: string): boolean {
  const host = registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.split(":")[0];
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses `oci://host[:port]/repo[:tag][@sha256:hex]` (`oci://` is optional; the tag defaults to `latest`). */
export function parseImageReference(text: string, { plainHttp = false } = {}): ImageReference {
  const [bare, digest] = text.replace(/^oci:\/\//, "").split("@", 2);
  if (digest !== undefined && !DIGEST.test(digest)) throw new UsageError(`${text}: "${digest}" is not a digest (sha256: and 64 lower-case hex digits)`);
  const slash = bare.indexOf("/");
  const first = slash < 0 ? "" : bare.slice(0, slash);
  // As docker does: the first component is a registry when it looks like a host, otherwise the image is on Docker Hub.
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  const registry = hasRegistry ? first : DOCKER_HUB;
  let rest = hasRegistry ? bare.slice(slash + 1) : bare;
  let tag = "latest";
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const repository = registry === DOCKER_HUB && !rest.includes("/") ? `library/${rest}` : rest;
  if (!REPOSITORY.test(repository)) {
    throw new UsageError(`${text}: "${repository}" is not a repository name (lower-case letters, digits, . _ - and /), e.g. oci://localhost:5000/filters/ratelimit:1.0`);
  }
  if (!TAG.test(tag)) throw new UsageError(`${text}: "${tag}" is not a tag (letters, digits, . _ -, at most 128)`);
  const apiHost = registry === DOCKER_HUB ? "registry-1.docker.io" : registry;
  const scheme = plainHttp || isLoopback(registry) ? "http" : "https";
  return { registry, baseUrl: `${scheme}://${apiHost}`, repository, tag, ...(digest ? { digest } : {}) };
}

/** `registry/repo:tag`, or `registry/repo@sha256:…` when pinned. */
export function formatReference(ref: ImageReference): string {
  return ref.digest ? pinnedReference(ref, ref.digest) : `${ref.registry}/${ref.repository}:${ref.tag}`;
}

/** `registry/repo@digest`: the form a tag cannot move under. */
export function pinnedReference(ref: ImageReference, digest: string): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}
