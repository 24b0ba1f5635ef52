// The auth filter: authenticates requests (API keys, Basic, JWT with inline or remote JWKS, an external auth
// service), authorizes them per route, and passes the verified identity upstream as headers. See README.md.
export * from "../../assembly/abi/exports";
import { RootContext, setRootContext } from "../../assembly";
import { AuthRoot } from "./root";

setRootContext((id: u32): RootContext => new AuthRoot(id));
