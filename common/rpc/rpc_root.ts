// What the root context of an RPC network filter (Dubbo, Thrift) keeps besides its configuration and stats: the
// rule decision with each limit's shared buckets, and this worker's connections held by delay faults, resumed from
// the tick.
import { RootContext, getPropertyString, monotonicNanos } from "../../assembly";
import { CallPolicy } from "./call_policy";
import { CallRule, RuleAction, createLimiters } from "./call_rule";
import { StreamTimers } from "../stream_timers";
import { resumeConnection } from "./delayed_connections";

export abstract class RpcRoot extends RootContext {
  protected policy: CallPolicy = new CallPolicy([], RuleAction.Allow, "", []);
  protected delays: StreamTimers = new StreamTimers(this, resumeConnection);

  /** After a configuration is read: its rules' limiters (keys named after `filter` and the plugin) and the policy. */
  protected usePolicy(filter: string, rules: CallRule[], defaultAction: RuleAction, defaultMessage: string): void {
    const pluginName = getPropertyString(["plugin_name"]);
    const limiters = createLimiters(rules, filter, pluginName === null ? "" : pluginName);
    this.policy = new CallPolicy(rules, defaultAction, defaultMessage, limiters);
  }

  onTick(): void {
    this.delays.fireDue(monotonicNanos());
  }
}
