// Istio manifests for a filter pulled from an OCI registry: a WasmPlugin (extensions.istio.io/v1alpha1), or the
// equivalent EnvoyFilter (networking.istio.io/v1alpha3) for meshes that manage filters by hand. The EnvoyFilter goes
// through ECDS, as WasmPlugin does: the istio-agent intercepts an extension config whose code is remote, pulls the
// image and hands Envoy a local file; a filter that names an oci:// URL any other way would never be fetched.
import { type FailStrategy, type FilterEntry, type IstioPhase, failStrategyFor } from "../filters.js";
import { UsageError } from "../usage_error.js";

export type { FailStrategy } from "../filters.js";
export type TrafficMode = "CLIENT" | "SERVER" | "CLIENT_AND_SERVER";

export interface IstioOptions {
  /** `oci://registry/repo:tag`, `oci://registry/repo@sha256:…` (or http(s)://, file://). */
  image: string;
  config: unknown;
  /** What Istio's agent checks the fetched module against (module_source.ts): an oci:// image's manifest digest, an
   * http(s):// module's sha256; hex, without "sha256:". */
  sha256?: string;
  name?: string;
  namespace?: string;
  /** Workload labels (`selector.matchLabels`); at most one of selector and targetRef. */
  selector?: Record<string, string>;
  /** A Gateway API Gateway or a Service the plugin attaches to. */
  targetRef?: { kind: string; name: string };
  mode?: TrafficMode;
  ports?: number[];
  /** Default: the catalogue entry's for `config`; one the entry refuses (auth: FAIL_OPEN) is an error. */
  failStrategy?: FailStrategy;
  phase?: IstioPhase;
  priority?: number;
  imagePullPolicy?: "IfNotPresent" | "Always";
  imagePullSecret?: string;
}

const GROUP_OF_KIND: Record<string, string> = { Gateway: "gateway.networking.k8s.io", Service: "" };

function metadata(entry: FilterEntry, options: IstioOptions) {
  return { name: options.name ?? entry.name, ...(options.namespace ? { namespace: options.namespace } : {}) };
}

export function wasmPlugin(entry: FilterEntry, options: IstioOptions): object {
  const ref = options.targetRef;
  const match = options.mode || options.ports?.length ? [{ ...(options.mode ? { mode: options.mode } : {}), ...(options.ports?.length ? { ports: options.ports.map((number) => ({ number })) } : {}) }] : undefined;
  return {
    apiVersion: "extensions.istio.io/v1alpha1",
    kind: "WasmPlugin",
    metadata: metadata(entry, options),
    spec: {
      ...(options.selector ? { selector: { matchLabels: options.selector } } : {}),
      ...(ref ? { targetRefs: [{ group: GROUP_OF_KIND[ref.kind] ?? "", kind: ref.kind, name: ref.name }] } : {}),
      url: options.image,
      ...(options.sha256 ? { sha256: options.sha256 } : {}),
      ...(options.imagePullPolicy ? { imagePullPolicy: options.imagePullPolicy } : {}),
      ...(options.imagePullSecret ? { imagePullSecret: options.imagePullSecret } : {}),
      pluginName: entry.rootId,
      type: entry.kind === "network" ? "NETWORK" : "HTTP",
      phase: options.phase ?? entry.istio.phase,
      priority: options.priority ?? entry.istio.priority,
      failStrategy: failStrategyFor(entry, options.config, options.failStrategy),
      ...(match ? { match } : {}),
      pluginConfig: options.config,
    },
  };
}

/** Envoy's PluginConfig.failure_policy for an Istio failStrategy. */
export const FAILURE_POLICY: Record<FailStrategy, string> = { FAIL_CLOSE: "FAIL_CLOSED", FAIL_OPEN: "FAIL_OPEN", FAIL_RELOAD: "FAIL_RELOAD" };

export const WASM_TYPE = {
  http: "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
  network: "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm",
};

/** The envoy.extensions.wasm.v3.PluginConfig of a filter with the given code source; the failure policy is the
 * entry's default for `config` unless `failStrategy` is given (and the entry does not refuse it). */
export function pluginConfig(entry: FilterEntry, name: string, code: object, config: unknown, failStrategy?: FailStrategy): object {
  return {
    name,
    root_id: entry.rootId,
    vm_config: { vm_id: name, runtime: "envoy.wasm.runtime.v8", code },
    configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: JSON.stringify(config) },
    failure_policy: FAILURE_POLICY[failStrategyFor(entry, config, failStrategy)],
  };
}

function envoyFilterContext(options: IstioOptions): string {
  if (options.targetRef?.kind === "Gateway") return "GATEWAY";
  return options.mode === "SERVER" ? "SIDECAR_INBOUND" : options.mode === "CLIENT" ? "SIDECAR_OUTBOUND" : "ANY";
}

export function envoyFilter(entry: FilterEntry, options: IstioOptions): object {
  if (options.targetRef && options.targetRef.kind !== "Gateway") {
    throw new UsageError(`an EnvoyFilter attaches to a Gateway, not a ${options.targetRef.kind}: use --selector for workloads, or the WasmPlugin`);
  }
  const name = options.name ?? entry.name;
  const network = entry.kind === "network";
  const typeUrl = network ? WASM_TYPE.network : WASM_TYPE.http;
  const listener = {
    ...(options.ports?.length === 1 ? { portNumber: options.ports[0] } : {}),
    filterChain: {
      filter: network ? { name: "envoy.filters.network.tcp_proxy" } : { name: "envoy.filters.network.http_connection_manager", subFilter: { name: "envoy.filters.http.router" } },
    },
  };
  const context = envoyFilterContext(options);
  const code = { remote: { http_uri: { uri: options.image, timeout: "30s" }, ...(options.sha256 ? { sha256: options.sha256 } : {}) } };
  return {
    apiVersion: "networking.istio.io/v1alpha3",
    kind: "EnvoyFilter",
    metadata: metadata(entry, options),
    spec: {
      ...(options.selector ? { workloadSelector: { labels: options.selector } } : {}),
      ...(options.targetRef ? { targetRefs: [{ group: GROUP_OF_KIND[options.targetRef.kind] ?? "", kind: options.targetRef.kind, name: options.targetRef.name }] } : {}),
      configPatches: [
        {
          applyTo: "EXTENSION_CONFIG",
          match: { context },
          patch: { operation: "ADD", value: { name, typed_config: { "@type": typeUrl, config: pluginConfig(entry, name, code, options.config, options.failStrategy) } } },
        },
        {
          applyTo: network ? "NETWORK_FILTER" : "HTTP_FILTER",
          match: { context, listener },
          patch: { operation: "INSERT_BEFORE", value: { name, config_discovery: { config_source: { ads: {}, initial_fetch_timeout: "0s" }, type_urls: [typeUrl] } } },
        },
      ],
    },
  };
}
