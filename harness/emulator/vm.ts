// One Wasm VM of the emulated host (Envoy runs one per worker thread): the instance, the contexts living in it,
// and cpp-host's calling discipline. Every host-to-VM call sets the current context and clears the effective one
// (SaveRestoreContext), then runs the actions the module deferred during the call (DeferAfterCallActions). A trap
// marks the VM failed, as Envoy does, and surfaces as a WasmTrapError carrying the SDK's abort message.
import { LOG_LEVELS, type LogLevelName, Status } from "./abi.js";
import type { HostContext } from "./context.js";
import type { EmulatedHost } from "./host.js";
import { GuestMemory } from "./memory.js";
import { MetricIds } from "./metrics.js";
import type { PropertyTree } from "./properties.js";
import type { QueueListener } from "./store.js";

/** What Envoy's plugin and vm_config give a VM. */
export interface VmSettings {
  /** Names the VM in logs and errors, e.g. "conformance#1". */
  name: string;
  /** vm_config.vm_id: the shared-data and shared-queue namespace. */
  vmId: string;
  /** Lowest level logged (Envoy's log level; proxy_get_log_level reports it). */
  logLevel: number;
  /** vm_config.environment_variables, what WASI environ_get shows. */
  environment: Record<string, string>;
  /** The plugin's attributes (plugin_name, plugin_root_id, plugin_vm_id, xds.*) and the test's own. */
  properties: PropertyTree;
}

export interface LogEntry {
  level: LogLevelName;
  message: string;
  /** The plugin name and VM index, e.g. "conformance#1". */
  vm: string;
}

/** A module that traps (an AssemblyScript abort, an out-of-bounds access) inside a callback. */
export class WasmTrapError extends Error {
  constructor(
    readonly vm: string,
    readonly functionName: string,
    readonly trap: unknown,
    /** The last critical log before the trap: the SDK's abort hook writes "<filter>: abort: <message> at <file:line:col>". */
    readonly abortMessage: string | undefined,
  ) {
    super(
      `Wasm VM ${vm} failed: Function: ${functionName} failed: ${trap instanceof Error ? trap.message : String(trap)}` +
        (abortMessage ? `\n  module's last critical log: ${abortMessage}` : ""),
      { cause: trap },
    );
    this.name = "WasmTrapError";
  }
}

/** Host calls cpp-host allows while `_initialize` runs; anything else fails the VM. */
const ALLOWED_DURING_INITIALIZE = new Set([
  "proxy_log", "fd_write", "args_sizes_get", "args_get", "environ_sizes_get", "environ_get", "clock_time_get",
  "clock_res_get", "random_get", "poll_oneoff", "fd_fdstat_get", "fd_fdstat_set_flags",
]);

type Export = (...args: (number | bigint)[]) => number | undefined;

export class WasmVm implements QueueListener {
  readonly memory: GuestMemory;
  readonly metrics: MetricIds;
  readonly contexts = new Map<number, HostContext>();
  readonly logs: LogEntry[] = [];
  failure: WasmTrapError | undefined;
  /** Set by proxy_send_local_response: the callback's verdict becomes "stop" whatever it returned. */
  stopNextIteration = false;
  nextHttpCallId = 0;
  nextGrpcCallId = 1;
  nextGrpcStreamId = 2;

  private nextContextId = 1;
  private current: HostContext | undefined;
  private effectiveId = 0;
  private running: string | undefined;
  private restrictedTo: string | undefined;
  private readonly afterCallActions: (() => void)[] = [];

  private constructor(
    readonly settings: VmSettings,
    readonly host: EmulatedHost,
    private readonly exports: Record<string, unknown>,
  ) {
    const memory = exports.memory as WebAssembly.Memory;
    const malloc = (exports.malloc ?? exports.proxy_on_memory_allocate) as (size: number) => number;
    this.memory = new GuestMemory(memory, malloc);
    this.metrics = new MetricIds(host.stats);
  }

  /**
   * Instantiates `module` with `imports(vm)` and runs `_initialize` (or `_start`), applying cpp-host's load checks:
   * the ABI marker, an allocator and a memory export, every import resolvable.
   */
  static instantiate(
    settings: VmSettings,
    host: EmulatedHost,
    module: WebAssembly.Module,
    imports: (vm: () => WasmVm) => WebAssembly.Imports,
  ): WasmVm {
    const name = settings.name;
    const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
    const problem = !exported.has("proxy_abi_version_0_2_1") && !exported.has("proxy_abi_version_0_2_0")
      ? "Missing or unknown Proxy-Wasm ABI version"
      : !exported.has("malloc") && !exported.has("proxy_on_memory_allocate")
        ? "Wasm module is missing malloc function."
        : !exported.has("memory") ? "Wasm module exports no memory" : undefined;
    if (problem) throw new Error(`${name}: ${problem}`);
    let vm: WasmVm | undefined;
    const importObject = imports(() => {
      if (!vm) throw new Error(`${name}: a host function was called while the module was being linked (a wasm start section?)`);
      return vm;
    });
    const provided = (mod: string, field: string) => typeof (importObject[mod] as Record<string, unknown> | undefined)?.[field] === "function";
    for (const { module: mod, name: field, kind } of WebAssembly.Module.imports(module)) {
      if (kind !== "function") throw new Error(`${name}: imports a ${kind} ${mod}.${field}: Envoy only links functions`);
      if (!provided(mod, field)) throw new Error(`${name}: Failed to load Wasm module due to a missing import: ${mod}.${field}`);
    }
    const instance = new WebAssembly.Instance(module, importObject);
    vm = new WasmVm(settings, host, instance.exports as Record<string, unknown>);
    vm.start();
    return vm;
  }

  private start(): void {
    const entry = typeof this.exports._initialize === "function" ? "_initialize" : typeof this.exports._start === "function" ? "_start" : undefined;
    if (!entry) return;
    this.restrictedTo = entry;
    try {
      this.callExport(entry, []);
    } finally {
      this.restrictedTo = undefined;
    }
    if (entry === "_initialize" && typeof this.exports.main === "function") this.callExport("main", [0, 0]);
  }

  get name(): string {
    return this.settings.name;
  }

  get logLevel(): number {
    return this.settings.logLevel;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  allocContextId(): number {
    return this.nextContextId++;
  }

  hasExport(name: string): boolean {
    return typeof this.exports[name] === "function";
  }

  /** The context host calls act on: the effective one if the module set one that still exists, else the current one. */
  context(): HostContext {
    const effective = this.effectiveId !== 0 ? this.contexts.get(this.effectiveId) : undefined;
    const context = effective ?? this.current;
    if (!context) throw new Error(`${this.name}: host function called outside any context`);
    return context;
  }

  setEffectiveContext(id: number): Status {
    if (!this.contexts.has(id)) return Status.BadArgument;
    this.effectiveId = id;
    return Status.Ok;
  }

  /** Fails the VM when the module calls `hostFunction` where cpp-host would not allow it. */
  checkAllowed(hostFunction: string): void {
    if (this.restrictedTo && !ALLOWED_DURING_INITIALIZE.has(hostFunction)) {
      throw new Error(`host function ${hostFunction} called from ${this.restrictedTo}, where Envoy allows only proxy_log and a few WASI calls (do this in onVmStart or onConfigure)`);
    }
  }

  /** Defers `action` until the running callback has returned (Envoy's addAfterVmCallAction). */
  afterCall(action: () => void): void {
    this.afterCallActions.push(action);
  }

  log(level: number, message: string): void {
    if (level < this.logLevel) return;
    const entry = { level: LOG_LEVELS[level], message, vm: this.name };
    this.logs.push(entry);
    this.host.logs.push(entry);
  }

  /** A shared queue this VM registered has data: proxy_on_queue_ready on the registering root context. */
  queueReady(rootContextId: number, token: number): void {
    const root = this.contexts.get(rootContextId);
    if (root) this.call(root, "proxy_on_queue_ready", [rootContextId, token]);
  }

  /**
   * Calls the callback `name` on behalf of `context`. A callback the module does not export answers 0 (continue);
   * where cpp-host answers true instead (proxy_on_vm_start, proxy_on_configure), the caller checks hasExport.
   * `verdict` sees the result and whether a local response stopped the iteration, before deferred actions run.
   * Nothing is called on a failed VM; `verdict` is not run then and the call answers undefined.
   */
  call(context: HostContext, name: string, args: (number | bigint)[], verdict?: (result: number, stopped: boolean) => void): number | undefined {
    if (this.failed) return undefined;
    if (!this.hasExport(name)) {
      verdict?.(0, false);
      return 0;
    }
    if (this.running) throw new Error(`emulator: ${name} called while ${this.running} is still running`);
    this.current = context;
    this.effectiveId = 0;
    let result: number;
    try {
      result = this.callExport(name, args);
    } finally {
      this.current = undefined;
      this.effectiveId = 0;
    }
    const stopped = this.stopNextIteration;
    this.stopNextIteration = false;
    verdict?.(result, stopped);
    while (this.afterCallActions.length > 0 && !this.failed) this.afterCallActions.shift()!();
    return result;
  }

  private callExport(name: string, args: (number | bigint)[]): number {
    this.running = name;
    try {
      return ((this.exports[name] as Export)(...args) ?? 0) >>> 0;
    } catch (error) {
      const critical = [...this.logs].reverse().find((entry) => entry.level === "critical");
      this.failure = new WasmTrapError(this.name, name, error, critical?.message);
      this.afterCallActions.length = 0;
      throw this.failure;
    } finally {
      this.running = undefined;
    }
  }
}
