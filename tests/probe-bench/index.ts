// The benchmark's SDK filter: one module whose plugin configuration names what it does per request (do nothing, read
// a header, add or edit a response header, remove an absent request header), so bench/ can price each host call.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { BenchRoot } from "./root";

setRootContext((id: u32): RootContext => new BenchRoot(id));
