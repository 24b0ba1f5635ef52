import { dump } from "js-yaml";
import { readConfigFile, validateConfig } from "../config_validation.js";
import { crdValidator } from "../deploy/istio_crds.js";
import { envoyFilter, wasmPlugin, type IstioOptions, type TrafficMode } from "../deploy/istio.js";
import { moduleSource } from "../deploy/module_source.js";
import { FAIL_STRATEGIES, FILTERS, describeFailStrategies, failStrategyFor, findFilter, fromRoot, type FilterEntry, type IstioPhase } from "../filters.js";
import { UsageError } from "../usage_error.js";
import { BIN, type Command, integer, oneOf, parseCommandArgs, progress, required } from "./command.js";

const PHASES: readonly IstioPhase[] = ["AUTHN", "AUTHZ", "STATS", "UNSPECIFIED_PHASE"];
const MODES: readonly TrafficMode[] = ["CLIENT", "SERVER", "CLIENT_AND_SERVER"];

/** The filter's configuration from FILE, refused with every schema error when it is invalid. */
export function checkedConfig(command: string, entry: FilterEntry, file: string): unknown {
  const config = readConfigFile(file);
  const errors = validateConfig(entry, config);
  if (errors.length) throw new UsageError(`${file} is not a valid ${entry.name} configuration (\`${BIN} validate ${entry.name} ${file}\`):\n  ${errors.join("\n  ")}`);
  return config;
}

function labels(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new UsageError(`--selector ${pair}: expected LABEL=VALUE, e.g. --selector app=reviews`);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

function targetRef(text: string | undefined): IstioOptions["targetRef"] {
  if (text === undefined) return undefined;
  const [kind, name] = text.split("/");
  if (!["Gateway", "Service"].includes(kind) || !name) throw new UsageError(`--target-ref ${text}: expected Gateway/NAME or Service/NAME`);
  return { kind, name };
}

export const istioCommand: Command = {
  name: "istio",
  summary: "print the WasmPlugin (or --envoyfilter the EnvoyFilter) that deploys a pushed filter in Istio",
  help: `usage: ${BIN} istio FILTER --config FILE --image oci://REGISTRY/REPO:TAG [options]

Prints a WasmPlugin (extensions.istio.io/v1alpha1) for the filter, with its configuration checked against the
filter's schema first. Pipe it to \`kubectl apply -f -\`.

The sha256 it writes is the one Istio's agent checks: for oci://REGISTRY/REPO:TAG, the manifest digest the tag
points at, asked of the registry (credentials as for push); none for a pinned oci://REGISTRY/REPO@sha256:DIGEST;
for an http(s):// URL, the sha256 of the module (--sha256, else that of the built module).

  --envoyfilter           print the equivalent EnvoyFilter (networking.istio.io/v1alpha3, through ECDS) instead
  --pin                   write the image pinned by its manifest digest (oci://REGISTRY/REPO@sha256:...), which a
                          moved tag cannot change under a running mesh
  --sha256 HEX            the checksum you expect (refused when the registry holds another image for the tag);
                          for oci:// images, the manifest digest \`push\` prints, without "sha256:"
  --plain-http            HTTP instead of HTTPS for a registry that is not on loopback (loopback is always HTTP)
  --name NAME             resource name (default: the filter's name)
  --namespace NS          resource namespace (istio-system with no selector applies to the whole mesh)
  --selector LABEL=VALUE  workloads to attach to (repeatable)
  --target-ref KIND/NAME  or a Gateway/NAME or Service/NAME
  --mode MODE             traffic direction: ${MODES.join(", ")}
  --port N                only traffic to this port (repeatable)
  --fail-strategy S       ${FAIL_STRATEGIES.join(", ")}: what Envoy does when the filter's VM traps or its
                          module cannot be fetched (default per filter, below; auth refuses FAIL_OPEN)
  --phase P               override the filter's phase: ${PHASES.join(", ")}
  --priority N            override the filter's priority (higher runs first within a phase)
  --pull-policy P         IfNotPresent or Always
  --pull-secret NAME      image pull secret in the plugin's namespace
  --check                 also validate the manifest against Istio's CRD schemas (needs Go; cached in .cache/)

Default placement per filter (phase/priority): ${FILTERS.map((filter) => `${filter.name} ${filter.istio.phase}/${filter.istio.priority}`).join(", ")}
Default fail strategy per filter (each README's "When the filter fails" says why): ${describeFailStrategies()}

example:
  ${BIN} istio ratelimit --config ratelimit.json --image oci://registry.example/filters/ratelimit:0.1.0 \\
    --selector app=reviews --mode SERVER | kubectl apply -f -`,
  async run(args) {
    const { values, positionals } = parseCommandArgs("istio", args, {
      config: { type: "string" },
      image: { type: "string" },
      envoyfilter: { type: "boolean" },
      pin: { type: "boolean" },
      sha256: { type: "string" },
      "plain-http": { type: "boolean" },
      name: { type: "string" },
      namespace: { type: "string" },
      selector: { type: "string", multiple: true },
      "target-ref": { type: "string" },
      mode: { type: "string" },
      port: { type: "string", multiple: true },
      "fail-strategy": { type: "string" },
      phase: { type: "string" },
      priority: { type: "string" },
      "pull-policy": { type: "string" },
      "pull-secret": { type: "string" },
      check: { type: "boolean" },
    });
    if (values.help) return void console.log(this.help);
    const entry = findFilter(positionals[0]);
    const image = required("istio", "image", values.image);
    if (!/^(oci|https?|file):\/\//.test(image)) throw new UsageError(`--image ${image}: expected oci://REGISTRY/REPO:TAG (or an http(s):// or file:// URL)`);
    const selector = labels(values.selector);
    const ref = targetRef(values["target-ref"]);
    if (selector && ref) throw new UsageError("give --selector or --target-ref, not both (Istio allows one)");
    const config = checkedConfig("istio", entry, required("istio", "config", values.config));
    // Refused before the registry is asked for anything.
    const failStrategy = failStrategyFor(entry, config, oneOf("fail-strategy", values["fail-strategy"], FAIL_STRATEGIES));
    const source = await moduleSource({ image, sha256: values.sha256, pin: values.pin, plainHttp: values["plain-http"], builtModule: fromRoot(entry.wasm), log: progress });
    const options: IstioOptions = {
      image: source.url,
      config,
      sha256: source.sha256,
      name: values.name,
      namespace: values.namespace,
      selector,
      targetRef: ref,
      mode: oneOf("mode", values.mode, MODES),
      ports: values.port?.map((port) => integer("port", port, 1, 65535)!),
      failStrategy,
      phase: oneOf("phase", values.phase, PHASES),
      priority: integer("priority", values.priority, -(2 ** 31), 2 ** 31 - 1),
      imagePullPolicy: oneOf("pull-policy", values["pull-policy"], ["IfNotPresent", "Always"] as const),
      imagePullSecret: values["pull-secret"],
    };
    const manifest = values.envoyfilter ? envoyFilter(entry, options) : wasmPlugin(entry, options);
    if (values.check) {
      const [apiVersion, kind] = values.envoyfilter ? ["networking.istio.io/v1alpha3", "EnvoyFilter"] : ["extensions.istio.io/v1alpha1", "WasmPlugin"];
      const errors = (await crdValidator(apiVersion, kind, progress))(manifest);
      if (errors.length) throw new Error(`the generated ${kind} does not match Istio's CRD schema:\n  ${errors.join("\n  ")}`);
      progress(`${kind} matches Istio's CRD schema`);
    }
    process.stdout.write(dump(manifest, { lineWidth: -1, noRefs: true }));
  },
};
