// A JWKS endpoint for the auth filter's remote keys: serves whatever key set the test sets on every path, counts
// fetches per path, and can
// be told to fail (500), so rotation, refresh and stale-while-failing are observable. Paths under /stall/ are never
// answered, for fetch timeouts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface JwksServer {
  port: number;
  /** Fetches answered so far (any status, any path). */
  fetches: number;
  /** Fetches of one path so far. */
  fetchesOf(path: string): number;
  setJwks(jwks: object): void;
  /** While true, every fetch answers 500. */
  failing: boolean;
  close(): Promise<void>;
}

export async function startJwksServer(initial: object): Promise<JwksServer> {
  let body = JSON.stringify(initial);
  const paths: string[] = [];
  const state: JwksServer = {
    port: 0,
    fetches: 0,
    fetchesOf: (path: string) => paths.filter((p) => p === path).length,
    failing: false,
    setJwks(jwks: object) {
      body = JSON.stringify(jwks);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    state.fetches++;
    paths.push(req.url ?? "");
    req.resume();
    if (req.url?.startsWith("/stall/")) return;
    if (state.failing) {
      res.writeHead(500, { "content-type": "text/plain" }).end("jwks unavailable\n");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  const close = state.close;
  state.close = () => {
    server.closeAllConnections();
    return close();
  };
  return state;
}
