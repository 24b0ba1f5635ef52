// One auth scenario (Envoy at --concurrency 2 with the JWKS and external auth peers) per test file, and helpers.
import { after, before, it, type TestContext } from "node:test";
import { AuthScenario, startAuthScenario } from "../../harness/scenarios/auth.js";
import { showingEnvoyLog, wasmVmFailure } from "../../harness/testing.js";

export function useAuthScenario() {
  let scenario: AuthScenario | undefined;
  before(async () => {
    scenario = await startAuthScenario();
  });
  after(async () => {
    const log = scenario?.envoy.log() ?? "";
    await scenario?.stop();
    const failure = wasmVmFailure(log);
    if (failure) throw new Error(`a Wasm VM failed during the tests: ${failure}`);
  });
  return {
    get scenario(): AuthScenario {
      if (!scenario) throw new Error("the auth scenario did not start");
      return scenario;
    },
    test(name: string, body: (t: TestContext) => Promise<void>) {
      it(name, showingEnvoyLog(() => scenario?.envoy, body));
    },
    stat(name: string): Promise<number> {
      if (!scenario) throw new Error("the auth scenario did not start");
      return scenario.envoy.admin.stat(`wasmcustom.auth.${name}`);
    },
  };
}

export interface DenialBody {
  error: string;
  message: string;
}
