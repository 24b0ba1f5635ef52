// An L4 connection (envoy.filters.network.wasm): one context per downstream connection. Downstream data flows
// client → upstream, upstream data flows upstream → client. A network filter can pass, rewrite the bytes passing
// through (replace a prefix, append) or close; it cannot write to the client on its own.
import { Action } from "./action";
import { BufferType, getBufferBytes, setBufferBytes } from "./buffers";
import { Context, ContextKind } from "./context";
import { Status } from "./status";
import { StreamType, closeStream, continueStream } from "./stream_control";

export enum PeerType {
  Unknown = 0,
  Local = 1,
  Remote = 2,
}

export class StreamContext extends Context {
  constructor(id: u32) {
    super(id, ContextKind.Stream);
  }

  onNewConnection(): Action { return Action.Continue; }
  // dataSize is everything buffered so far when earlier callbacks returned Pause.
  onDownstreamData(dataSize: u32, endOfStream: bool): Action { return Action.Continue; }
  onUpstreamData(dataSize: u32, endOfStream: bool): Action { return Action.Continue; }
  onDownstreamClose(peer: PeerType): void {}
  // Envoy calls this when the upstream ends its stream, always with PeerType.Unknown.
  onUpstreamClose(peer: PeerType): void {}

  getDownstreamData(start: u32, maxSize: u32): ArrayBuffer | null { return getBufferBytes(BufferType.NetworkDownstreamData, start, maxSize); }
  setDownstreamData(start: u32, size: u32, data: ArrayBuffer): Status { return setBufferBytes(BufferType.NetworkDownstreamData, start, size, data); }
  getUpstreamData(start: u32, maxSize: u32): ArrayBuffer | null { return getBufferBytes(BufferType.NetworkUpstreamData, start, maxSize); }
  setUpstreamData(start: u32, size: u32, data: ArrayBuffer): Status { return setBufferBytes(BufferType.NetworkUpstreamData, start, size, data); }

  resumeDownstream(): Status { return continueStream(StreamType.Downstream); }
  // Closes the client connection after flushing what was already written.
  close(): Status { return closeStream(StreamType.Downstream); }
}
