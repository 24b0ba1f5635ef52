// An abort fault: the answer Envoy sends instead of the upstream's. A gRPC request (content-type application/grpc)
// gets a trailers-only response its client raises: `grpc_status` when given, else Envoy's mapping of the HTTP status
// (503 to UNAVAILABLE), with the body as grpc-message.
import { HttpContext, Pair } from "../../assembly";

export class AbortSpec {
  constructor(public status: u32, public body: string, public grpcStatus: i32) {}

  send(stream: HttpContext, details: string): void {
    const headers = new Array<Pair>();
    if (this.body.length > 0) headers.push(new Pair("content-type", "text/plain"));
    stream.sendLocalResponse(this.status, details, String.UTF8.encode(this.body), headers, this.grpcStatus);
  }
}
