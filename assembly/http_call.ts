// Outbound HTTP calls to an Envoy cluster. Prefer Context.httpCall, which routes the response back to the calling
// context; these are the raw host calls.
import { proxy_http_call } from "./abi/imports";
import { RETURN_EXTRA, lenOf, ptrOf } from "./abi/memory";
import { Pair, encodePairs } from "./wire/pairs";
import { Result, returnedU32 } from "./status";

// `headers` must include :method, :path and :authority; an unknown cluster is BadArgument. timeoutMs 0 = none.
// The value is the call's token, which the response callback receives.
export function dispatchHttpCall(cluster: string, headers: Pair[], body: ArrayBuffer, trailers: Pair[], timeoutMs: u32): Result<u32> {
  const c = String.UTF8.encode(cluster);
  const h = encodePairs(headers);
  const t = encodePairs(trailers);
  return returnedU32(proxy_http_call(ptrOf(c), lenOf(c), ptrOf(h), lenOf(h), ptrOf(body), lenOf(body), ptrOf(t), lenOf(t), timeoutMs, RETURN_EXTRA));
}
