// The ratelimit filter: token buckets in shared data that hold a limit exactly across every Envoy worker (local
// rules), and limits across many Envoys through Envoy's rate limit service API (global rules). See README.md.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { RateLimitRoot } from "./root";

setRootContext((id: u32): RootContext => new RateLimitRoot(id));
