// Envoy whose listener comes from a file (LDS without an xDS server): apply() rewrites the file with a new plugin
// configuration and waits for Envoy to accept or reject it, all in one running process, as a control plane pushing a
// WasmPlugin change would. The scenarios (harness/scenarios/*_lds.ts) bring the templates and the peers.
import { mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BootstrapVars, renderBootstrap, wasmPath } from "./bootstrap.js";
import { Envoy } from "./envoy.js";
import { cacheDir } from "./paths.js";

const UPDATE_TIMEOUT_MS = 15_000;

export interface ListenerFileEnvoy {
  envoy: Envoy;
  /** The listener's URL (read again after each update). */
  url(): Promise<string>;
  /** Replaces the plugin configuration; resolves once Envoy has accepted the listener update, or rejected it. */
  apply(config: object | string): Promise<"accepted" | "rejected">;
  stop(): Promise<void>;
}

export interface ListenerFileOptions {
  /** The run's name: Envoy's run folder and the listener file's folder are named after it. */
  name: string;
  /** The bootstrap template, reading its listener from {{LDS_PATH}}. */
  template: string;
  /** The listener template, given the filter's module as {{WASM}} and the plugin configuration as {{CONFIG}}. */
  listenerTemplate: string;
  /** The filter's module, build/<filter>.wasm. */
  filter: string;
  /** The bootstrap's other variables (the peers' ports). */
  vars: BootstrapVars;
  /** The plugin configuration Envoy starts with. */
  initial: object | string;
}

export async function startListenerFileEnvoy(options: ListenerFileOptions): Promise<ListenerFileEnvoy> {
  let envoy: Envoy | undefined;
  let ldsPath = "";
  // Envoy watches the file for a rename onto it, so every version is written beside it first.
  const write = async (config: object | string) => {
    const text = await renderBootstrap(options.listenerTemplate, { WASM: wasmPath(options.filter), CONFIG: typeof config === "string" ? config : JSON.stringify(config) });
    await writeFile(`${ldsPath}.next`, text);
    await rename(`${ldsPath}.next`, ldsPath);
  };
  try {
    // The file must exist before Envoy starts, so it gets a folder of its own beside the run folders.
    await mkdir(join(cacheDir(), "runs"), { recursive: true });
    ldsPath = join(await mkdtemp(join(cacheDir(), "runs", `${options.name}-`)), "lds.yaml");
    await write(options.initial);
    envoy = await Envoy.start({ name: options.name, template: options.template, vars: { LDS_PATH: ldsPath, ...options.vars } });
    await waitFor(async () => (await envoy!.admin.listeners()).some((l) => l.name === "http"), "the listener from the file");
  } catch (error) {
    await envoy?.stop();
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
    stop: () => running.stop(),
  };
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + UPDATE_TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
