// The emulated Envoy: process-wide state (shared data, shared queues, stats, clusters, the clock) and the VMs
// loaded into it. Several plugins loaded from one module are several worker VMs sharing that state, so
// cross-worker logic runs with whatever interleaving the test chooses.
import { randomBytes as cryptoRandomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Status } from "./abi.js";
import { Calls, GrpcCall, GrpcStream, HttpCall, type ClusterHandlers } from "./calls.js";
import { Clock } from "./clock.js";
import type { HostContext } from "./context.js";
import type { Upstream } from "./http_stream.js";
import { StatsStore } from "./metrics.js";
import { Plugin, type PluginOptions } from "./plugin.js";
import type { PropertyTree } from "./properties.js";
import { SharedDataStore, SharedQueueTable } from "./store.js";
import type { LogEntry } from "./vm.js";

export interface HostOptions {
  /** Clusters outbound calls may name; a list declares them without scripted answers. */
  clusters?: string[] | Record<string, ClusterHandlers>;
  /** Wall-clock time when the host starts (default 2025-01-01T00:00:00Z). */
  startTime?: Date | number;
  /** Source of WASI random_get bytes (default: node:crypto). Give a seeded one for reproducible tests. */
  randomBytes?: (size: number) => Uint8Array;
  /** Answers `plugin.request()` requests when neither the request nor the plugin names an upstream. */
  upstream?: Upstream;
  /** Attributes every plugin sees (e.g. { xds: { node: { id: "my-node" } } }). */
  properties?: PropertyTree;
}

/** A foreign function: gets the calling context and the argument bytes, answers a status and optional bytes. */
export type ForeignFunction = (context: HostContext, args: Uint8Array) => { status: Status; result?: Uint8Array };

export class EmulatedHost {
  readonly clock: Clock;
  readonly stats = new StatsStore();
  readonly sharedData = new SharedDataStore();
  readonly queues: SharedQueueTable;
  readonly calls = new Calls();
  /** Every log line of every VM, in order. */
  readonly logs: LogEntry[] = [];
  readonly plugins: Plugin[] = [];
  readonly upstream: Upstream | undefined;
  readonly properties: PropertyTree | undefined;

  private readonly random: (size: number) => Uint8Array;
  private readonly foreignFunctions = new Map<string, ForeignFunction>([
    ["clear_route_cache", (context) => {
      context.clearRouteCache();
      return { status: Status.Ok };
    }],
  ]);
  private readonly modules = new Map<string, Promise<WebAssembly.Module>>();
  private posted: (() => void)[] = [];
  private running = false;
  private connections = 0;

  constructor(options: HostOptions = {}) {
    this.clock = new Clock(BigInt(new Date(options.startTime ?? Date.UTC(2025, 0, 1)).getTime()) * 1_000_000n);
    this.random = options.randomBytes ?? ((size) => new Uint8Array(cryptoRandomBytes(size)));
    this.upstream = options.upstream;
    this.properties = options.properties;
    this.queues = new SharedQueueTable((task) => this.post(task));
    const clusters = options.clusters ?? [];
    if (Array.isArray(clusters)) for (const name of clusters) this.addCluster(name);
    else for (const [name, handlers] of Object.entries(clusters)) this.addCluster(name, handlers);
  }

  /**
   * Loads a built filter into a new VM (a worker, in Envoy's terms) and configures it. `wasm` is a path, the bytes
   * or a compiled module; a path is compiled once per host. Rejects when the module cannot load in Envoy (missing
   * ABI marker or allocator, an import Envoy lacks, a trap in _initialize or onVmStart). A rejected configuration
   * does not reject: the plugin comes back with `configured` false.
   */
  async loadPlugin(wasm: string | URL | Uint8Array | WebAssembly.Module, options: PluginOptions = {}): Promise<Plugin> {
    const module = wasm instanceof WebAssembly.Module ? wasm : await this.compile(wasm);
    const name = options.name ?? "plugin";
    const index = this.plugins.filter((p) => p.vm.settings.name.startsWith(`${name}#`)).length + 1;
    const plugin = Plugin.load(this, module, index, options);
    this.plugins.push(plugin);
    return plugin;
  }

  /** Loads `count` VMs of one plugin, like Envoy with --concurrency `count`. */
  async loadWorkers(wasm: string | URL | Uint8Array | WebAssembly.Module, count: number, options: PluginOptions = {}): Promise<Plugin[]> {
    const plugins: Plugin[] = [];
    for (let i = 0; i < count; i++) plugins.push(await this.loadPlugin(wasm, options));
    return plugins;
  }

  /** Declares a cluster for http_call / grpc_call; `handlers` script its answers. */
  addCluster(name: string, handlers: ClusterHandlers = {}): void {
    this.calls.addCluster(name, handlers);
  }

  /** Registers a foreign function by name (clear_route_cache is built in; unknown names answer NotFound). */
  registerForeignFunction(name: string, fn: ForeignFunction): void {
    this.foreignFunctions.set(name, fn);
  }

  /** Moves the clock forward, firing ticks and call timeouts that fall due on the way, in time order. */
  advance(ms: number): void {
    this.run(() => this.clock.advance(ms));
  }

  /** A metric's value by the name the module defined (or Envoy's wasmcustom.<name>); 0 if never defined. */
  metric(name: string): number {
    return this.stats.value(name);
  }

  /** Every outbound call of every VM. */
  get httpCalls(): HttpCall[] {
    return this.plugins.flatMap((p) => p.httpCalls);
  }

  get grpcCalls(): GrpcCall[] {
    return this.plugins.flatMap((p) => p.grpcCalls);
  }

  get grpcStreams(): GrpcStream[] {
    return this.plugins.flatMap((p) => p.grpcStreams);
  }

  /** @internal */
  foreignFunction(name: string): ForeignFunction | undefined {
    return this.foreignFunctions.get(name);
  }

  /** @internal */
  randomBytes(size: number): Uint8Array {
    return this.random(size);
  }

  /** @internal Connection ids, process-wide like Envoy's. */
  nextConnectionId(): number {
    return ++this.connections;
  }

  /** @internal Queues `task` to run once the current test-driven step has finished its callbacks (Envoy's post). */
  post(task: () => void): void {
    this.posted.push(task);
  }

  /** @internal Runs `step`, then every task it posted (and they post), before returning to the test. */
  run<T>(step: () => T): T {
    if (this.running) return step();
    this.running = true;
    try {
      const result = step();
      while (this.posted.length > 0) this.posted.shift()!();
      return result;
    } catch (error) {
      this.posted = [];
      throw error;
    } finally {
      this.running = false;
    }
  }

  private compile(wasm: string | URL | Uint8Array): Promise<WebAssembly.Module> {
    if (wasm instanceof Uint8Array) return WebAssembly.compile(new Uint8Array(wasm));
    const path = resolve(wasm instanceof URL ? fileURLToPath(wasm) : wasm);
    let module = this.modules.get(path);
    if (!module) this.modules.set(path, (module = readFile(path).then((bytes) => WebAssembly.compile(bytes))));
    return module;
  }
}
