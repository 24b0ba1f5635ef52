// The dubbo network filter: reads Dubbo 2 frames (Hessian2 bodies) on each connection, keeps per-method stats and
// latency, and answers calls its rules deny with a Dubbo error the consumer raises. See README.md.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { DubboRoot } from "./root";

setRootContext((id: u32): RootContext => new DubboRoot(id));
