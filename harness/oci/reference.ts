// Image references as users write them for Istio (`oci://registry.example:5000/filters/ratelimit:1.0`), split into
// what the distribution API needs: the registry's base URL, the repository and the tag.
import { UsageError } from "../usage_error.js";

export interface ImageReference {
  /** As written in a docker config file and in registry scopes: `host[:port]`. */
  registry: string;
  /** `http://` for loopback (or when asked), `https://` otherwise. */
  baseUrl: string;
  repository: string;
  tag: string;
}

const DOCKER_HUB = "docker.io";
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export function isLoopback(registry: string): boolean {
  const host = registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.split(":")[0];
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses `oci://host[:port]/repo[:tag]` (the `oci://` prefix is optional; the tag defaults to `latest`). */
export function parseImageReference(text: string, { plainHttp = false } = {}): ImageReference {
  const bare = text.replace(/^oci:\/\//, "");
  if (bare.includes("@")) throw new UsageError(`${text}: push needs a tag, not a digest (the digest is what push prints)`);
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
  return { registry, baseUrl: `${scheme}://${apiHost}`, repository, tag };
}

export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}:${ref.tag}`;
}
