// The ratelimit filter's stats, shown on /stats as ratelimit.<name>. Per-rule counters carry the rule's name in the
// second segment (ratelimit.rule.<rule>.<counter>), for a stats_tags regex to turn into a label.
import { Counter } from "../../assembly";

export class RuleMetrics {
  allowed: Counter;
  limited: Counter;
  shadowLimited: Counter;
  tableFull: Counter;

  constructor(rule: string) {
    const prefix = "ratelimit.rule." + rule + ".";
    this.allowed = new Counter(prefix + "allowed");
    this.limited = new Counter(prefix + "limited");
    this.shadowLimited = new Counter(prefix + "shadow_limited");
    this.tableFull = new Counter(prefix + "table_full");
  }
}

export class FilterMetrics {
  casExhausted: Counter = new Counter("ratelimit.cas_exhausted");
  serviceErrors: Counter = new Counter("ratelimit.service.errors");
  serviceTimeouts: Counter = new Counter("ratelimit.service.timeouts");
  failureModeAllowed: Counter = new Counter("ratelimit.service.failure_mode_allowed");
  failureModeDenied: Counter = new Counter("ratelimit.service.failure_mode_denied");
  /** Requests refused (400) because a rule reads the path and the request's is ambiguous. */
  invalidPath: Counter = new Counter("ratelimit.invalid_path");
  /** Per rule, in configuration order (defineRules). */
  rules: RuleMetrics[] = [];

  /** The per-rule counters of a new configuration. */
  defineRules(names: string[]): void {
    const rules = new Array<RuleMetrics>();
    for (let i = 0; i < names.length; i++) rules.push(new RuleMetrics(names[i]));
    this.rules = rules;
  }
}
