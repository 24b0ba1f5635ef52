import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { projectRoot } from "./paths.js";

export type BootstrapVars = Record<string, string | number>;

/**
 * Renders an Envoy bootstrap template from `envoy-configs/`. Every `{{NAME}}` is replaced by its value as a YAML
 * scalar (strings JSON-quoted, so paths and embedded JSON configs need no escaping in the template). A placeholder
 * without a value is an error, and the result must parse as YAML, so a broken template fails here and not in Envoy.
 */
export async function renderBootstrap(template: string, vars: BootstrapVars): Promise<string> {
  const text = await readFile(join(projectRoot(), "envoy-configs", template), "utf8");
  const missing = new Set<string>();
  const rendered = text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    if (!(name in vars)) {
      missing.add(name);
      return "";
    }
    const value = vars[name];
    return typeof value === "number" ? String(value) : JSON.stringify(value);
  });
  if (missing.size > 0) throw new Error(`envoy-configs/${template}: no value for ${[...missing].join(", ")}`);
  parseYaml(rendered);
  return rendered;
}

export async function writeBootstrap(path: string, template: string, vars: BootstrapVars): Promise<void> {
  await writeFile(path, await renderBootstrap(template, vars));
}

/** The built filter `name` (build/<name>.wasm), as Envoy's `code.local.filename` wants it. */
export function wasmPath(name: string): string {
  return join(projectRoot(), "build", `${name}.wasm`);
}
