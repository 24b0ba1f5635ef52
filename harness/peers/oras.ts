// oras (oras.land), an OCI registry client independent of ours: the publish tests pull with it what `push` uploaded.
import { join } from "node:path";
import { cacheDir } from "../paths.js";
import { goInstall, runCommand, type GoTool, type Log } from "../tools.js";

export const ORAS_TOOL: GoTool = { binary: "oras", module: "oras.land/oras/cmd/oras", version: "v1.3.6", minGo: [1, 26, 7] };

export interface OrasLogin {
  username: string;
  password: string;
}

/** Runs `oras <args>` against a plain-HTTP loopback registry; fails with oras's output when it exits non-zero. */
export async function oras(args: string[], { login, log = () => {} }: { login?: OrasLogin; log?: Log } = {}): Promise<string> {
  const binary = await goInstall(ORAS_TOOL, log);
  const credentials = login ? ["--username", login.username, "--password", login.password] : [];
  // An auth file of its own (never written: credentials are flags), so a developer's docker login is not used.
  const registryConfig = join(cacheDir(), "oras-registry-config.json");
  const result = await runCommand(binary, [...args, "--plain-http", "--registry-config", registryConfig, ...credentials], { timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`oras ${args.join(" ")} failed (exit ${result.exitCode}):\n${result.output}`);
  return result.output;
}
