// Outbound gRPC calls and streams to an Envoy cluster. Prefer Context.grpcCall / grpcStream, which route the
// callbacks back to the calling context; these are the raw host calls. Messages are serialized protobuf without the
// gRPC length prefix (see lib/protobuf).
import { proxy_grpc_call, proxy_grpc_cancel, proxy_grpc_close, proxy_grpc_send, proxy_grpc_stream } from "./abi/imports";
import { RETURN_EXTRA, lenOf, ptrOf } from "./abi/memory";
import { Pair, encodePairs } from "./wire/pairs";
import { ProtoWriter } from "./wire/protobuf";
import { Result, Status, returnedU32 } from "./status";

// The host reads the upstream as a serialized envoy.config.core.v3.GrpcService first and falls back to a cluster
// name; sending GrpcService{envoy_grpc{cluster_name}} avoids a bare name being mistaken for protobuf.
function grpcService(cluster: string): ArrayBuffer {
  return new ProtoWriter().message(1, new ProtoWriter().string(1, cluster)).finish();
}

export function dispatchGrpcCall(cluster: string, service: string, method: string, metadata: Pair[], message: ArrayBuffer, timeoutMs: u32): Result<u32> {
  const u = grpcService(cluster);
  const s = String.UTF8.encode(service);
  const m = String.UTF8.encode(method);
  const md = encodePairs(metadata);
  return returnedU32(proxy_grpc_call(ptrOf(u), lenOf(u), ptrOf(s), lenOf(s), ptrOf(m), lenOf(m), ptrOf(md), lenOf(md),
    ptrOf(message), lenOf(message), timeoutMs, RETURN_EXTRA));
}

export function openGrpcStream(cluster: string, service: string, method: string, metadata: Pair[]): Result<u32> {
  const u = grpcService(cluster);
  const s = String.UTF8.encode(service);
  const m = String.UTF8.encode(method);
  const md = encodePairs(metadata);
  return returnedU32(proxy_grpc_stream(ptrOf(u), lenOf(u), ptrOf(s), lenOf(s), ptrOf(m), lenOf(m), ptrOf(md), lenOf(md), RETURN_EXTRA));
}

export function grpcSend(token: u32, message: ArrayBuffer, endStream: bool): Status {
  return proxy_grpc_send(token, ptrOf(message), lenOf(message), endStream ? 1 : 0);
}

// Cancel drops the call without telling the peer; close half-closes a stream.
export function grpcCancel(token: u32): Status {
  return proxy_grpc_cancel(token);
}

export function grpcClose(token: u32): Status {
  return proxy_grpc_close(token);
}
