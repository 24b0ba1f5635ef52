// The conformance L4 context: upper-cases what the client sends, tags what the upstream answers, and closes the
// connection when the client sends CLOSE.
import { Action, PeerType, StreamContext } from "../../assembly";
import { ConformanceRoot } from "./root";

const CLOSE_COMMAND = "CLOSE";
const UPSTREAM_TAG = "|wasm";

export class ConformanceStream extends StreamContext {
  constructor(id: u32, public root: ConformanceRoot) {
    super(id);
  }

  onNewConnection(): Action {
    this.root.metrics.tcpConnections.increment();
    return Action.Continue;
  }

  onDownstreamData(dataSize: u32, endOfStream: bool): Action {
    if (dataSize == 0) return Action.Continue;
    const data = this.getDownstreamData(0, dataSize);
    if (data === null) return Action.Continue;
    const text = String.UTF8.decode(data);
    if (text.includes(CLOSE_COMMAND)) {
      this.root.metrics.tcpClosedByFilter.increment();
      this.close();
      return Action.Pause;
    }
    this.root.metrics.tcpDownstreamBytes.increment(dataSize);
    this.setDownstreamData(0, dataSize, String.UTF8.encode(text.toUpperCase()));
    return Action.Continue;
  }

  onUpstreamData(dataSize: u32, endOfStream: bool): Action {
    if (dataSize > 0) this.setUpstreamData(dataSize, 0, String.UTF8.encode(UPSTREAM_TAG));
    return Action.Continue;
  }

  onDownstreamClose(peer: PeerType): void {
    this.root.metrics.tcpDownstreamCloses.increment();
  }
}
