// Loads a probe module (tests/probe-<name>/index.ts, built to build/probes/<name>.wasm): pure AssemblyScript library
// code compiled on its own so node:test can call it directly, with the few host imports the runtime hooks need.
// Probes build with the incremental collector (asconfig.json): they have no proxy_on_* callbacks, whose ends are
// where filters built with --runtime minimal collect (assembly/abi/collector.ts).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { randomFillSync } from "node:crypto";
import { projectRoot } from "./paths.js";

export interface Probe {
  exports: Record<string, unknown>;
  memory: WebAssembly.Memory;
  /** A view of `length` bytes at `pointer` (taken anew each time: memory can grow). */
  bytes(pointer: number, length: number): Uint8Array;
}

export async function loadProbe(name: string): Promise<Probe> {
  const binary = await readFile(join(projectRoot(), "build", "probes", `${name}.wasm`));
  let memory: WebAssembly.Memory | undefined;
  const bytes = (pointer: number, length: number) => new Uint8Array(memory!.buffer, pointer, length);
  const imports = {
    env: {
      // The runtime's abort hook logs through proxy_log before trapping: surface the message.
      proxy_log(_level: number, pointer: number, length: number) {
        console.error(new TextDecoder().decode(bytes(pointer, length)));
        return 0;
      },
    },
    wasi_snapshot_preview1: {
      random_get(pointer: number, length: number) {
        randomFillSync(bytes(pointer, length));
        return 0;
      },
    },
  };
  const { instance } = await WebAssembly.instantiate(binary, imports);
  memory = instance.exports.memory as WebAssembly.Memory;
  (instance.exports._initialize as () => void)();
  return { exports: instance.exports as Record<string, unknown>, memory, bytes };
}
