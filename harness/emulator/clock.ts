// The host's controlled clock. Time moves only when a test advances it; timers (tick periods, outbound-call
// timeouts) fire in time order as it passes them, like Envoy's dispatcher timers on a paused clock.

const NS_PER_MS = 1_000_000n;

export interface Timer {
  cancel(): void;
}

interface Scheduled {
  due: bigint;
  order: number;
  fire: () => void;
  cancelled: boolean;
}

export class Clock {
  private monotonic = 3_600_000_000_000n;
  private readonly timers: Scheduled[] = [];
  private order = 0;

  /** @param realtimeStartNs wall-clock nanoseconds since the Unix epoch at monotonic start */
  constructor(private readonly realtimeStartNs: bigint) {}

  /** Wall clock (WASI clock 0): nanoseconds since the Unix epoch. */
  realtimeNs(): bigint {
    return this.realtimeStartNs + this.monotonic - 3_600_000_000_000n;
  }

  /** Monotonic clock (WASI clock 1): nanoseconds from an arbitrary origin. */
  monotonicNs(): bigint {
    return this.monotonic;
  }

  /** Milliseconds since the Unix epoch, as Date.now() would report on this clock. */
  now(): number {
    return Number(this.realtimeNs() / NS_PER_MS);
  }

  schedule(delayMs: number, fire: () => void): Timer {
    const timer: Scheduled = { due: this.monotonic + BigInt(Math.round(delayMs * 1e6)), order: this.order++, fire, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, earliest first. */
  advance(ms: number): void {
    if (ms < 0) throw new Error(`the clock only moves forward (asked to advance ${ms} ms)`);
    const end = this.monotonic + BigInt(Math.round(ms * 1e6));
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      this.timers.splice(this.timers.indexOf(next), 1);
      this.monotonic = next.due;
      next.fire();
    }
    this.monotonic = end;
  }

  private nextDue(end: bigint): Scheduled | undefined {
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i].cancelled) this.timers.splice(i, 1);
    let best: Scheduled | undefined;
    for (const t of this.timers) {
      if (t.due > end) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.order < best.order)) best = t;
    }
    return best;
  }
}
