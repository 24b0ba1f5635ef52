// The auth filter on a listener Envoy reads from a file (envoy-configs/auth_lds.yaml): apply() rewrites the file
// with a new plugin configuration and waits for Envoy to accept or reject it, all in one running process.
import { mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { renderBootstrap, wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { cacheDir } from "../paths.js";
import { freeLoopbackPort } from "../peers/local_process.js";
import { HttpEcho, startHttpEcho } from "../upstreams/http_echo.js";

const UPDATE_TIMEOUT_MS = 15_000;

export interface AuthLdsScenario {
  envoy: Envoy;
  /** The listener's URL (read again after each update). */
  url(): Promise<string>;
  /** Replaces the plugin configuration; resolves once Envoy has accepted the listener update, or rejected it. */
  apply(config: object | string): Promise<"accepted" | "rejected">;
  stop(): Promise<void>;
}

export async function startAuthLdsScenario(initial: object | string): Promise<AuthLdsScenario> {
  const echo: HttpEcho = await startHttpEcho("echo");
  let envoy: Envoy | undefined;
  let ldsPath = "";
  const listenerFile = (config: object | string) =>
    renderBootstrap("auth_lds_listener.yaml", { WASM: wasmPath("auth"), CONFIG: typeof config === "string" ? config : JSON.stringify(config) });
  // Envoy watches the file for a rename onto it, so every version is written beside it first.
  const write = async (config: object | string) => {
    const partial = `${ldsPath}.next`;
    await writeFile(partial, await listenerFile(config));
    await rename(partial, ldsPath);
  };
  try {
    await mkdir(join(cacheDir(), "runs"), { recursive: true });
    ldsPath = join(await mkdtemp(join(cacheDir(), "runs", "auth-lds-")), "lds.yaml");
    await write(initial);
    envoy = await Envoy.start({ name: "auth-lds", template: "auth_lds.yaml", vars: { LDS_PATH: ldsPath, ECHO_PORT: echo.port, DEAD_PORT: await freeLoopbackPort() } });
    await waitFor(async () => (await envoy!.admin.listeners()).some((l) => l.name === "http"), "the listener from the file");
  } catch (error) {
    await envoy?.stop();
    await echo.close();
    throw error;
  }
  const running = envoy;
  const counter = (name: string) => running.admin.stat(`listener_manager.lds.${name}`);
  return {
    envoy: running,
    url: () => running.url("http"),
    async apply(config) {
      const [successBefore, rejectedBefore] = await Promise.all([counter("update_success"), counter("update_rejected")]);
      await write(config);
      let outcome: "accepted" | "rejected" | undefined;
      await waitFor(async () => {
        const [success, rejected] = await Promise.all([counter("update_success"), counter("update_rejected")]);
        outcome = rejected > rejectedBefore ? "rejected" : success > successBefore ? "accepted" : undefined;
        return outcome !== undefined;
      }, "Envoy to process the listener file");
      if (outcome === "accepted") await waitFor(async () => (await running.admin.stat("listener_manager.total_listeners_warming")) === 0, "warming");
      return outcome!;
    },
    async stop() {
      await running.stop();
      await echo.close();
    },
  };
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + UPDATE_TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
