// The SDK conformance filter: one behaviour per host-call family, driven by the request path (HTTP) or the bytes
// sent (L4), so the e2e suite can prove each family inside real Envoy. See tests/e2e/conformance_*.test.ts.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { ConformanceRoot } from "./root";

setRootContext((id: u32): RootContext => new ConformanceRoot(id));
