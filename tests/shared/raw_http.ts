// HTTP/1.1 written byte for byte, for what fetch will not send: a header line repeated, bytes that are not UTF-8 in
// a value, a path a client library would normalize, any Host.
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  /** Lower-case names; a repeated header keeps every value. */
  headers: Map<string, string[]>;
  body: string;
}

export type RawHeader = readonly [name: string, value: string | Buffer];

/** Sends one request (Connection: close) and reads the whole response. */
export function rawRequest(port: number, method: string, target: string, headers: readonly RawHeader[], host = "localhost"): Promise<RawResponse> {
  const parts: Buffer[] = [Buffer.from(`${method} ${target} HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n`, "latin1")];
  for (const [name, value] of headers) parts.push(Buffer.from(`${name}: `, "latin1"), typeof value === "string" ? Buffer.from(value, "latin1") : value, Buffer.from("\r\n"));
  parts.push(Buffer.from("\r\n"));
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(Buffer.concat(parts)));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.once("error", reject);
    socket.once("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
      const headersOut = new Map<string, string[]>();
      for (const line of lines) {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim().toLowerCase();
        headersOut.set(name, [...(headersOut.get(name) ?? []), line.slice(colon + 1).trim()]);
      }
      const raw = text.slice(split + 4);
      resolve({ status: Number(statusLine.split(" ")[1]), headers: headersOut, body: headersOut.get("transfer-encoding")?.includes("chunked") ? dechunk(raw) : raw });
    });
  });
}

function dechunk(raw: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const end = raw.indexOf("\r\n", at);
    const size = parseInt(raw.slice(at, end), 16);
    if (!(size > 0)) return out;
    out += raw.slice(end + 2, end + 2 + size);
    at = end + 2 + size + 2;
  }
}
