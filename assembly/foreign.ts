// Foreign functions: host extensions called by name. Envoy offers clear_route_cache, set_envoy_filter_state,
// declare_property and others; an unknown name returns NotFound, so probing is safe.
import { proxy_call_foreign_function } from "./abi/imports";
import { RETURN_PTR, RETURN_SIZE, clearReturnSlots, lenOf, ptrOf, takeHostBuffer } from "./abi/memory";
import { Result, Status } from "./status";

export function callForeignFunction(name: string, args: ArrayBuffer): Result<ArrayBuffer> {
  const n = String.UTF8.encode(name);
  clearReturnSlots();
  const status = <Status>proxy_call_foreign_function(ptrOf(n), lenOf(n), ptrOf(args), lenOf(args), RETURN_PTR, RETURN_SIZE);
  return new Result<ArrayBuffer>(status, status == Status.Ok ? takeHostBuffer() : new ArrayBuffer(0));
}

// Makes Envoy pick the route again after a routing header changed. NotFound on Envoy older than 1.33, where
// header edits clear the route cache by themselves.
export function clearRouteCache(): Status {
  return callForeignFunction("clear_route_cache", new ArrayBuffer(0)).status;
}
