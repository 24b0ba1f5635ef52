// The route-meta filter: decides a routing tag per request (pinned by conditions, sticky and monotone percentage
// splits, weighted random splits, a default) and writes it as a header the route table routes on. See README.md.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { RouteMetaRoot } from "./root";

setRootContext((id: u32): RootContext => new RouteMetaRoot(id));
