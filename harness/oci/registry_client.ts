// The parts of the OCI distribution API (distribution-spec v1.1) push and istio need: blob existence checks,
// monolithic blob upload (POST, then PUT with the digest), manifest PUT, and the digest a tag points at (manifest
// HEAD); authentication by answering the registry's 401 challenge with Basic credentials or with a bearer token
// fetched from the token service it names (the Docker token flow).
import type { Credentials } from "./credentials.js";
import { formatReference, type ImageReference } from "./reference.js";
import { MEDIA_TYPES, sha256Hex, type Blob } from "./image.js";

/** What the client is asked to do: it names the token scope it asks for and the rights an error blames. */
export type RegistryAccess = "pull" | "push";

/** Every manifest type a registry may hold for a tag; without an Accept header some registries answer schema 1. */
const MANIFEST_ACCEPT = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest, "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"].join(", ");

/** The registry answered something other than what the protocol step expects; the message says what to check. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistryError";
  }
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"`. */
export function parseChallenge(header: string): Challenge {
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const match of (space < 0 ? "" : header.slice(space + 1)).matchAll(pattern)) {
    params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3];
  }
  return { scheme, params };
}

interface RequestOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export class RegistryClient {
  private authorization: string | undefined;

  constructor(
    readonly ref: ImageReference,
    private readonly credentials: Credentials | undefined,
    private readonly access: RegistryAccess,
    private readonly log: (line: string) => void = () => {},
  ) {}

  private url(path: string): string {
    return `${this.ref.baseUrl}/v2/${this.ref.repository}/${path}`;
  }

  /** Sends a request; on a 401 answers the challenge once and sends it again. */
  private async send(options: RequestOptions): Promise<Response> {
    let response = await this.fetchOnce(options);
    if (response.status === 401) {
      await response.arrayBuffer();
      await this.answerChallenge(response.headers.get("www-authenticate") ?? "");
      response = await this.fetchOnce(options);
      if (response.status === 401) {
        throw new RegistryError(`${this.ref.registry} refused ${this.credentialsText()} for ${this.access} ${this.access === "push" ? "to" : "from"} ${this.ref.repository} (401): check the user name, password and ${this.access} rights`);
      }
    }
    return response;
  }

  private async fetchOnce({ method, url, headers = {}, body }: RequestOptions): Promise<Response> {
    const all = { ...headers, ...(this.authorization ? { authorization: this.authorization } : {}) };
    try {
      return await fetch(url, { method, headers: all, body: body ? new Uint8Array(body) : undefined, redirect: "follow" });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const hint = this.ref.baseUrl.startsWith("https") && cause?.code === "EPROTO" ? " (is it plain HTTP? then pass --plain-http)" : "";
      throw new RegistryError(`cannot reach ${this.ref.baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message})${hint}: check the registry address and that it is running`);
    }
  }

  private credentialsText(): string {
    return this.credentials ? `the credentials from ${this.credentials.source}` : "anonymous access";
  }

  private requireCredentials(): Credentials {
    if (this.credentials) return this.credentials;
    throw new RegistryError(`${this.ref.registry} wants credentials: set OCI_USERNAME and OCI_PASSWORD, or \`docker login ${this.ref.registry}\``);
  }

  private basic({ username, password }: Credentials): string {
    return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  private async answerChallenge(header: string): Promise<void> {
    const challenge = parseChallenge(header);
    if (challenge.scheme === "basic") {
      this.authorization = this.basic(this.requireCredentials());
      return;
    }
    if (challenge.scheme !== "bearer" || !challenge.params.realm) {
      throw new RegistryError(`${this.ref.registry} answered 401 with an authentication scheme ${this.access} does not know ("${header}")`);
    }
    const tokenUrl = new URL(challenge.params.realm);
    if (challenge.params.service) tokenUrl.searchParams.set("service", challenge.params.service);
    // A push asks for push and pull at once: the challenge of a HEAD names only pull, and the upload that follows
    // needs push.
    tokenUrl.searchParams.set("scope", `repository:${this.ref.repository}:${this.access === "push" ? "pull,push" : "pull"}`);
    this.log(`authenticating with the token service ${tokenUrl.origin}${tokenUrl.pathname}`);
    let response: Response;
    try {
      response = await fetch(tokenUrl, { headers: this.credentials ? { authorization: this.basic(this.credentials) } : {} });
    } catch (error) {
      throw new RegistryError(`cannot reach the token service ${tokenUrl.origin} (${(error as Error).message}) that ${this.ref.registry} names`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError(`the token service of ${this.ref.registry} refused ${this.credentialsText()} (${response.status}): check them, or set OCI_USERNAME and OCI_PASSWORD`);
    }
    if (!response.ok) throw new RegistryError(`the token service of ${this.ref.registry} answered ${response.status}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`the token service of ${this.ref.registry} answered without a token`);
    this.authorization = `Bearer ${token}`;
  }

  async hasBlob(digest: string): Promise<boolean> {
    const response = await this.send({ method: "HEAD", url: this.url(`blobs/${digest}`) });
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw await this.unexpected(response, `HEAD blob ${digest}`);
  }

  /** Uploads a blob unless the registry has it: POST opens an upload session, PUT with ?digest= completes it. */
  async pushBlob(blob: Blob): Promise<"uploaded" | "exists"> {
    if (await this.hasBlob(blob.digest)) return "exists";
    const opened = await this.send({ method: "POST", url: this.url("blobs/uploads/") });
    if (opened.status !== 202) throw await this.unexpected(opened, "open a blob upload (POST)");
    await opened.arrayBuffer();
    const location = opened.headers.get("location");
    if (!location) throw new RegistryError(`${this.ref.registry} opened an upload without a Location header`);
    const target = new URL(location, this.ref.baseUrl);
    target.searchParams.set("digest", blob.digest);
    const put = await this.send({
      method: "PUT",
      url: target.toString(),
      headers: { "content-type": "application/octet-stream" },
      body: blob.data,
    });
    if (put.status !== 201) throw await this.unexpected(put, `upload blob ${blob.digest} (PUT)`);
    await put.arrayBuffer();
    return "uploaded";
  }

  /** Stores the manifest under the reference's tag; returns the digest the registry computed (checked against ours). */
  async putManifest(mediaType: string, manifest: Buffer, expectedDigest: string): Promise<string> {
    const response = await this.send({ method: "PUT", url: this.url(`manifests/${this.ref.tag}`), headers: { "content-type": mediaType }, body: manifest });
    if (response.status !== 201) throw await this.unexpected(response, `put manifest ${formatReference(this.ref)}`);
    await response.arrayBuffer();
    const digest = response.headers.get("docker-content-digest") ?? expectedDigest;
    if (digest !== expectedDigest) throw new RegistryError(`${this.ref.registry} stored the manifest as ${digest}, expected ${expectedDigest}`);
    return digest;
  }

  /** The digest the reference's tag points at now, as the registry reports it (or as its manifest hashes). */
  async manifestDigest(): Promise<string> {
    const url = this.url(`manifests/${this.ref.tag}`);
    const head = await this.send({ method: "HEAD", url, headers: { accept: MANIFEST_ACCEPT } });
    if (head.status === 404) throw new RegistryError(`${this.ref.registry} has no ${formatReference(this.ref)}: push it first, or check the tag`);
    if (head.status !== 200) throw await this.unexpected(head, `look up ${formatReference(this.ref)} (HEAD manifest)`);
    const reported = head.headers.get("docker-content-digest");
    if (reported) return reported;
    const get = await this.send({ method: "GET", url, headers: { accept: MANIFEST_ACCEPT } });
    if (get.status !== 200) throw await this.unexpected(get, `fetch ${formatReference(this.ref)} (GET manifest)`);
    return `sha256:${sha256Hex(new Uint8Array(await get.arrayBuffer()))}`;
  }

  private async unexpected(response: Response, step: string): Promise<RegistryError> {
    const text = (await response.text().catch(() => "")).slice(0, 500);
    const hint = response.status === 403 ? `: the credentials lack ${this.access} rights on this repository` : response.status === 404 ? ": check the repository name" : "";
    return new RegistryError(`${this.ref.registry}: ${step} answered ${response.status} ${text.trim()}${hint}`);
  }
}
