// Registry credentials, looked up as docker and oras do, without ever printing them: OCI_USERNAME and OCI_PASSWORD
// first, then the Docker config file ($DOCKER_CONFIG/config.json or ~/.docker/config.json): `auths` entries, and a
// credential helper (`credHelpers` or `credsStore`) run as `docker-credential-<name> get`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../usage_error.js";

export interface Credentials {
  username: string;
  password: string;
  /** Where they came from, for messages. */
  source: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), ".docker"), "config.json");
}

/** The keys docker writes for a registry: the bare host, with a scheme, and the legacy Docker Hub key. */
function keysFor(registry: string): string[] {
  const keys = [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
  return registry === "docker.io" ? [...keys, "https://index.docker.io/v1/", "index.docker.io"] : keys;
}

export function findCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  if (env.OCI_USERNAME || env.OCI_PASSWORD) {
    if (!env.OCI_USERNAME || !env.OCI_PASSWORD) throw new UsageError("set both OCI_USERNAME and OCI_PASSWORD, or neither");
    return { username: env.OCI_USERNAME, password: env.OCI_PASSWORD, source: "OCI_USERNAME/OCI_PASSWORD" };
  }
  const path = dockerConfigPath(env);
  if (!existsSync(path)) return undefined;
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(path, "utf8")) as DockerConfig;
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message}): fix it, or set OCI_USERNAME and OCI_PASSWORD`);
  }
  const keys = keysFor(registry);
  const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: `${path} (auths.${key})` };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password, source: `${path} (auths.${key})` };
    if (entry.identitytoken && !helper) {
      throw new UsageError(`${path} holds only an identity token for ${registry}, which push cannot use: set OCI_USERNAME and OCI_PASSWORD`);
    }
  }
  return helper ? fromHelper(helper, registry, env) : undefined;
}

function fromHelper(helper: string, registry: string, env: NodeJS.ProcessEnv): Credentials | undefined {
  const command = `docker-credential-${helper}`;
  const result = spawnSync(command, ["get"], { input: registry, encoding: "utf8", timeout: 30_000, env });
  if (result.error) throw new UsageError(`the Docker config names credential helper ${command}, which could not run (${result.error.message}): install it, or set OCI_USERNAME and OCI_PASSWORD`);
  // Helpers answer "credentials not found in native keychain" with a non-zero exit: no credentials, not an error.
  if (result.status !== 0) return undefined;
  const answer = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
  return answer.Username && answer.Secret ? { username: answer.Username, password: answer.Secret, source: command } : undefined;
}
