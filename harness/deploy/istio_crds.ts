// Istio's own schemas for the manifests we print: the OpenAPI v3 schemas of kubernetes/customresourcedefinitions.gen.yaml
// in the istio.io/api Go module (fetched once with `go mod download`, copied into .cache/), checked with ajv the way
// the API server checks them with strict field validation (`kubectl apply --validate=strict`): unknown fields are
// errors unless the schema preserves them. CEL rules (x-kubernetes-validations) are not evaluated.
import { copyFile, mkdir, readFile, rename } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { loadAll } from "js-yaml";
import { cacheDir } from "../paths.js";
import { ProvisionError, commandFailed, runCommand, withLock, type Log } from "../tools.js";
import { describeError } from "../config_validation.js";

export const ISTIO_API_VERSION = "v1.31.4";
const CRD_FILE = "kubernetes/customresourcedefinitions.gen.yaml";

export function istioCrdPath(): string {
  return join(cacheDir(), `istio-api-${ISTIO_API_VERSION}`, "customresourcedefinitions.gen.yaml");
}

/** The CRD file of istio.io/api at the pinned version, downloaded once. */
export async function ensureIstioCrds(log: Log = () => {}): Promise<string> {
  const path = istioCrdPath();
  if (existsSync(path)) return path;
  await withLock("istio-api", log, async () => {
    if (existsSync(path)) return;
    log(`istio.io/api ${ISTIO_API_VERSION}: go mod download...`);
    const result = await runCommand("go", ["mod", "download", "-json", `istio.io/api@${ISTIO_API_VERSION}`], { env: { GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" }, cwd: cacheDir() });
    if (result.exitCode !== 0) throw commandFailed(`go mod download istio.io/api@${ISTIO_API_VERSION}`, result);
    const dir = (JSON.parse(result.output.slice(result.output.indexOf("{"))) as { Dir?: string }).Dir;
    if (!dir || !existsSync(join(dir, CRD_FILE))) throw new ProvisionError(`istio.io/api@${ISTIO_API_VERSION} has no ${CRD_FILE}`);
    await mkdir(join(path, ".."), { recursive: true });
    await copyFile(join(dir, CRD_FILE), `${path}.${process.pid}`);
    await rename(`${path}.${process.pid}`, path);
  });
  return path;
}

type Schema = Record<string, unknown>;

/** Strict field validation: an object schema that lists its properties and does not preserve unknown ones closes. */
function closeObjects(schema: Schema): Schema {
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && value && typeof value === "object") {
      copy[key] = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, sub]) => [name, closeObjects(sub)]));
    } else if (["items", "additionalProperties"].includes(key) && value && typeof value === "object") {
      copy[key] = closeObjects(value as Schema);
    } else if (["anyOf", "oneOf", "allOf"].includes(key) && Array.isArray(value)) {
      copy[key] = value.map((sub) => closeObjects(sub as Schema));
    } else {
      copy[key] = value;
    }
  }
  if (copy.properties && copy.additionalProperties === undefined && !copy["x-kubernetes-preserve-unknown-fields"]) copy.additionalProperties = false;
  return copy;
}

export interface CrdValidator {
  /** Error lines (JSON path: message); none when the object is valid. */
  (object: unknown): string[];
}

interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: { name: string; storage?: boolean; schema: { openAPIV3Schema: Schema } }[] };
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  // Kubernetes extensions: structural hints and CEL rules ajv cannot evaluate; known, so not a strict-mode error.
  for (const keyword of ["x-kubernetes-validations", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-list-map-keys"]) {
    ajv.addKeyword({ keyword });
  }
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  return ajv;
}

/** A validator for `apiVersion` (group/version) `kind`, from the CRD file. */
export async function crdValidator(apiVersion: string, kind: string, log: Log = () => {}): Promise<CrdValidator> {
  const text = await readFile(await ensureIstioCrds(log), "utf8");
  const [group, version] = apiVersion.split("/");
  const crd = (loadAll(text) as Crd[]).find((doc) => doc?.kind === "CustomResourceDefinition" && doc.spec.group === group && doc.spec.names.kind === kind);
  const served = crd?.spec.versions.find((candidate) => candidate.name === version);
  if (!served) throw new Error(`istio.io/api ${ISTIO_API_VERSION} has no CRD for ${apiVersion} ${kind}`);
  const root = closeObjects(served.schema.openAPIV3Schema);
  // The API server checks apiVersion, kind and metadata itself; the CRD schema covers spec and status.
  const schema = {
    ...root,
    required: ["apiVersion", "kind", "metadata", ...((root.required as string[]) ?? [])],
    properties: { ...(root.properties as object), apiVersion: { const: apiVersion }, kind: { const: kind }, metadata: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 }, namespace: { type: "string" } } } },
  };
  const validate: ValidateFunction = newAjv().compile(schema);
  return (object: unknown) => {
    if (validate(object)) return [];
    return (validate.errors ?? []).map(describeError);
  };
}
