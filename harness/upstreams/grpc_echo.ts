import {
  credentials,
  loadPackageDefinition,
  Metadata,
  Server,
  ServerCredentials,
  type GrpcObject,
  type ServiceClientConstructor,
  type ServiceError,
  type ServerUnaryCall,
  type StatusObject,
  type sendUnaryData,
} from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { join } from "node:path";
import { projectRoot } from "../paths.js";

export interface EchoRequest {
  message: string;
}

export interface EchoReply {
  message: string;
  metadataJson: string;
}

export interface GrpcEchoCall {
  message: string;
  metadata: Record<string, string>;
}

export interface GrpcEcho {
  port: number;
  /** Every call that reached this upstream, in arrival order. */
  calls: GrpcEchoCall[];
  close(): Promise<void>;
}

export interface GrpcEchoReply {
  message: string;
  metadataJson: string;
  /** The trailing metadata the client received (grpc-status travels there too). */
  trailers: Record<string, string>;
}

export interface GrpcEchoClient {
  say(message: string, metadata?: Record<string, string>): Promise<GrpcEchoReply>;
  close(): void;
}

let echoService: ServiceClientConstructor | undefined;

/** The conformance.Echo service from echo.proto; field names become camelCase (metadata_json -> metadataJson). */
function loadEchoService(): ServiceClientConstructor {
  if (echoService) return echoService;
  const definition = loadSync(join(projectRoot(), "harness", "upstreams", "echo.proto"), { defaults: true });
  const conformance = loadPackageDefinition(definition).conformance as GrpcObject;
  echoService = conformance.Echo as ServiceClientConstructor;
  return echoService;
}

/** Metadata as plain strings; binary (`-bin`) values are base64 so the whole map survives JSON. */
function flatten(metadata: Metadata): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    flat[key] = typeof value === "string" ? value : value.toString("base64");
  }
  return flat;
}

/** conformance.Echo/Say's answer: the message back, and the metadata that reached the server. */
export function sayReply(message: string, metadata: Record<string, string>): EchoReply {
  return { message: `echo: ${message}`, metadataJson: JSON.stringify(metadata) };
}

/** Serialized Say request and reply bytes (protobuf, no gRPC frame), for stand-ins that answer without a server. */
export function echoCodec(): { decodeRequest(bytes: Uint8Array): EchoRequest; encodeReply(reply: EchoReply): Uint8Array } {
  const say = loadEchoService().service.Say;
  return {
    decodeRequest: (bytes) => say.requestDeserialize(Buffer.from(bytes)) as EchoRequest,
    encodeReply: (reply) => new Uint8Array(say.responseSerialize(reply)),
  };
}

/** A gRPC upstream (plaintext HTTP/2) that echoes the message and reports the metadata Envoy forwarded. */
export async function startGrpcEcho(): Promise<GrpcEcho> {
  const calls: GrpcEchoCall[] = [];
  const server = new Server();
  server.addService(loadEchoService().service, {
    Say(call: ServerUnaryCall<EchoRequest, EchoReply>, callback: sendUnaryData<EchoReply>) {
      const metadata = flatten(call.metadata);
      calls.push({ message: call.request.message, metadata });
      callback(null, sayReply(call.request.message, metadata));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    calls,
    // Tests close upstreams at teardown, when no call is due; a graceful drain would wait on Envoy's idle connections.
    close: async () => server.forceShutdown(),
  };
}

/** A plaintext client for conformance.Echo, e.g. pointed at an Envoy listener that routes to startGrpcEcho(). */
export function grpcEchoClient(address: string): GrpcEchoClient {
  const Echo = loadEchoService();
  const client = new Echo(address, credentials.createInsecure());
  return {
    say: (message, metadata = {}) =>
      new Promise((resolve, reject) => {
        const sent = new Metadata();
        for (const [key, value] of Object.entries(metadata)) {
          // gRPC carries `-bin` keys as bytes; take them base64-encoded, as flatten() reports them.
          sent.add(key, key.endsWith("-bin") ? Buffer.from(value, "base64") : value);
        }
        // The reply and the trailers arrive as separate events; answer once both are in.
        let reply: EchoReply | undefined;
        let trailers: Record<string, string> | undefined;
        const settle = () => {
          if (reply && trailers) resolve({ message: reply.message, metadataJson: reply.metadataJson, trailers });
        };
        const call = client.Say({ message }, sent, (error: ServiceError | null, answer: EchoReply) => {
          if (error) return reject(error);
          reply = answer;
          settle();
        });
        call.on("status", (status: StatusObject) => {
          trailers = flatten(status.metadata);
          settle();
        });
      }),
    close: () => client.close(),
  };
}
