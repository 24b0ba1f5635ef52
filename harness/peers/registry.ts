// The CNCF distribution registry (github.com/distribution/distribution, what Docker Hub and most registries run) on
// a free loopback port, for the publish tests: open, behind htpasswd basic auth, or behind the Docker token flow with
// a small token service of our own (ES256 JWTs the registry checks against a JWKS file). Built once into .cache/bin
// with a pinned version.
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import bcrypt from "bcryptjs";
import { SignJWT, exportJWK } from "jose";
import { cacheDir } from "../paths.js";
import { goInstall, tail, type GoTool, type Log } from "../tools.js";
import { freeLoopbackPort, stopProcess } from "./local_process.js";

export const REGISTRY_TOOL: GoTool = { binary: "registry", module: "github.com/distribution/distribution/v3/cmd/registry", version: "v3.1.2", minGo: [1, 26, 0] };

/**
 * htpasswd's `realm` is only a name in the Basic challenge; Istio's agent refuses a challenge whose realm is not an
 * http(s) URL on a public host, so a registry Istio pulls from names a URL there.
 */
export type RegistryAuth = { kind: "none" } | { kind: "htpasswd"; username: string; password: string; realm?: string } | { kind: "token"; username: string; password: string };

export interface TestRegistry {
  /** `127.0.0.1:<port>`, as image references name it. */
  host: string;
  /** Token requests the token service answered (token auth only), to prove the flow ran. */
  tokensIssued: () => number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;
const TOKEN_ISSUER = "envoy-wasm-as-test-token-service";
const TOKEN_SERVICE = "envoy-wasm-as-test-registry";

export async function startRegistry(auth: RegistryAuth, log: Log = () => {}): Promise<TestRegistry> {
  const binary = await goInstall(REGISTRY_TOOL, log);
  const dir = await mkdtemp(join(cacheDir(), "registry-"));
  const port = await freeLoopbackPort();
  let authConfig = "";
  let tokenService: TokenService | undefined;
  if (auth.kind === "htpasswd") {
    await writeFile(join(dir, "htpasswd"), `${auth.username}:${bcrypt.hashSync(auth.password, 10)}\n`);
    authConfig = `auth:\n  htpasswd:\n    realm: ${auth.realm ?? "envoy-wasm-as-test"}\n    path: ${join(dir, "htpasswd")}\n`;
  } else if (auth.kind === "token") {
    tokenService = await startTokenService(auth.username, auth.password, join(dir, "jwks.json"));
    authConfig = `auth:\n  token:\n    realm: ${tokenService.url}\n    service: ${TOKEN_SERVICE}\n    issuer: ${TOKEN_ISSUER}\n    jwks: ${join(dir, "jwks.json")}\n`;
  }
  const config = [
    "version: 0.1",
    "log:\n  level: warn",
    `storage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}`,
    `http:\n  addr: 127.0.0.1:${port}\n  secret: ${randomUUID()}`,
    authConfig,
  ].join("\n");
  await writeFile(join(dir, "config.yml"), config);
  const child = spawn(binary, ["serve", join(dir, "config.yml")], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, OTEL_TRACES_EXPORTER: "none" } });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    await stopProcess(child);
    await tokenService?.close();
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  // /v2/ answers 200 when open and 401 behind auth: either means the registry is serving.
  while (!(await answers(`http://127.0.0.1:${port}/v2/`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`registry on port ${port} did not start:\n${tail(output)}`);
    }
    await sleep(100);
  }
  return { host: `127.0.0.1:${port}`, tokensIssued: () => tokenService?.issued ?? 0, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status === 200 || response.status === 401;
  } catch {
    return false;
  }
}

interface TokenService {
  url: string;
  issued: number;
  close(): Promise<void>;
}

/**
 * The Docker token flow's token service: GET ?service=&scope=repository:<name>:<actions> with Basic credentials
 * answers {token}, an ES256 JWT granting the requested actions; wrong credentials get 401. Writes its public key to
 * `jwksPath` for the registry.
 */
async function startTokenService(username: string, password: string, jwksPath: string): Promise<TokenService> {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = randomUUID();
  await writeFile(jwksPath, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }] }));
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const service: TokenService = { url: "", issued: 0, close: async () => {} };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://token");
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ details: "wrong credentials" }));
      return;
    }
    const access = url.searchParams.getAll("scope").map((scope) => {
      const [type, name, actions] = scope.split(":");
      return { type, name, actions: actions.split(",") };
    });
    const now = Math.floor(Date.now() / 1000);
    new SignJWT({ access })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(username)
      .setAudience(url.searchParams.get("service") ?? "")
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 300)
      .setJti(randomUUID())
      .sign(privateKey)
      .then((token) => {
        service.issued++;
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, expires_in: 300, issued_at: new Date(now * 1000).toISOString() }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  service.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return service;
}
