// One fault experiment: which requests (conditions, then a sticky or random share), what happens to them (request
// delay and abort, response delay, throttle and replacement), when it runs (time box) and how much it may hurt
// (concurrent faults, faults per minute).
import { RequestView, randomU64 } from "../../assembly";
import { ConditionGroup } from "../../common/match/condition_group";
import { POINTS, stickyPoint } from "../../common/match/sticky_point";
import { StickyKey } from "../../common/match/sticky_key";
import { AbortSpec } from "./abort";
import { DelaySpec } from "./delay";
import { MinuteBudget } from "./minute_budget";

export class ResponseFault {
  delay: DelaySpec | null = null;
  /** 0: not throttled. */
  bytesPerSecond: u64 = 0;
  replace: AbortSpec | null = null;
}

export class Experiment extends ConditionGroup {
  name: string = "";
  /** No conditions: every request is a candidate. */
  everyRequest: bool = true;
  /** The share of candidates hurt, in points of common/match/sticky_point.ts (10000 is 100%). */
  points: u32 = POINTS;
  /** The sticky key; null: a random share. */
  by: StickyKey | null = null;
  salt: string = "";
  delay: DelaySpec | null = null;
  abort: AbortSpec | null = null;
  response: ResponseFault | null = null;
  /** The time box as configured (start, end, duration_seconds): the same on every worker, unlike a computed end. */
  window: string = "";
  /** Wall-clock nanoseconds; 0: open. */
  startNs: u64 = 0;
  endNs: u64 = 0;
  /** 0: no cap. */
  maxActive: u64 = 0;
  /** 0: no cap. */
  maxPerMinute: u32 = 0;
  /** With maxPerMinute: the shared count, created by the root. */
  budget: MinuteBudget | null = null;

  /** Whether the request is one this experiment hurts, before the time box and the caps. */
  selects(request: RequestView): bool {
    if (!this.everyRequest && !this.matches(request, false)) return false;
    if (this.points >= POINTS) return true;
    if (this.points == 0) return false;
    const by = this.by;
    if (by === null) return <u32>(randomU64() % <u64>POINTS) < this.points;
    // A request without the key is never hurt: the same users on every request, or none.
    const key = by.read(request);
    return key !== null && key.length > 0 && stickyPoint(this.salt, key) < this.points;
  }

  isRunning(nowNs: u64): bool {
    return nowNs >= this.startNs && (this.endNs == 0 || nowNs < this.endNs);
  }
}
