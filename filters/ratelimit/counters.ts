// A local rule's token buckets: the shared-data buckets of common/shared_buckets.ts, keyed by the rule's joined
// descriptor values. The key prefix hashes the plugin name and the rule's fingerprint, so a configuration that changes
// the rule's limit starts on new keys (from full buckets) while one that leaves the rule alone keeps counting where it was.
import { Outcome, SharedBuckets } from "../../common/shared_buckets";
import { Rate } from "../../common/token_bucket";
import { Rule, joinValues } from "./config";

export { Outcome };

export class LocalCounters {
  private buckets: SharedBuckets;

  constructor(readonly rule: Rule, pluginName: string) {
    const overrideRates = new Array<Rate>();
    for (let i = 0; i < rule.overrides.length; i++) overrideRates.push(rule.overrides[i].rate);
    const prefix = SharedBuckets.prefix("ratelimit", pluginName, rule.fingerprint);
    this.buckets = new SharedBuckets(prefix, rule.rate, rule.entries.length > 0, rule.maxValues, overrideRates, rule.overrideIndex);
  }

  /** See SharedBuckets.createKeys. */
  createKeys(): i32 {
    return this.buckets.createKeys();
  }

  /** Takes a token for the request whose descriptor values are `values` (one per "by" entry). */
  take(values: string[], nowNs: u64): Outcome {
    return this.buckets.take(this.rule.entries.length == 0 ? "" : joinValues(values), nowNs);
  }
}
