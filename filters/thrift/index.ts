// The thrift network filter: reads Thrift messages (framed, unframed or THeader; binary or compact) on each
// connection, keeps per-method stats and latency, and answers calls its rules refuse with a TApplicationException
// the client raises. See README.md.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { ThriftRoot } from "./root";

setRootContext((id: u32): RootContext => new ThriftRoot(id));
