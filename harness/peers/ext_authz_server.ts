// An external authorization service for the auth filter's `external` provider. It decides from the Authorization
// header it was sent: "Ext allow:<consumer>" answers 200 naming the consumer (x-auth-consumer) with an x-ext-tenant
// header for the upstream; "Ext slow" answers after 2 s (past the filter's timeout); anything else answers 403 with
// a JSON body and a header of its own, which the filter must pass to the client unchanged.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ExtAuthzCheck {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ExtAuthzServer {
  port: number;
  /** Every check received, in order. */
  checks: ExtAuthzCheck[];
  close(): Promise<void>;
}

export const EXT_DENY_BODY = JSON.stringify({ error: "access_denied", message: "the policy service said no" });

export async function startExtAuthzServer(): Promise<ExtAuthzServer> {
  const checks: ExtAuthzCheck[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    req.resume();
    checks.push({ method: req.method ?? "", path: req.url ?? "", headers: { ...req.headers } });
    const authorization = req.headers.authorization ?? "";
    const allow = /^Ext allow:(\S+)$/.exec(authorization);
    if (allow) {
      res.writeHead(200, { "x-auth-consumer": allow[1], "x-ext-tenant": `tenant-of-${allow[1]}`, "x-ext-ignored": "not forwarded" }).end();
      return;
    }
    if (authorization === "Ext slow") {
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(200, { "x-auth-consumer": "too-late" }).end();
      }, 2_000);
      timers.add(timer);
      return;
    }
    res.writeHead(403, { "content-type": "application/json", "www-authenticate": "Ext realm=\"policy\"" }).end(EXT_DENY_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    checks,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
