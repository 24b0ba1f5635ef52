import { startConformanceScenario } from "../../harness/scenarios/conformance.js";
import { useScenario } from "../../harness/testing.js";

/** One conformance scenario (Envoy + upstreams) for the whole test file (harness/testing.ts useScenario). */
export function useConformanceScenario() {
  return useScenario("conformance", () => startConformanceScenario());
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
