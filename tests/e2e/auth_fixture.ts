// One auth scenario (Envoy at --concurrency 2 with the JWKS and external auth peers) per test file, and helpers.
import { startAuthScenario } from "../../harness/scenarios/auth.js";
import { useScenario } from "../../harness/testing.js";

export function useAuthScenario() {
  const fixture = useScenario("auth", () => startAuthScenario());
  return {
    get scenario() {
      return fixture.scenario;
    },
    test: fixture.test,
    stat(name: string): Promise<number> {
      return fixture.scenario.envoy.admin.stat(`wasmcustom.auth.${name}`);
    },
  };
}

export interface DenialBody {
  error: string;
  message: string;
}
