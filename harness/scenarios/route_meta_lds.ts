// The route-meta filter on a listener Envoy reads from a file (envoy-configs/route-meta-lds.yaml): apply() rewrites
// the file with a new plugin configuration (a new split) and waits for Envoy to accept or reject it, all in one
// running process, as a control plane pushing a WasmPlugin change would.
import { mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { renderBootstrap, wasmPath } from "../bootstrap.js";
import { Envoy } from "../envoy.js";
import { cacheDir } from "../paths.js";
import { HttpEcho } from "../upstreams/http_echo.js";
import { startVersionUpstreams, versionPorts } from "./route_meta.js";

const UPDATE_TIMEOUT_MS = 15_000;

export interface RouteMetaLdsScenario {
  envoy: Envoy;
  upstreams: HttpEcho[];
  /** The listener's URL (read again after each update). */
  url(): Promise<string>;
  apply(config: object | string): Promise<"accepted" | "rejected">;
  stop(): Promise<void>;
}

export async function startRouteMetaLdsScenario(initial: object | string): Promise<RouteMetaLdsScenario> {
  const upstreams = await startVersionUpstreams();
  let envoy: Envoy | undefined;
  let ldsPath = "";
  const write = async (config: object | string) => {
    const text = await renderBootstrap("route-meta-lds-listener.yaml", { WASM: wasmPath("route-meta"), CONFIG: typeof config === "string" ? config : JSON.stringify(config) });
    // Envoy watches the file for a rename onto it, so every version is written beside it first.
    await writeFile(`${ldsPath}.next`, text);
    await rename(`${ldsPath}.next`, ldsPath);
  };
  try {
    await mkdir(join(cacheDir(), "runs"), { recursive: true });
    ldsPath = join(await mkdtemp(join(cacheDir(), "runs", "route-meta-lds-")), "lds.yaml");
    await write(initial);
    envoy = await Envoy.start({ name: "route-meta-lds", template: "route-meta-lds.yaml", vars: { LDS_PATH: ldsPath, ...versionPorts(upstreams) } });
    await waitFor(async () => (await envoy!.admin.listeners()).some((l) => l.name === "http"), "the listener from the file");
  } catch (error) {
    await envoy?.stop();
    await Promise.all(upstreams.map((u) => u.close()));
    throw error;
  }
  const running = envoy;
  const counter = (name: string) => running.admin.stat(`listener_manager.lds.${name}`);
  return {
    envoy: running,
    upstreams,
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
      await Promise.all(upstreams.map((u) => u.close()));
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
