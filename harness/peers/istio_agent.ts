// Istio's own code fetching a filter's module: istio_agent/main.go runs the sidecar agent's Wasm fetch
// (istio.io/istio pkg/wasm, at the pseudo-version pinned in its go.mod) on a WasmPlugin or EnvoyFilter we generated.
// Built once into .cache/bin with go build.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir } from "../paths.js";
import { goBuild, runCommand, type GoProgram, type Log } from "../tools.js";

export const ISTIO_AGENT_PULL: GoProgram = { binary: "istio-agent-pull", dir: "harness/peers/istio_agent", minGo: [1, 26, 0] };

export interface AgentPull {
  /** The module the agent would hand Envoy, when it accepted the image. */
  module?: Buffer;
  /** Why it refused, as the agent says it. */
  error?: string;
  /** The agent's own log lines. */
  log: string;
}

export interface AgentPullOptions {
  /** A Kubernetes Secret manifest (YAML), standing in for the one a WasmPlugin's imagePullSecret names. */
  secret?: string;
  log?: Log;
}

/** What Istio's agent does with the manifest (YAML): fetches and checks the module it names, or refuses. */
export async function istioAgentPull(manifest: string, { secret, log }: AgentPullOptions = {}): Promise<AgentPull> {
  const binary = await goBuild(ISTIO_AGENT_PULL, log);
  const dir = await mkdtemp(join(cacheDir(), "istio-agent-"));
  try {
    await writeFile(join(dir, "manifest.yaml"), manifest);
    const args = ["-cache", join(dir, "cache"), join(dir, "manifest.yaml")];
    if (secret !== undefined) {
      await writeFile(join(dir, "secret.yaml"), secret);
      args.unshift("-secret", join(dir, "secret.yaml"));
    }
    // No docker config: with no pull secret the agent's default keychain reads $DOCKER_CONFIG, which must be empty.
    const result = await runCommand(binary, args, { timeoutMs: 90_000, env: { DOCKER_CONFIG: join(dir, "no-docker-config") } });
    const line = result.output.split("\n").find((candidate) => candidate.startsWith('{"error"') || candidate.startsWith('{"module"'));
    if (!line) throw new Error(`istio-agent-pull printed no answer (exit ${result.exitCode}):\n${result.output}`);
    const answer = JSON.parse(line) as { module?: string; error?: string };
    const agentLog = result.output.replace(`${line}\n`, "");
    if (answer.module) return { module: await readFile(answer.module), log: agentLog };
    return { error: answer.error, log: agentLog };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
