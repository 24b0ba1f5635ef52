// Which context object answers each context id the host names, and which context made each outbound call.
import { proxy_set_effective_context } from "./imports";
import { Context, ContextKind } from "../context";
import { HttpContext } from "../http_context";
import { RootContext } from "../root_context";
import { StreamContext } from "../stream_context";

let rootFactory: ((id: u32) => RootContext) | null = null;

// Contexts live in a slot table indexed by the low bits of their id: cpp-host numbers contexts in order, so the
// streams alive at one time fall into different slots, and a lookup is one load and one compare (no hashing, no
// allocation per stream). A context whose slot is taken (one that outlived SLOTS newer ones, like the root context)
// goes to the map instead.
const SLOTS: u32 = 256;
const slotIds = new StaticArray<u32>(<i32>SLOTS);
const slotContexts = new StaticArray<Context | null>(<i32>SLOTS);
const overflow = new Map<u32, Context>();

class CallOwner {
  constructor(public contextId: u32, public unary: bool) {}
}
const callOwners = new Map<u32, CallOwner>();

// A filter calls this once at module top level with a function that makes its root context.
export function setRootContext(factory: (id: u32) => RootContext): void {
  rootFactory = factory;
}

function store(id: u32, ctx: Context): void {
  const slot = <i32>(id & (SLOTS - 1));
  if (unchecked(slotContexts[slot]) === null) {
    unchecked(slotIds[slot] = id);
    unchecked(slotContexts[slot] = ctx);
  } else {
    overflow.set(id, ctx);
  }
}

export function createContext(id: u32, parentId: u32): void {
  if (parentId == 0) {
    const factory = rootFactory;
    if (factory !== null) store(id, factory(id));
    return;
  }
  const root = rootContext(parentId);
  if (root === null) return;
  const http = root.createHttpContext(id);
  if (http !== null) {
    store(id, http);
    return;
  }
  const stream = root.createStreamContext(id);
  if (stream !== null) store(id, stream);
}

export function deleteContext(id: u32): void {
  const slot = <i32>(id & (SLOTS - 1));
  if (unchecked(slotIds[slot]) == id && unchecked(slotContexts[slot]) !== null) {
    unchecked(slotContexts[slot] = null);
  } else {
    overflow.delete(id);
  }
}

export function context(id: u32): Context | null {
  const slot = <i32>(id & (SLOTS - 1));
  if (unchecked(slotIds[slot]) == id) {
    const ctx = unchecked(slotContexts[slot]);
    if (ctx !== null) return ctx;
  }
  return overflow.has(id) ? overflow.get(id) : null;
}

export function rootContext(id: u32): RootContext | null {
  const ctx = context(id);
  return ctx !== null && ctx.kind == ContextKind.Root ? changetype<RootContext>(ctx) : null;
}

export function httpContext(id: u32): HttpContext | null {
  const ctx = context(id);
  return ctx !== null && ctx.kind == ContextKind.Http ? changetype<HttpContext>(ctx) : null;
}

export function streamContext(id: u32): StreamContext | null {
  const ctx = context(id);
  return ctx !== null && ctx.kind == ContextKind.Stream ? changetype<StreamContext>(ctx) : null;
}

export function recordCallOwner(token: u32, contextId: u32, unary: bool): void {
  callOwners.set(token, new CallOwner(contextId, unary));
}

// The context that made call `token`, made the host's effective context so its host calls act on its stream.
// Null when that context is gone (its stream ended before the response came back).
export function switchToCallOwner(token: u32): Context | null {
  if (!callOwners.has(token)) return null;
  const ctx = context(callOwners.get(token).contextId);
  if (ctx !== null && ctx.kind != ContextKind.Root) proxy_set_effective_context(ctx.id);
  return ctx;
}

// Forgets the owner once the call can produce no further callbacks: after the one response of an http call or a
// unary gRPC call, after onGrpcClose for every gRPC call.
export function endCall(token: u32, closed: bool): void {
  if (!callOwners.has(token)) return;
  if (closed || callOwners.get(token).unary) callOwners.delete(token);
}
