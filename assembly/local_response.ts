// Answering an HTTP request from the filter instead of the upstream.
import { proxy_send_local_response } from "./abi/imports";
import { lenOf, ptrOf } from "./abi/memory";
import { Pair, encodePairs } from "./wire/pairs";
import { Status } from "./status";

// No grpc-status header (the host ignores values outside 0..16).
export const NO_GRPC_STATUS: i32 = -1;

// `details` shows in Envoy's %RESPONSE_CODE_DETAILS% (spaces become underscores). The filter callback that sends a
// local response should return Action.Pause.
export function sendLocalResponse(statusCode: u32, details: string, body: ArrayBuffer, headers: Pair[], grpcStatus: i32): Status {
  const d = String.UTF8.encode(details);
  const h = encodePairs(headers);
  return proxy_send_local_response(statusCode, ptrOf(d), lenOf(d), ptrOf(body), lenOf(body), ptrOf(h), lenOf(h), grpcStatus);
}
