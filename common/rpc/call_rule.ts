// Rules over RPC calls, shared by the Dubbo and Thrift filters: a call is a service, a method and string
// attributes (Dubbo's group, version and attachments; Thrift's header values). Rules are tried in order; the first
// whose every given condition equals the call's decides: allow, deny, take a token from the rule's limit, or
// abort or delay a share of the calls (fault injection).
import { stableHash64 } from "../hash";
import { Outcome, SharedBuckets } from "../shared_buckets";
import { Rate } from "../token_bucket";

/** What a codec read of one call. */
export class CallInfo {
  service: string = "";
  method: string = "";
  /** Attribute name/value pairs. */
  attributes: string[] = [];

  attribute(name: string): string | null {
    for (let i = 0; i < this.attributes.length; i += 2) if (this.attributes[i] == name) return this.attributes[i + 1];
    return null;
  }
}

export enum RuleAction {
  Allow,
  Deny,
  Limit,
  Abort,
  Delay,
}

/**
 * An Abort or Delay rule's share: `percent` of the calls it matches are answered with an error or held for
 * `delayMs`, picked by a stable hash of an attribute's value (`by`: the same caller is always or never hit) or at
 * random.
 */
export class CallFault {
  constructor(public percent: i32, public by: string | null, public delayMs: u32) {}

  /** Whether this call is one of the share; `random` is consulted only without `by`. */
  selects(rule: CallRule, call: CallInfo, random: () => u64): bool {
    if (this.percent >= 100) return true;
    if (this.percent <= 0) return false;
    const by = this.by;
    let draw: u64;
    if (by !== null) {
      const value = call.attribute(by);
      draw = stableHash64(rule.name + "\n" + (value === null ? "" : value));
    } else {
      draw = random();
    }
    return <i32>(draw % 100) < this.percent;
  }
}

/** A Limit rule's token buckets: one for the rule, or one per value of an attribute (`by`). */
export class CallLimit {
  constructor(public rate: Rate, public by: string | null, public maxValues: i32) {}
}

export class CallMatch {
  service: string | null = null;
  method: string | null = null;
  /** Attribute name/value pairs, each required. */
  attributes: string[] = [];

  requireAttribute(name: string, value: string): void {
    this.attributes.push(name);
    this.attributes.push(value);
  }

  matches(call: CallInfo): bool {
    const service = this.service;
    if (service !== null && service != call.service) return false;
    const method = this.method;
    if (method !== null && method != call.method) return false;
    for (let i = 0; i < this.attributes.length; i += 2) {
      const value = call.attribute(this.attributes[i]);
      if (value === null || value != this.attributes[i + 1]) return false;
    }
    return true;
  }
}

export class CallRule {
  /** With RuleAction.Limit. */
  limit: CallLimit | null = null;
  /** With RuleAction.Abort or RuleAction.Delay. */
  fault: CallFault | null = null;
  /** Everything that defines the rule's limit, as text: its hash names the limit's shared-data keys. */
  fingerprint: string = "";

  constructor(public name: string, public match: CallMatch, public action: RuleAction, public message: string) {}
}

/** Each Limit rule's shared buckets (null for other rules), their keys created: call once per configuration. */
export function createLimiters(rules: CallRule[], filter: string, pluginName: string): (SharedBuckets | null)[] {
  const limiters = new Array<SharedBuckets | null>();
  for (let i = 0; i < rules.length; i++) {
    const limit = rules[i].limit;
    if (limit === null) {
      limiters.push(null);
      continue;
    }
    const prefix = SharedBuckets.prefix(filter, pluginName, rules[i].fingerprint);
    const buckets = new SharedBuckets(prefix, limit.rate, limit.by !== null, limit.maxValues, [], new Map<string, i32>());
    buckets.createKeys();
    limiters.push(buckets);
  }
  return limiters;
}

/** Takes a token for `call` from a Limit rule's buckets; a call without the `by` attribute counts under "". */
export function takeToken(rule: CallRule, buckets: SharedBuckets, call: CallInfo, nowNs: u64): Outcome {
  const by = rule.limit!.by;
  let value = "";
  if (by !== null) {
    const found = call.attribute(by);
    if (found !== null) value = found;
  }
  return buckets.take(value, nowNs);
}

/** The attribute names any rule reads (its conditions, a limit's or a fault's `by`): what a codec must decode. */
export function attributesRead(rules: CallRule[]): string[] {
  const names = new Array<string>();
  const add = (name: string, names: string[]): void => {
    if (!names.includes(name)) names.push(name);
  };
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    for (let a = 0; a < rule.match.attributes.length; a += 2) add(rule.match.attributes[a], names);
    const limit = rule.limit;
    if (limit !== null && limit.by !== null) add(limit.by!, names);
    const fault = rule.fault;
    if (fault !== null && fault.by !== null) add(fault.by!, names);
  }
  return names;
}

/** The index of the first rule matching `call`, or -1. */
export function firstMatch(rules: CallRule[], call: CallInfo): i32 {
  for (let i = 0; i < rules.length; i++) if (rules[i].match.matches(call)) return i;
  return -1;
}
