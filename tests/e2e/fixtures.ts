import { TestContext, after, before, it } from "node:test";
import { ConformanceScenario, startConformanceScenario } from "../../harness/scenarios/conformance.js";
import { showingEnvoyLog, wasmVmFailure } from "../../harness/testing.js";

/**
 * One conformance scenario (Envoy + upstreams) for the whole test file: started before the first test, stopped after
 * the last. `test` is node:test's `it`, printing Envoy's log when the test fails.
 */
export function useConformanceScenario() {
  let scenario: ConformanceScenario | undefined;
  before(async () => {
    scenario = await startConformanceScenario();
  });
  after(async () => {
    const log = scenario?.envoy.log() ?? "";
    await scenario?.stop();
    // No test here expects a VM to fail: a trap anywhere in the file is a defect even if every assertion held.
    const failure = wasmVmFailure(log);
    if (failure) throw new Error(`a Wasm VM failed during the tests: ${failure}`);
  });
  return {
    get scenario(): ConformanceScenario {
      if (!scenario) throw new Error("the conformance scenario did not start");
      return scenario;
    },
    test(name: string, body: (t: TestContext) => Promise<void>) {
      it(name, showingEnvoyLog(() => scenario?.envoy, body));
    },
  };
}

/** What the echo upstream reports it received. */
export interface Echoed {
  upstream: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export async function echoed(response: Response): Promise<Echoed> {
  return (await response.json()) as Echoed;
}
