// The conformance L4 context: upper-cases the first word the client sends, tags what the upstream answers, and
// closes the connection when the client sends CLOSE.
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
    // Replaces only the first word: a prefix edit, the rest of the buffer passes untouched.
    const space = text.indexOf(" ");
    const word = space < 0 ? text : text.substring(0, space);
    const wordBytes = String.UTF8.encode(word);
    this.setDownstreamData(0, wordBytes.byteLength, String.UTF8.encode(word.toUpperCase()));
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
