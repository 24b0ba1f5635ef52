// Delay faults for RPC network filters. A network filter delays a call by holding the client's bytes in Envoy
// (answering Pause) and resuming them later (continueReading). Envoy calls the filter again with the whole buffer
// each time more bytes arrive during the hold, so the connection handles only what is new (ConnectionHold), and
// the frames behind the delayed call wait with it: one TCP stream keeps its order. The root context's tick
// resumes each connection once its hold has ended (common/stream_timers.ts).
import { StreamType, continueStream } from "../../assembly";
import { StreamTimers } from "../stream_timers";

/** Resumes a held connection's client bytes (the StreamTimers of an RPC filter's root). */
export function resumeConnection(id: u32): void {
  continueStream(StreamType.Downstream);
}

/**
 * One connection's side of a hold: how much of Envoy's downstream buffer the filter has already handled. While the
 * connection is held, each callback sees those bytes again at the head of the buffer, followed by the new ones.
 */
export class ConnectionHold {
  /** Bytes at the head of Envoy's held buffer that were already handled (and possibly rewritten). */
  handled: u32 = 0;

  constructor(private id: u32, private delays: StreamTimers) {}

  /** Where this callback's new bytes start in the buffer Envoy passes. */
  newBytesStart(): u32 {
    if (!this.delays.isWaiting(this.id)) this.handled = 0;
    return this.handled;
  }

  /** Asks for the connection to be held until `untilNs` (from a codec, while it handles a frame). */
  until(untilNs: u64): void {
    this.delays.wait(this.id, untilNs);
  }

  /** After a callback: the buffer now holds `bufferedBytes` handled bytes; whether Envoy must keep holding them. */
  keep(bufferedBytes: u32): bool {
    if (!this.delays.isWaiting(this.id)) return false;
    this.handled = bufferedBytes;
    return true;
  }

  forget(): void {
    this.delays.forget(this.id);
  }
}
