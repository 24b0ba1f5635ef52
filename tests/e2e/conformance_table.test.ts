// The shared conformance table (tests/shared/conformance_cases.ts) through real Envoy 1.40, with the expectations
// tests/node/emulator_conformance.test.ts holds the host emulator to: the emulator is faithful where both pass.
import { describe } from "node:test";
import type { RecordedRequest } from "../../harness/upstreams/http_echo.js";
import { CASE_HEADER, CONFORMANCE_CASES, type Observed, assertObserved } from "../shared/conformance_cases.js";
import { useConformanceScenario } from "./fixtures.js";

const single = (value: string | string[]) => (Array.isArray(value) ? value.join(", ") : value);

describe("conformance table in Envoy", () => {
  const env = useConformanceScenario();

  CONFORMANCE_CASES.forEach((testCase, i) => {
    env.test(testCase.name, async () => {
      const { httpUrl, echo, echoAlt } = env.scenario;
      const id = `case-${i}`;
      const { method, path, headers, body } = testCase.request;
      let observed: Observed;
      try {
        const response = await fetch(httpUrl + path, { method, headers: { ...headers, [CASE_HEADER]: id }, body });
        observed = { reset: false, status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
      } catch {
        observed = { reset: true, headers: {}, body: "" };
      }
      // The reroute case lands on the alt route's upstream: look in both.
      const reached: RecordedRequest | undefined = [...echo.requests, ...echoAlt.requests].find((r) => r.headers[CASE_HEADER] === id);
      if (reached) {
        const upstreamHeaders = Object.fromEntries(Object.entries(reached.headers).map(([k, v]) => [k, single(v)]));
        observed.upstream = { path: reached.path, headers: upstreamHeaders, body: reached.body };
      }
      assertObserved(testCase, observed);
    });
  });
});
