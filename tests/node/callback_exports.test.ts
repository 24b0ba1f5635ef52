// Each module exports only the proxy_on_* callbacks its filter needs (issue 20): Envoy never enters the VM for a
// callback a module does not export, so every extra one costs a call per request for nothing. The build decides the
// list in asconfig.json's transform (assembly/abi/callback_exports.mjs) from the compiler's own program. This suite
// decides it again from the sources with the TypeScript compiler, and fails when a built module lacks the callback
// of a method its filter overrides, or exports an optional callback no class of its filter overrides.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import asc from "assemblyscript/asc";
import ts from "typescript";
import CallbackExports, { ALWAYS, BOOKKEEPING, DISPATCH, planExports } from "../../assembly/abi/callback_exports.mjs";
import { entryOf } from "../../harness/build.js";
import { FILTERS } from "../../harness/filters.js";
import { projectRoot } from "../../harness/paths.js";

const root = projectRoot();
const asconfig = JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8")) as { targets: Record<string, { outFile: string }> };
const SDK_EXPORTS = "assembly/abi/exports.ts";
const SDK_CLASSES: Record<string, string> = {
  "assembly/context.ts": "Context",
  "assembly/root_context.ts": "RootContext",
  "assembly/http_context.ts": "HttpContext",
  "assembly/stream_context.ts": "StreamContext",
};

/** The asconfig.json targets whose entry re-exports the SDK's callbacks (`export * from ".../assembly/abi/exports"`). */
function sdkModules(): { target: string; entry: string; wasm: string }[] {
  return Object.entries(asconfig.targets).flatMap(([target, { outFile }]) => {
    const entry = entryOf(root, target);
    const source = ts.createSourceFile(entry, readFileSync(join(root, entry), "utf8"), ts.ScriptTarget.ES2022);
    const reexports = source.statements.some((statement) => ts.isExportDeclaration(statement) && !statement.exportClause
      && statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text.endsWith("assembly/abi/exports"));
    return reexports ? [{ target, entry, wasm: outFile }] : [];
  });
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** exports.ts as written: each exported function, the context methods it calls (`x.onY(...)`), and whether it ends a call. */
function sdkCallbacks(): Map<string, { methods: string[]; endsCalls: boolean }> {
  const file = ts.createSourceFile(SDK_EXPORTS, readFileSync(join(root, SDK_EXPORTS), "utf8"), ts.ScriptTarget.ES2022, true);
  const callbacks = new Map<string, { methods: string[]; endsCalls: boolean }>();
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) callbacks.set(element.name.text, { methods: [], endsCalls: false });
    }
    if (!ts.isFunctionDeclaration(statement) || !statement.name || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const methods = new Set<string>();
    let endsCalls = false;
    walk(statement, (node) => {
      if (!ts.isCallExpression(node)) return;
      if (ts.isPropertyAccessExpression(node.expression) && /^on[A-Z]/.test(node.expression.name.text)) methods.add(node.expression.name.text);
      if (ts.isIdentifier(node.expression) && node.expression.text === "endCall") endsCalls = true;
    });
    callbacks.set(statement.name.text, { methods: [...methods].sort(), endsCalls });
  }
  return callbacks;
}

let program: ts.Program | undefined;

/**
 * Method name → "file Class" for every method of DISPATCH a class reachable from `entry` declares, when the class's
 * base chain reaches one of the SDK's context classes. The base of every class is resolved by the type checker
 * (imports, re-exports and aliases followed); one that cannot be resolved fails the test rather than being skipped.
 */
function contextOverrides(entry: string): Map<string, string[]> {
  program = ts.createProgram({
    rootNames: [join(root, entry)],
    options: { noEmit: true, noLib: true, types: [], experimentalDecorators: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Node10 },
    oldProgram: program,
  });
  const checker = program.getTypeChecker();
  const methods = new Set(Object.values(DISPATCH).flat());
  const files = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes("/node_modules/"));
  const sdkClasses = new Set<ts.ClassDeclaration>();
  for (const file of files) {
    const name = SDK_CLASSES[relative(root, file.fileName)];
    if (name === undefined) continue;
    for (const statement of file.statements) if (ts.isClassDeclaration(statement) && statement.name?.text === name) sdkClasses.add(statement);
  }
  assert.equal(sdkClasses.size, Object.keys(SDK_CLASSES).length, `${entry} reaches the SDK's four context classes`);
  const baseOf = (cls: ts.ClassLikeDeclaration): ts.ClassDeclaration | null => {
    const extendsType = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!extendsType) return null;
    let symbol = checker.getSymbolAtLocation(extendsType.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const base = symbol?.declarations?.find(ts.isClassDeclaration);
    const where = `${relative(root, cls.getSourceFile().fileName)} ${cls.name?.text ?? "(anonymous class)"}`;
    assert.ok(base, `${where}: the TypeScript compiler cannot resolve its base class ${extendsType.expression.getText()}`);
    return base;
  };
  const overrides = new Map<string, string[]>();
  for (const file of files) {
    walk(file, (node) => {
      if (!ts.isClassLike(node) || sdkClasses.has(node as ts.ClassDeclaration)) return;
      let base = baseOf(node);
      while (base !== null && !sdkClasses.has(base)) base = baseOf(base);
      if (base === null) return;
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name) || !methods.has(member.name.text)) continue;
        const where = `${relative(root, file.fileName)} ${node.name?.text}`;
        overrides.set(member.name.text, [...(overrides.get(member.name.text) ?? []), where]);
      }
    });
  }
  return overrides;
}

function wasmInterface(path: string): { exports: Set<string>; imports: Set<string> } {
  const module = new WebAssembly.Module(readFileSync(path));
  return {
    exports: new Set(WebAssembly.Module.exports(module).filter((entry) => entry.kind === "function").map((entry) => entry.name)),
    imports: new Set(WebAssembly.Module.imports(module).filter((entry) => entry.module === "env").map((entry) => entry.name)),
  };
}

describe("the callbacks each module exports", () => {
  it("DISPATCH, ALWAYS and BOOKKEEPING describe exports.ts as it is written", () => {
    const callbacks = sdkCallbacks();
    assert.ok(callbacks.size >= 25, `${SDK_EXPORTS} exports ${callbacks.size} functions`);
    for (const [name, { methods }] of callbacks) {
      assert.ok(name in ALWAYS || name in DISPATCH, `${SDK_EXPORTS} exports ${name}, which callback_exports.mjs neither always keeps nor dispatches`);
      if (methods.length > 0 || name in DISPATCH) assert.deepEqual([...(DISPATCH[name] ?? [])].sort(), methods, `${name} dispatches to ${methods.join(", ") || "nothing"}`);
    }
    for (const name of [...Object.keys(ALWAYS), ...Object.keys(DISPATCH)]) assert.ok(callbacks.has(name), `callback_exports.mjs names ${name}, which ${SDK_EXPORTS} does not export`);
    const ending = [...callbacks].filter(([, { endsCalls }]) => endsCalls).map(([name]) => name).sort();
    assert.deepEqual(Object.keys(BOOKKEEPING).sort(), ending, "the callbacks that forget a call's owner (endCall) are BOOKKEEPING's");
  });

  const modules = sdkModules();
  it("covers every catalogue module (filters, conformance, starter) and the bench probe", () => {
    const targets = new Set(modules.map((module) => module.target));
    for (const target of [...FILTERS.map((entry) => entry.target), "probe-bench"]) assert.ok(targets.has(target), `${target}'s entry does not re-export ${SDK_EXPORTS}`);
  });

  for (const { target, entry, wasm } of modules) {
    it(`${wasm}: a callback for every method its context classes override, and no optional callback besides`, () => {
      assert.ok(existsSync(join(root, wasm)), `${wasm} is not built: run npm run build`);
      const { exports, imports } = wasmInterface(join(root, wasm));
      const overrides = contextOverrides(entry);
      for (const name of Object.keys(ALWAYS)) assert.ok(exports.has(name), `${wasm} does not export ${name}: ${ALWAYS[name]}`);
      const needed = new Map<string, string>();
      for (const [name, methods] of Object.entries(DISPATCH)) {
        for (const method of methods) if (overrides.has(method)) needed.set(name, `${overrides.get(method)!.join(", ")} overrides ${method}`);
      }
      for (const [name, calls] of Object.entries(BOOKKEEPING)) {
        for (const call of calls) if (imports.has(call) && !needed.has(name)) needed.set(name, `the module imports ${call}, whose call owner the SDK forgets in ${name}`);
      }
      // (a) an override whose callback Envoy could not call
      for (const [name, why] of needed) assert.ok(exports.has(name), `${target}: ${why}, but ${wasm} does not export ${name}`);
      // (b) a callback exported for nothing: Envoy would enter the VM for the SDK's default
      for (const name of exports) {
        if (name in DISPATCH && !(name in ALWAYS)) assert.ok(needed.has(name), `${wasm} exports ${name}, but no context class of ${target} overrides ${DISPATCH[name].join(" or ")} and no call needs it`);
      }
    });
  }

  it("the starter keeps its two header callbacks and its configuration callbacks, nothing else", () => {
    const { exports } = wasmInterface(join(root, asconfig.targets.starter.outFile));
    assert.deepEqual([...exports].sort(), [
      "_initialize", "malloc", "proxy_abi_version_0_2_1", "proxy_on_configure", "proxy_on_context_create", "proxy_on_delete",
      "proxy_on_memory_allocate", "proxy_on_request_headers", "proxy_on_response_headers", "proxy_on_vm_start",
    ]);
  });

  it("planExports keeps ALWAYS, an overridden callback, a call's bookkeeping; it refuses a callback it does not know", () => {
    const exported = ["_initialize", "proxy_abi_version_0_2_1", "malloc", "proxy_on_memory_allocate", "proxy_on_context_create", "proxy_on_delete", "proxy_on_request_body", "proxy_on_log", "proxy_on_grpc_close", "proxy_on_grpc_receive", "proxy_on_tick"];
    const { keep, remove } = planExports(exported, new Set(["proxy_grpc_stream"]), new Map([["onLog", ["f.ts A"]]]));
    assert.deepEqual([...keep.keys()].sort(), ["malloc", "proxy_abi_version_0_2_1", "proxy_on_context_create", "proxy_on_delete", "proxy_on_grpc_close", "proxy_on_log", "proxy_on_memory_allocate"]);
    assert.match(keep.get("proxy_on_log")!, /onLog overridden in f\.ts A/);
    assert.deepEqual(remove.sort(), ["proxy_on_grpc_receive", "proxy_on_request_body", "proxy_on_tick"]);
    assert.throws(() => planExports(["proxy_on_request_metadata"], new Set(), new Map()), /exports proxy_on_request_metadata, which assembly\/abi\/callback_exports\.mjs does not know/);
  });
});

/** Compiles `files` (path → source, beside the repository's own) with the transform; answers the exports or the error. */
async function compileWith(files: Record<string, string>, entry: string): Promise<{ exports?: string[]; error?: string }> {
  let binary: Uint8Array<ArrayBuffer> | undefined;
  const { error, stderr } = await asc.main([entry, "--baseDir", root, "--outFile", "out.wasm", "--runtime", "minimal", "--exportStart", "_initialize", "--use", "abort=sdkAbort", "--use", "seed=sdkSeed", "--optimizeLevel", "1"], {
    readFile: (name: string, baseDir: string) => {
      if (name === "asconfig.json") return null;
      if (name in files) return files[name];
      const path = join(baseDir, name);
      return existsSync(path) ? readFileSync(path, "utf8") : null;
    },
    writeFile: (name: string, contents: string | Uint8Array) => {
      if (name === "out.wasm") binary = contents as Uint8Array<ArrayBuffer>;
    },
    listFiles: () => [],
    transforms: [CallbackExports as never],
  });
  if (error) return { error: `${error.message}\n${stderr.toString()}` };
  return { exports: WebAssembly.Module.exports(new WebAssembly.Module(binary!)).map((entry) => entry.name).sort() };
}

describe("the transform in asc", () => {
  it("follows a base class in another file; a class with an on* method that is no context changes nothing", async () => {
    const { exports, error } = await compileWith({
      "fixture/base.ts": `import { HttpContext } from "../assembly";
export class Base extends HttpContext {
  onLog(): void {}
}`,
      "fixture/index.ts": `export * from "../assembly/abi/exports";
import { Action, HttpContext, RootContext, setRootContext } from "../assembly";
import { Base } from "./base";
class NoContext { onRequestHeaders(n: u32, end: bool): Action { return Action.Pause; } }
class Stream extends Base {
  onResponseBody(size: u32, end: bool): Action { return new NoContext().onRequestHeaders(size, end); }
}
class Root extends RootContext {
  createHttpContext(id: u32): HttpContext | null { return new Stream(id); }
}
setRootContext((id: u32): RootContext => new Root(id));`,
    }, "fixture/index.ts");
    assert.equal(error, undefined);
    assert.deepEqual(exports, ["_initialize", "malloc", "memory", "proxy_abi_version_0_2_1", "proxy_on_context_create", "proxy_on_delete", "proxy_on_log", "proxy_on_memory_allocate", "proxy_on_response_body"]);
  });

  it("fails the build when an SDK context class declares a callback method DISPATCH does not name", async () => {
    const sdk = readFileSync(join(root, "assembly/http_context.ts"), "utf8");
    const edited = sdk.replace("  onRequestTrailers(", "  onRequestMetadata(numElements: u32): Action { return Action.Continue; }\n  onRequestTrailers(");
    assert.notEqual(edited, sdk);
    const { error } = await compileWith({
      "assembly/http_context.ts": edited,
      "fixture/index.ts": `export * from "../assembly/abi/exports";
import { RootContext, setRootContext } from "../assembly";
setRootContext((id: u32): RootContext => new RootContext(id));`,
    }, "fixture/index.ts");
    assert.match(error ?? "", /the SDK's context classes declare onRequestMetadata, which no DISPATCH callback names/);
  });
});
