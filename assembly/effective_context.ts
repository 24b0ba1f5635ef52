// Acting for another context: a root context that held requests back (until a key fetch or a queue message arrived)
// resumes them itself. After the switch, host calls (headers, continueStream, local responses) act on that stream.
import { proxy_set_effective_context } from "./abi/imports";
import { httpContext } from "./abi/registry";
import { HttpContext } from "./http_context";
import { Status } from "./status";

/** The HTTP context with this id while its stream lives; null once Envoy has deleted it. */
export function findHttpContext(id: u32): HttpContext | null {
  return httpContext(id);
}

/** Makes the following host calls act on context `id`, until the next switch or the end of this callback. */
export function setEffectiveContext(id: u32): Status {
  return proxy_set_effective_context(id);
}
