import { createServer, type AddressInfo, type Socket } from "node:net";

export interface TcpEcho {
  port: number;
  /** All bytes received so far, over all connections, in arrival order. */
  received(): Buffer;
  /** How many connections have been accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * A TCP upstream that sends every byte back on the connection it came from, for the network (Dubbo/Thrift) filters
 * and the bench's L4 rows. `record: false` keeps nothing (received() is empty), for load that runs for minutes.
 */
export async function startTcpEcho({ record = true }: { record?: boolean } = {}): Promise<TcpEcho> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("data", (chunk) => {
      if (record) chunks.push(chunk);
      socket.write(chunk);
    });
    // Resets from a closing client or Envoy are normal here and must not crash the test process.
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    received: () => Buffer.concat(chunks),
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
