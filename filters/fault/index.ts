// The fault filter: targeted fault injection for HTTP and gRPC (delays, aborts, response delays, throttled and
// replaced responses) by experiment, with sticky shares, time boxes and budgets. See README.md.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { FaultRoot } from "./root";

setRootContext((id: u32): RootContext => new FaultRoot(id));
