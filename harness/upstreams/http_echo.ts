import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: string;
}

export interface HttpEcho {
  name: string;
  port: number;
  url: string;
  /** Every request that reached this upstream, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP upstream that answers every request with what it received, so a test can see exactly what Envoy (and the
 * filter in front of it) forwarded. Its response headers give filters something to add to, remove and replace.
 */
export async function startHttpEcho(name: string): Promise<HttpEcho> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A client (or Envoy) may reset mid-body; there is nothing to answer then.
    req.on("error", () => {});
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: definedHeaders(req.headers),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const reply = echoReply(name, recorded);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Envoy keeps upstream connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

/**
 * What the echo upstream answers to `request`: the request as JSON, and response headers for filters to add to,
 * remove and replace. The host emulator's stand-in for this upstream answers the same way.
 */
export function echoReply(name: string, request: RecordedRequest): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: 200,
    headers: { "content-type": "application/json", "x-upstream": name, "x-upstream-remove-me": "1", "x-upstream-replace-me": "original" },
    body: JSON.stringify({ upstream: name, ...request }),
  };
}

function definedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}
