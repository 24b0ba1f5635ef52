import { connect } from "node:net";
import { after, before, it, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Envoy } from "./envoy.js";

/** What a test file's fixture needs of a scenario: its Envoy, and a way to stop it with its peers. */
export interface RunningScenario {
  envoy: Envoy;
  stop(): Promise<void>;
}

/**
 * One scenario for the whole test file: started before the first test, stopped after the last. `test` is node:test's
 * `it`, printing Envoy's log when the test fails. `what` names the scenario in the error when it did not start.
 */
export function useScenario<S extends RunningScenario>(what: string, start: () => Promise<S>) {
  let scenario: S | undefined;
  before(async () => {
    scenario = await start();
  });
  after(async () => {
    const log = scenario?.envoy.log() ?? "";
    await scenario?.stop();
    // No test expects a VM to fail: a trap anywhere in the file is a defect even if every assertion held.
    const failure = wasmVmFailure(log);
    if (failure) throw new Error(`a Wasm VM failed during the tests: ${failure}`);
  });
  return {
    get scenario(): S {
      if (!scenario) throw new Error(`the ${what} scenario did not start`);
      return scenario;
    },
    test(name: string, body: (t: TestContext) => Promise<void>) {
      it(name, showingEnvoyLog(() => scenario?.envoy, body));
    },
  };
}

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
  // Line by line: a pattern starting with .* over a fuzz run's 90 MB log takes over a minute.
  const failure = /Function: \w+ failed|Wasm VM failed(?! Failed to configure)|abort: /;
  for (const line of log.split("\n")) if ((line.includes("failed") || line.includes("abort: ")) && failure.test(line)) return line;
  return undefined;
}

/**
 * Writes `chunks` to host:port (2 ms apart when there are several), then collects what comes back until `bytes`
 * arrived, the peer closed, or 5 s passed: for L4 tests that speak a protocol byte by byte.
 */
export async function exchangeBytes(host: string, port: number, chunks: Buffer[], bytes: number): Promise<{ received: Buffer; closed: boolean }> {
  const socket = connect({ host, port });
  const parts: Buffer[] = [];
  let closed = false;
  socket.on("data", (chunk) => parts.push(chunk));
  const ended = new Promise<void>((resolve) => socket.on("close", () => ((closed = true), resolve())));
  socket.on("error", () => {});
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  for (const chunk of chunks) {
    socket.write(chunk);
    if (chunks.length > 1) await sleep(2);
  }
  const deadline = Date.now() + 5000;
  while (!closed && Buffer.concat(parts).length < bytes && Date.now() < deadline) await Promise.race([ended, sleep(20)]);
  socket.destroy();
  return { received: Buffer.concat(parts), closed };
}
