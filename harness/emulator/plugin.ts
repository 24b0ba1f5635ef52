// A plugin loaded into one VM of the emulated host: what Envoy does for each worker thread. Loading runs
// _initialize, then the root context's proxy_on_context_create, proxy_on_vm_start and proxy_on_configure; a module
// that rejects its configuration leaves `configured` false, with its log lines in `logs`.
import { LOG_LEVELS, type LogLevelName } from "./abi.js";
import { GrpcCall, GrpcStream, HttpCall, bytesOf, type Body } from "./calls.js";
import { Connection, type ConnectionOptions } from "./connection.js";
import { RootContext } from "./context.js";
import type { HeadersInit } from "./headers.js";
import type { EmulatedHost } from "./host.js";
import { HttpStream, requestHeaders, type HttpStreamOptions, type Upstream } from "./http_stream.js";
import { hostImports } from "./imports.js";
import { mergeProperties, type PropertyTree } from "./properties.js";
import { type LogEntry, WasmTrapError, WasmVm } from "./vm.js";

export interface PluginOptions {
  /** The plugin configuration (Envoy's `configuration`); an object is sent as JSON. */
  configuration?: string | object;
  /** vm_config.configuration, read in onVmStart. */
  vmConfiguration?: string | object;
  /** The plugin's name (plugin_name); "plugin" by default. */
  name?: string;
  /** root_id (plugin_root_id). */
  rootId?: string;
  /** vm_config.vm_id: plugins with the same vm_id share shared data and queues (plugin_vm_id). */
  vmId?: string;
  /** Lowest level logged; Envoy's default is info. */
  logLevel?: LogLevelName;
  /** vm_config.environment_variables. */
  environment?: Record<string, string>;
  /** Attributes for every context of this plugin, merged over the host's and the defaults. */
  properties?: PropertyTree;
  /** Answers requests sent with `plugin.request()`, unless the request names its own. */
  upstream?: Upstream;
}

/** A request for `plugin.request()`: pseudo-headers from method/path/authority; a body list arrives in chunks. */
export interface RequestInit {
  method?: string;
  path: string;
  authority?: string;
  headers?: HeadersInit;
  body?: Body | Body[];
  trailers?: HeadersInit;
}

const json = (value: string | object | undefined) => bytesOf(value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value));

export class Plugin {
  private configuredOk = false;

  private constructor(
    readonly host: EmulatedHost,
    readonly vm: WasmVm,
    readonly root: RootContext,
    private readonly upstream: Upstream | undefined,
  ) {}

  /** @internal Use EmulatedHost.loadPlugin. */
  static load(host: EmulatedHost, module: WebAssembly.Module, vmIndex: number, options: PluginOptions): Plugin {
    const name = options.name ?? "plugin";
    const level = LOG_LEVELS.indexOf(options.logLevel ?? "info");
    if (level < 0) throw new Error(`unknown log level ${options.logLevel}`);
    const properties = mergeProperties(
      { plugin_name: name, plugin_root_id: options.rootId ?? "", plugin_vm_id: options.vmId ?? "", xds: { node: { id: "emulated-node", cluster: "emulated" } } },
      host.properties,
      options.properties,
    );
    const vm = WasmVm.instantiate(
      { name: `${name}#${vmIndex}`, vmId: options.vmId ?? "", logLevel: level, environment: options.environment ?? {}, properties },
      host,
      module,
      hostImports,
    );
    const root = new RootContext(vm, vm.allocContextId(), json(options.vmConfiguration));
    vm.contexts.set(root.id, root);
    const plugin = new Plugin(host, vm, root, options.upstream);
    plugin.configure(json(options.configuration));
    return plugin;
  }

  /** proxy_on_context_create, proxy_on_vm_start and proxy_on_configure on the root context. */
  private configure(configuration: Uint8Array): void {
    const root = this.root;
    this.host.run(() => {
      this.vm.call(root, "proxy_on_context_create", [root.id, 0]);
      // As cpp-host's ContextBase::onStart and onConfigure: a module that exports neither answers true.
      const started = !this.vm.hasExport("proxy_on_vm_start") || this.vm.call(root, "proxy_on_vm_start", [root.id, root.vmConfiguration.length]) !== 0;
      root.pluginConfiguration = configuration;
      let configured = false;
      try {
        configured = started && (!this.vm.hasExport("proxy_on_configure") || this.vm.call(root, "proxy_on_configure", [root.id, configuration.length]) !== 0);
      } finally {
        root.pluginConfiguration = undefined;
      }
      this.configuredOk = configured;
    });
  }

  /** proxy_on_vm_start and proxy_on_configure both answered true (in Envoy: the plugin would load). */
  get configured(): boolean {
    return this.configuredOk;
  }

  get name(): string {
    return this.vm.name;
  }

  /** Every line the module logged at or above its log level, in order. */
  get logs(): LogEntry[] {
    return this.vm.logs;
  }

  /** The VM trapped: every later stream gets 503 and every connection is closed, as in Envoy (fail closed). */
  get failed(): boolean {
    return this.vm.failed;
  }

  get failure(): WasmTrapError | undefined {
    return this.vm.failure;
  }

  get httpCalls(): HttpCall[] {
    return this.host.calls.of(this.vm).filter((c): c is HttpCall => c instanceof HttpCall);
  }

  get grpcCalls(): GrpcCall[] {
    return this.host.calls.of(this.vm).filter((c): c is GrpcCall => c instanceof GrpcCall);
  }

  get grpcStreams(): GrpcStream[] {
    return this.host.calls.of(this.vm).filter((c): c is GrpcStream => c instanceof GrpcStream);
  }

  /** Opens an HTTP stream the test drives frame by frame (sendRequestHeaders, ..., sendResponseHeaders, ...). */
  http(options: HttpStreamOptions = {}): HttpStream {
    this.ensureConfigured();
    return new HttpStream(this.vm, this.root, options);
  }

  /**
   * Sends a whole request as Envoy's connection manager would hand it to the filter (with :scheme, :authority,
   * x-forwarded-proto and x-request-id), and lets `upstream` answer once the request reached it (by default the
   * plugin's or host's upstream, else 200 with no body). Returns when nothing more can happen without the test:
   * done, or waiting on an outbound call nobody scripted.
   */
  request(init: RequestInit, options: HttpStreamOptions = {}): HttpStream {
    const upstream = options.upstream ?? this.upstream ?? this.host.upstream ?? (() => ({ status: 200 }));
    const stream = this.http({ ...options, upstream });
    const chunks = (Array.isArray(init.body) ? init.body : init.body === undefined ? [] : [init.body]).map(bytesOf);
    const length = chunks.length === 1 ? chunks[0].length : undefined;
    this.host.run(() => {
      stream.sendRequestHeaders(requestHeaders({ ...init, bodyLength: length }).pairs(), chunks.length === 0 && !init.trailers);
      chunks.forEach((chunk, i) => stream.sendRequestBody(chunk, i === chunks.length - 1 && !init.trailers));
      if (init.trailers) stream.sendRequestTrailers(init.trailers);
    });
    return stream;
  }

  /** Opens an L4 connection (proxy_on_new_connection runs now). */
  connection(options: ConnectionOptions = {}): Connection {
    this.ensureConfigured();
    return new Connection(this.vm, this.root, options);
  }

  /** Runs proxy_on_tick once on the root context now, whatever the tick period (the clock does not move). */
  tick(): void {
    this.host.run(() => this.root.tick());
  }

  private ensureConfigured(): void {
    if (!this.configured) {
      const errors = this.logs.filter((l) => l.level === "error" || l.level === "critical").map((l) => l.message);
      throw new Error(`${this.name} was not configured (proxy_on_configure answered false), so Envoy would not have loaded it${errors.length ? `: ${errors.join("; ")}` : ""}`);
    }
  }
}
