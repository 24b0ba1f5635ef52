// `validate <filter> FILE`: a plugin configuration checked against the filter's config.schema.json (JSON Schema
// 2020-12, ajv), every error with the JSON path of the value at fault.
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { load as parseYaml } from "js-yaml";
import { type FilterEntry, fromRoot } from "./filters.js";
import { UsageError } from "./usage_error.js";

const compiled = new Map<string, ValidateFunction>();

function validatorFor(entry: FilterEntry): ValidateFunction {
  let validate = compiled.get(entry.schema);
  if (!validate) {
    const schema = JSON.parse(readFileSync(fromRoot(entry.schema), "utf8")) as object;
    validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    compiled.set(entry.schema, validate);
  }
  return validate;
}

/** `/rules/0/limit` as `$.rules[0].limit`; names that are not identifiers are quoted. */
export function jsonPath(pointer: string): string {
  const parts = pointer === "" ? [] : pointer.slice(1).split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? `${path}.${part}` : `${path}[${JSON.stringify(part)}]`), "$");
}

/** One line per error: the path of the offending value (for a missing or unknown property, the property) and why. */
export function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") return `${jsonPath(`${error.instancePath}/${String(params.additionalProperty)}`)}: unknown property`;
  if (error.keyword === "required") return `${jsonPath(`${error.instancePath}/${String(params.missingProperty)}`)}: is required`;
  const allowed = error.keyword === "enum" ? ` (${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")})` : "";
  return `${jsonPath(error.instancePath)}: ${error.message ?? error.keyword}${allowed}`;
}

/** The schema's verdict on `config`: no lines when valid. */
export function validateConfig(entry: FilterEntry, config: unknown): string[] {
  const validate = validatorFor(entry);
  if (validate(config)) return [];
  // `if`/`then` failures repeat what the `then` errors already say.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== "if");
  return [...new Set(errors.map(describeError))];
}

/** A configuration file: JSON, or YAML when it is named .yaml or .yml. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return [".yaml", ".yml"].includes(extname(path)) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid ${[".yaml", ".yml"].includes(extname(path)) ? "YAML" : "JSON"}: ${(error as Error).message}`);
  }
}
