// An asc transform (asconfig.json "transform"): a module keeps only the proxy_on_* callbacks its filter uses.
//
// Envoy looks every callback up by name once, when it loads the module (proxy-wasm-cpp-host WasmBase::getFunctions),
// and never calls one the module does not export: ContextBase::onRequestBody and the rest answer Continue (onDone
// true, onVmStart and onConfigure true) without entering the VM. A callback that is exported costs a call into the VM
// on every request or connection even when the SDK's default does nothing. So each module keeps:
//   - ALWAYS: what Envoy or the SDK's own lifecycle needs whatever the filter overrides;
//   - a DISPATCH callback when a context class of the filter overrides a method it dispatches to;
//   - a BOOKKEEPING callback when the module makes the outbound calls whose owner records it frees.
// The rest are removed after asc compiles and before it optimizes, so their wrappers and the dispatch code only
// they reach are optimized away too. The overrides are read from the compiler's own program (the classes whose
// base chain reaches the SDK's Context), so they are exactly the classes asc compiles; anything this file does not
// know (a new callback in exports.ts, a new on* method on a context class) fails the build instead of being guessed.
// tests/node/callback_exports.test.ts checks every built module against the sources with the TypeScript compiler.
import { ElementKind, SourceKind } from "assemblyscript";
import { Transform } from "assemblyscript/transform";

/** Exported by every module that uses the SDK, with the reason. */
export const ALWAYS = {
  proxy_abi_version_0_2_1: "the ABI marker: Envoy refuses a module without one (cpp-host BytecodeUtil::getAbiVersion)",
  malloc: "the host allocates in the module through it (cpp-host: 'Wasm module is missing malloc function')",
  proxy_on_memory_allocate: "the same allocator under the spec's name (DESIGN.md decision 3)",
  proxy_on_context_create: "makes the SDK's context object for every root, stream and connection the other callbacks look up",
  proxy_on_delete: "frees the context's slot in the SDK's registry (abi/registry.ts): without it every stream's context stays",
};

/** Callback → the context methods it dispatches to (exports.ts); kept when a filter's context class overrides one. */
export const DISPATCH = {
  proxy_on_vm_start: ["onVmStart"],
  proxy_on_configure: ["onConfigure"],
  proxy_on_tick: ["onTick"],
  proxy_on_queue_ready: ["onQueueReady"],
  proxy_on_foreign_function: ["onForeignFunction"],
  proxy_on_request_headers: ["onRequestHeaders"],
  proxy_on_request_body: ["onRequestBody"],
  proxy_on_request_trailers: ["onRequestTrailers"],
  proxy_on_response_headers: ["onResponseHeaders"],
  proxy_on_response_body: ["onResponseBody"],
  proxy_on_response_trailers: ["onResponseTrailers"],
  proxy_on_new_connection: ["onNewConnection"],
  proxy_on_downstream_data: ["onDownstreamData"],
  proxy_on_upstream_data: ["onUpstreamData"],
  proxy_on_downstream_connection_close: ["onDownstreamClose"],
  proxy_on_upstream_connection_close: ["onUpstreamClose"],
  proxy_on_http_call_response: ["onHttpCallResponse"],
  proxy_on_grpc_receive_initial_metadata: ["onGrpcReceiveInitialMetadata"],
  proxy_on_grpc_receive: ["onGrpcReceive"],
  proxy_on_grpc_receive_trailing_metadata: ["onGrpcReceiveTrailingMetadata"],
  proxy_on_grpc_close: ["onGrpcClose"],
  proxy_on_done: ["onDone"],
  proxy_on_log: ["onLog"],
  proxy_on_delete: ["onDelete"],
};

/**
 * Callback → the host calls after which the SDK needs it even when no method is overridden: the SDK records the
 * context that made each outbound call (abi/registry.ts recordCallOwner) and forgets it in these callbacks (endCall),
 * so a module that calls out but did not keep them would keep every call's record. A unary gRPC call ends in
 * proxy_on_grpc_receive or proxy_on_grpc_close, a stream in proxy_on_grpc_close.
 */
export const BOOKKEEPING = {
  proxy_on_http_call_response: ["proxy_http_call"],
  proxy_on_grpc_receive: ["proxy_grpc_call"],
  proxy_on_grpc_close: ["proxy_grpc_call", "proxy_grpc_stream"],
};

/** The SDK's context classes (file under the SDK folder → class), whose on* methods are the defaults. */
export const SDK_CONTEXT_CLASSES = {
  context: "Context",
  root_context: "RootContext",
  http_context: "HttpContext",
  stream_context: "StreamContext",
};

const CALLBACK_METHOD = /^on[A-Z]/;

/**
 * The exports a module keeps. `exported`: its function exports as compiled; `imports`: the `env` functions it
 * imports; `overrides`: method name → where it is overridden ("file Class"), for the methods of DISPATCH.
 * Returns the callbacks to remove and, for each one kept, why. Throws on a callback it does not know.
 */
export function planExports(exported, imports, overrides) {
  const keep = new Map();
  const remove = [];
  for (const name of exported) {
    if (name in ALWAYS) {
      keep.set(name, ALWAYS[name]);
      continue;
    }
    if (!(name in DISPATCH)) {
      if (name.startsWith("proxy_")) {
        throw new Error(`the module exports ${name}, which assembly/abi/callback_exports.mjs does not know: add it to ALWAYS or DISPATCH`);
      }
      continue; // _initialize, and anything else that is no callback
    }
    const overridden = DISPATCH[name].filter((method) => overrides.has(method));
    const calls = (BOOKKEEPING[name] ?? []).filter((call) => imports.has(call));
    if (overridden.length > 0) keep.set(name, overridden.map((method) => `${method} overridden in ${overrides.get(method).join(", ")}`).join("; "));
    else if (calls.length > 0) keep.set(name, `the SDK forgets the owner of a ${calls.join("/")} there`);
    else remove.push(name);
  }
  return { keep, remove };
}

/** Every element a file declares, namespaces included, each once. */
function* declaredElements(program) {
  const seen = new Set();
  const stack = [...program.filesByName.values()];
  while (stack.length > 0) {
    const element = stack.pop();
    if (seen.has(element)) continue;
    seen.add(element);
    yield element;
    if (element.members) stack.push(...element.members.values());
  }
}

/**
 * The SDK's context classes in `program` and the on* methods of DISPATCH each filter class overrides, or null when
 * the program does not use the SDK's callbacks (a probe module). Throws when the SDK and DISPATCH disagree.
 */
export function findOverrides(program) {
  const exportsFile = [...program.filesByName.values()].find((file) =>
    file.source.sourceKind !== SourceKind.Library && file.internalName.endsWith("abi/exports") && file.members?.has("proxy_on_context_create"));
  if (!exportsFile) return null;
  const sdk = exportsFile.internalName.slice(0, -"abi/exports".length);
  const bases = new Set();
  const sdkMethods = new Set();
  for (const [file, name] of Object.entries(SDK_CONTEXT_CLASSES)) {
    const base = program.filesByName.get(sdk + file)?.members?.get(name);
    if (!base || base.kind !== ElementKind.ClassPrototype) throw new Error(`callback_exports.mjs: the SDK has no class ${name} in ${sdk}${file}.ts`);
    bases.add(base);
    for (const member of base.instanceMembers?.keys() ?? []) if (CALLBACK_METHOD.test(member)) sdkMethods.add(member);
  }
  const dispatched = new Set(Object.values(DISPATCH).flat());
  const unknown = [...sdkMethods].filter((method) => !dispatched.has(method));
  if (unknown.length > 0) throw new Error(`callback_exports.mjs: the SDK's context classes declare ${unknown.join(", ")}, which no DISPATCH callback names: add them`);
  const missing = [...dispatched].filter((method) => !sdkMethods.has(method));
  if (missing.length > 0) throw new Error(`callback_exports.mjs: DISPATCH names ${missing.join(", ")}, which no SDK context class declares`);

  const overrides = new Map();
  for (const element of declaredElements(program)) {
    if (element.kind !== ElementKind.ClassPrototype || bases.has(element) || !element.instanceMembers) continue;
    let base = element.basePrototype;
    while (base !== null && !bases.has(base)) base = base.basePrototype;
    if (base === null) continue; // not a context class
    for (const member of element.instanceMembers.keys()) {
      if (!dispatched.has(member)) continue;
      const where = `${element.file.internalName} ${element.name}`;
      overrides.set(member, [...(overrides.get(member) ?? []), where]);
    }
  }
  return overrides;
}

export default class CallbackExports extends Transform {
  afterInitialize(program) {
    this.overrides = findOverrides(program);
  }

  afterCompile(module) {
    if (this.overrides === null) return;
    const binaryen = this.binaryen;
    const exported = [];
    for (let i = 0; i < module.getNumExports(); i++) {
      const info = binaryen.getExportInfo(module.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction) exported.push(info.name);
    }
    if (!exported.includes("proxy_abi_version_0_2_1")) return;
    const imports = new Set();
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (info.module === "env") imports.add(info.base);
    }
    const { remove } = planExports(exported, imports, this.overrides);
    for (const name of remove) module.removeExport(name);
  }
}
