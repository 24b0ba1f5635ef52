import type { TestContext } from "node:test";
import { Envoy } from "./envoy.js";

/**
 * Wraps a node:test body so that when it fails, the end of Envoy's log is printed with the failure: the log is where
 * a Wasm trap, a rejected config or a routing mistake shows.
 */
export function showingEnvoyLog(envoy: () => Envoy | undefined, body: (t: TestContext) => Promise<void>): (t: TestContext) => Promise<void> {
  return async (t) => {
    try {
      await body(t);
    } catch (error) {
      const current = envoy();
      if (current) console.error(`--- envoy log, run ${current.runId} (${current.runDir}/output.log) ---\n${current.logTail()}`);
      throw error;
    }
  };
}

/**
 * The line of Envoy's log showing that a Wasm VM failed (a trap), if any: a defect even when every assertion held. A
 * configuration the filter rejected on purpose ("Failed to configure base Wasm plugin") is not one.
 */
export function wasmVmFailure(log: string): string | undefined {
  return /.*(Function: \w+ failed|Wasm VM failed(?! Failed to configure)|abort: ).*/.exec(log)?.[0];
}
