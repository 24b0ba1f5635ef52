// What an RPC filter's rules decide for one call: the first matching rule's action, a limit's token, a fault's share.
// Both RPC filters ask this once per call and then answer in their protocol's terms.
import { randomU64 } from "../../assembly";
import { SharedBuckets } from "../shared_buckets";
import { CallInfo, CallRule, RuleAction, firstMatch, takeToken } from "./call_rule";

export enum Verdict {
  Pass,
  Deny,
  Limited,
  Abort,
  /** Pass, after `delayMs`. */
  Delay,
}

export class CallPolicy {
  /** With Deny, Limited and Abort: what the client's error says. */
  message: string = "";
  /** With Delay. */
  delayMs: u32 = 0;

  /** `limiters`: each Limit rule's buckets, by rule index (createLimiters). */
  constructor(private rules: CallRule[], private defaultAction: RuleAction, private defaultMessage: string, private limiters: (SharedBuckets | null)[]) {}

  decide(call: CallInfo, nowNs: u64): Verdict {
    const index = firstMatch(this.rules, call);
    if (index < 0) {
      this.message = this.defaultMessage;
      return this.defaultAction == RuleAction.Deny ? Verdict.Deny : Verdict.Pass;
    }
    const rule = this.rules[index];
    this.message = rule.message;
    switch (rule.action) {
      case RuleAction.Deny:
        return Verdict.Deny;
      case RuleAction.Limit:
        return takeToken(rule, this.limiters[index]!, call, nowNs).allowed ? Verdict.Pass : Verdict.Limited;
      case RuleAction.Abort:
        return rule.fault!.selects(rule, call, randomU64) ? Verdict.Abort : Verdict.Pass;
      case RuleAction.Delay:
        if (!rule.fault!.selects(rule, call, randomU64)) return Verdict.Pass;
        this.delayMs = rule.fault!.delayMs;
        return Verdict.Delay;
    }
    return Verdict.Pass;
  }
}
