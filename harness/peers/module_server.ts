// A plain HTTP server for Wasm modules, the `vm_config.code.remote.http_uri` Envoy fetches code from: serves the
// modules it is given by path, answers 404 for any other path, and counts the fetches of each path, so a test sees
// how many times Envoy asked (retry_policy) and that it never asks again once it has given up.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ModuleServer {
  port: number;
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** Serves `bytes` at `path` from now on (a path never served, or served before, answers them from the next fetch). */
  serve(path: string, bytes: Buffer): void;
  /** Fetches of `path` so far, whatever they were answered. */
  fetchesOf(path: string): number;
  close(): Promise<void>;
}

export async function startModuleServer(modules: Record<string, Buffer> = {}): Promise<ModuleServer> {
  const served = new Map(Object.entries(modules));
  const fetches = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    fetches.set(path, (fetches.get(path) ?? 0) + 1);
    req.resume();
    const bytes = served.get(path);
    if (!bytes) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no module at ${path}\n`);
      return;
    }
    res.writeHead(200, { "content-type": "application/wasm", "content-length": bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, bytes) => void served.set(path, bytes),
    fetchesOf: (path) => fetches.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
