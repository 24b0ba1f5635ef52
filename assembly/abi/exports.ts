// The callbacks Envoy calls, with the exact signatures cpp-host looks up (wasm.h), dispatched to context objects.
// A filter's entry file re-exports everything here: `export * from "<sdk>/abi/exports";`. The build then keeps only
// the callbacks the filter uses (callback_exports.mjs, run by asconfig.json): a new export here needs its line there.
import { Action } from "../action";
import { callbackEnded } from "./collector";
import { PeerType } from "../stream_context";
import {
  context, createContext, deleteContext, endCall, httpContext, rootContext, streamContext, switchToCallOwner,
} from "./registry";

export { malloc, proxy_on_memory_allocate } from "./memory";

// Tells the host this module speaks proxy-wasm ABI 0.2.1. Never called.
export function proxy_abi_version_0_2_1(): void {}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  createContext(contextId, parentContextId);
  callbackEnded();
}

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): u32 {
  const root = rootContext(rootContextId);
  const result: u32 = root === null || root.onVmStart(vmConfigurationSize) ? 1 : 0;
  callbackEnded();
  return result;
}

export function proxy_on_configure(rootContextId: u32, pluginConfigurationSize: u32): u32 {
  const root = rootContext(rootContextId);
  const result: u32 = root === null || root.onConfigure(pluginConfigurationSize) ? 1 : 0;
  callbackEnded();
  return result;
}

export function proxy_on_tick(rootContextId: u32): void {
  const root = rootContext(rootContextId);
  if (root !== null) root.onTick();
  callbackEnded();
}

export function proxy_on_queue_ready(rootContextId: u32, token: u32): void {
  const root = rootContext(rootContextId);
  if (root !== null) root.onQueueReady(token);
  callbackEnded();
}

export function proxy_on_foreign_function(rootContextId: u32, functionId: u32, argumentsSize: u32): void {
  const root = rootContext(rootContextId);
  if (root !== null) root.onForeignFunction(functionId, argumentsSize);
  callbackEnded();
}

// HTTP streams

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  const ctx = httpContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onRequestHeaders(numHeaders, endOfStream != 0);
  callbackEnded();
  return result;
}

export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  const ctx = httpContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onRequestBody(bodySize, endOfStream != 0);
  callbackEnded();
  return result;
}

export function proxy_on_request_trailers(contextId: u32, numTrailers: u32): u32 {
  const ctx = httpContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onRequestTrailers(numTrailers);
  callbackEnded();
  return result;
}

export function proxy_on_response_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  const ctx = httpContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onResponseHeaders(numHeaders, endOfStream != 0);
  callbackEnded();
  return result;
}

export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  const ctx = httpContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onResponseBody(bodySize, endOfStream != 0);
  callbackEnded();
  return result;
}

export function proxy_on_response_trailers(contextId: u32, numTrailers: u32): u32 {
  const ctx = httpContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onResponseTrailers(numTrailers);
  callbackEnded();
  return result;
}

// L4 connections

export function proxy_on_new_connection(contextId: u32): u32 {
  const ctx = streamContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onNewConnection();
  callbackEnded();
  return result;
}

export function proxy_on_downstream_data(contextId: u32, dataSize: u32, endOfStream: u32): u32 {
  const ctx = streamContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onDownstreamData(dataSize, endOfStream != 0);
  callbackEnded();
  return result;
}

export function proxy_on_upstream_data(contextId: u32, dataSize: u32, endOfStream: u32): u32 {
  const ctx = streamContext(contextId);
  const result: u32 = ctx === null ? Action.Continue : ctx.onUpstreamData(dataSize, endOfStream != 0);
  callbackEnded();
  return result;
}

export function proxy_on_downstream_connection_close(contextId: u32, peerType: u32): void {
  const ctx = streamContext(contextId);
  if (ctx !== null) ctx.onDownstreamClose(<PeerType>peerType);
  callbackEnded();
}

export function proxy_on_upstream_connection_close(contextId: u32, peerType: u32): void {
  const ctx = streamContext(contextId);
  if (ctx !== null) ctx.onUpstreamClose(<PeerType>peerType);
  callbackEnded();
}

// Outbound call responses arrive on the root context; they are delivered to the context that made the call.

export function proxy_on_http_call_response(rootContextId: u32, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
  const owner = switchToCallOwner(token);
  endCall(token, true);
  if (owner !== null) owner.onHttpCallResponse(token, numHeaders, bodySize, numTrailers);
  callbackEnded();
}

export function proxy_on_grpc_receive_initial_metadata(rootContextId: u32, token: u32, numElements: u32): void {
  const owner = switchToCallOwner(token);
  if (owner !== null) owner.onGrpcReceiveInitialMetadata(token, numElements);
  callbackEnded();
}

export function proxy_on_grpc_receive(rootContextId: u32, token: u32, messageSize: u32): void {
  const owner = switchToCallOwner(token);
  endCall(token, false);
  if (owner !== null) owner.onGrpcReceive(token, messageSize);
  callbackEnded();
}

export function proxy_on_grpc_receive_trailing_metadata(rootContextId: u32, token: u32, numElements: u32): void {
  const owner = switchToCallOwner(token);
  if (owner !== null) owner.onGrpcReceiveTrailingMetadata(token, numElements);
  callbackEnded();
}

export function proxy_on_grpc_close(rootContextId: u32, token: u32, grpcStatus: u32): void {
  const owner = switchToCallOwner(token);
  endCall(token, true);
  if (owner !== null) owner.onGrpcClose(token, grpcStatus);
  callbackEnded();
}

// Lifecycle

export function proxy_on_done(contextId: u32): u32 {
  const ctx = context(contextId);
  const result: u32 = ctx === null || ctx.onDone() ? 1 : 0;
  callbackEnded();
  return result;
}

export function proxy_on_log(contextId: u32): void {
  const ctx = context(contextId);
  if (ctx !== null) ctx.onLog();
  callbackEnded();
}

export function proxy_on_delete(contextId: u32): void {
  const ctx = context(contextId);
  if (ctx !== null) ctx.onDelete();
  deleteContext(contextId);
  callbackEnded();
}
