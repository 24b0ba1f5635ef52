// Delay faults for RPC network filters. A network filter delays a call by holding the client's bytes in Envoy
// (answering Pause) and resuming them later (continueReading). Envoy calls the filter again with the whole buffer
// each time more bytes arrive during the hold, so the connection handles only what is new (ConnectionHold), and
// the frames behind the delayed call wait with it: one TCP stream keeps its order. The root context's tick
// resumes each connection once its hold has ended.
import { RootContext, Status, StreamType, continueStream, setEffectiveContext } from "../../assembly";

/** How often held connections are looked at: a hold ends at most this late. */
export const DELAY_TICK_MS: u32 = 5;

/** This worker's held connections, by context id, with the time each is released; owned by the root context. */
export class DelayedConnections {
  private releaseAt: Map<u32, u64> = new Map();
  private ticking: bool = false;

  constructor(private root: RootContext) {}

  /** Holds connection `id` until `untilNs` at least (a later release already set stands). */
  hold(id: u32, untilNs: u64): void {
    if (!this.releaseAt.has(id) || this.releaseAt.get(id) < untilNs) this.releaseAt.set(id, untilNs);
    if (!this.ticking) {
      this.ticking = true;
      this.root.setTickPeriod(DELAY_TICK_MS);
    }
  }

  isHeld(id: u32): bool {
    return this.releaseAt.has(id);
  }

  /** The connection closed: nothing to resume. */
  forget(id: u32): void {
    this.releaseAt.delete(id);
  }

  /** From the root's onTick: resumes every connection whose hold has ended; the tick stops when none is held. */
  releaseDue(nowNs: u64): void {
    const ids = this.releaseAt.keys();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (this.releaseAt.get(id) > nowNs) continue;
      this.releaseAt.delete(id);
      if (setEffectiveContext(id) == Status.Ok) continueStream(StreamType.Downstream);
    }
    if (this.releaseAt.size == 0 && this.ticking) {
      this.ticking = false;
      this.root.setTickPeriod(0);
    }
  }
}

/**
 * One connection's side of a hold: how much of Envoy's downstream buffer the filter has already handled. While the
 * connection is held, each callback sees those bytes again at the head of the buffer, followed by the new ones.
 */
export class ConnectionHold {
  /** Bytes at the head of Envoy's held buffer that were already handled (and possibly rewritten). */
  handled: u32 = 0;

  constructor(private id: u32, private delays: DelayedConnections) {}

  /** Where this callback's new bytes start in the buffer Envoy passes. */
  newBytesStart(): u32 {
    if (!this.delays.isHeld(this.id)) this.handled = 0;
    return this.handled;
  }

  /** Asks for the connection to be held until `untilNs` (from a codec, while it handles a frame). */
  until(untilNs: u64): void {
    this.delays.hold(this.id, untilNs);
  }

  /** After a callback: the buffer now holds `bufferedBytes` handled bytes; whether Envoy must keep holding them. */
  keep(bufferedBytes: u32): bool {
    if (!this.delays.isHeld(this.id)) return false;
    this.handled = bufferedBytes;
    return true;
  }

  forget(): void {
    this.delays.forget(this.id);
  }
}
