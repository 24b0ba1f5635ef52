// What every context has: an id, lifecycle callbacks, and outbound calls whose callbacks come back to the context
// that made them (the SDK records the owner of each call token and makes it the host's effective context).
import { BufferType, getBuffer } from "./buffers";
import { grpcCancel, grpcClose, grpcSend, dispatchGrpcCall, openGrpcStream } from "./grpc_call";
import { HeaderMapType, Pair, getHeaders } from "./headers";
import { dispatchHttpCall } from "./http_call";
import { Result, Status } from "./status";
import { recordCallOwner } from "./abi/registry";

export enum ContextKind {
  Root = 0,
  Http = 1,
  Stream = 2,
}

export class Context {
  constructor(readonly id: u32, readonly kind: ContextKind) {}

  // Lifecycle. onDone returning false defers deletion until proxy_done (root contexts only).
  onDone(): bool { return true; }
  onLog(): void {}
  onDelete(): void {}

  // Responses to this context's httpCall. numHeaders 0 means the call failed (see getHostStatus()).
  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {}
  // Responses to this context's grpcCall / grpcStream. A unary call ends with onGrpcReceive on success or
  // onGrpcClose on failure; a stream ends with onGrpcClose.
  onGrpcReceiveInitialMetadata(token: u32, numElements: u32): void {}
  onGrpcReceive(token: u32, messageSize: u32): void {}
  onGrpcReceiveTrailingMetadata(token: u32, numElements: u32): void {}
  onGrpcClose(token: u32, grpcStatus: u32): void {}

  httpCall(cluster: string, headers: Pair[], body: ArrayBuffer, trailers: Pair[], timeoutMs: u32): Result<u32> {
    const call = dispatchHttpCall(cluster, headers, body, trailers, timeoutMs);
    if (call.ok()) recordCallOwner(call.value, this.id, true);
    return call;
  }

  grpcCall(cluster: string, service: string, method: string, metadata: Pair[], message: ArrayBuffer, timeoutMs: u32): Result<u32> {
    const call = dispatchGrpcCall(cluster, service, method, metadata, message, timeoutMs);
    if (call.ok()) recordCallOwner(call.value, this.id, true);
    return call;
  }

  grpcStream(cluster: string, service: string, method: string, metadata: Pair[]): Result<u32> {
    const call = openGrpcStream(cluster, service, method, metadata);
    if (call.ok()) recordCallOwner(call.value, this.id, false);
    return call;
  }

  grpcSend(token: u32, message: ArrayBuffer, endStream: bool): Status { return grpcSend(token, message, endStream); }
  grpcCancel(token: u32): Status { return grpcCancel(token); }
  grpcClose(token: u32): Status { return grpcClose(token); }

  // Readable inside the matching callback only.
  getHttpCallResponseHeaders(): Pair[] { return getHeaders(HeaderMapType.HttpCallResponseHeaders); }
  getHttpCallResponseBody(): ArrayBuffer | null { return getBuffer(BufferType.HttpCallResponseBody); }
  getHttpCallResponseTrailers(): Pair[] { return getHeaders(HeaderMapType.HttpCallResponseTrailers); }
  getGrpcReceiveMessage(): ArrayBuffer | null { return getBuffer(BufferType.GrpcReceiveBuffer); }
  getGrpcInitialMetadata(): Pair[] { return getHeaders(HeaderMapType.GrpcReceiveInitialMetadata); }
  getGrpcTrailingMetadata(): Pair[] { return getHeaders(HeaderMapType.GrpcReceiveTrailingMetadata); }
}
