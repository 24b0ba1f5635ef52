// Resuming and closing the stream of the current context.
import { proxy_close_stream, proxy_continue_stream } from "./abi/imports";
import { Status } from "./status";

export enum StreamType {
  Request = 0,
  Response = 1,
  Downstream = 2,
  Upstream = 3,
}

// Resumes a stream paused by returning Action.Pause. Envoy does not implement it for Upstream.
export function continueStream(stream: StreamType): Status {
  return proxy_continue_stream(stream);
}

// HTTP: resets the stream. L4: closes the downstream connection (Envoy does so for Upstream too).
export function closeStream(stream: StreamType): Status {
  return proxy_close_stream(stream);
}
