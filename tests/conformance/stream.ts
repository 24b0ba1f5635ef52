// The conformance L4 context: upper-cases the first word the client sends, tags what the upstream answers, closes
// the connection when the client sends CLOSE, and traps the worker's VM when it sends TRAP.
import { Action, PeerType, StreamContext } from "../../assembly";
import { ConformanceRoot } from "./root";

const CLOSE_COMMAND = "CLOSE";
const TRAP_COMMAND = "TRAP";
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
    if (text.includes(TRAP_COMMAND)) return this.trap(text);
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

  // A filter bug on purpose (an out-of-range index), as /trap is on the HTTP side: the worker's VM traps.
  private trap(text: string): Action {
    const empty: string[] = [];
    this.setDownstreamData(0, 0, String.UTF8.encode(empty[text.length]));
    return Action.Continue;
  }
}
