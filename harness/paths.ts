import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "envoy-wasm-as-filters";

let cachedRoot: string | undefined;

function isProjectRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    return JSON.parse(readFileSync(manifest, "utf8")).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The repository root. Found by walking up from this module's own location, so it is the same whether the code runs
 * from `harness/*.ts` or from a bundle in `dist/` or `dist/e2e/`, and independent of the caller's working directory.
 */
export function projectRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isProjectRoot(dir)) return (cachedRoot = dir);
    if (dirname(dir) === dir) break;
  }
  throw new Error(`no package.json named ${PACKAGE_NAME} above ${start}`);
}

/** Downloaded and built tools (Envoy, func-e) live here; the folder is gitignored. */
export function cacheDir(): string {
  return join(projectRoot(), ".cache");
}
