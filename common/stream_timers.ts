// Streams waiting on a timer, for filters that hold a request, a response or a connection in Envoy (answering Pause)
// and act on it later: the root context's tick fires each one once its time has come, as that stream's effective
// context. Owned by the root context; one per worker VM.
import { RootContext, Status, setEffectiveContext } from "../assembly";

/** How often waiting streams are looked at: a timer fires at most this late. */
export const TIMER_TICK_MS: u32 = 5;

export class StreamTimers {
  private dueAt: Map<u32, u64> = new Map();
  private ticking: bool = false;

  /** `fire` runs for a stream whose time has come, with that stream as the effective context. */
  constructor(private root: RootContext, private fire: (id: u32) => void) {}

  /** Fires for stream `id` at `atNs` at the earliest (a later time already set stands). */
  wait(id: u32, atNs: u64): void {
    if (!this.dueAt.has(id) || this.dueAt.get(id) < atNs) this.dueAt.set(id, atNs);
    if (!this.ticking) {
      this.ticking = true;
      this.root.setTickPeriod(TIMER_TICK_MS);
    }
  }

  isWaiting(id: u32): bool {
    return this.dueAt.has(id);
  }

  /** The stream ended: nothing to fire. */
  forget(id: u32): void {
    this.dueAt.delete(id);
  }

  /** From the root's onTick: fires every stream whose time has come; the tick stops when none waits. */
  fireDue(nowNs: u64): void {
    const ids = this.dueAt.keys();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (this.dueAt.get(id) > nowNs) continue;
      this.dueAt.delete(id);
      if (setEffectiveContext(id) == Status.Ok) this.fire(id);
    }
    if (this.dueAt.size == 0 && this.ticking) {
      this.ticking = false;
      this.root.setTickPeriod(0);
    }
  }
}
