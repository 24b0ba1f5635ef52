// A local rule's token buckets in shared data: one store per Envoy process (per vm_id), shared by every worker VM, so
// the limit holds for the whole process. Every update is read, compute, compare-and-swap.
//
// Key space, fixed per rule and created when the configuration loads (shared data has no delete and no insert-if-absent):
//   ratelimit.<h>.all          the one bucket of a rule without "by"
//   ratelimit.<h>.v<i>         override i's bucket
//   ratelimit.<h>.<n>          set n of ceil(max_values / 4); a value hashes to one set and takes one of its 4 ways
//   ratelimit.<h>.overflow     shared by values whose set is full of buckets still refilling (counted as table_full)
// <h> hashes the plugin name and the rule's fingerprint, so a configuration that changes the rule's limit starts on
// new keys (from full buckets) while one that leaves the rule alone keeps counting where it was.
import { Status, getSharedData, setSharedData } from "../../assembly";
import { stableHash64, toHex64 } from "../../assembly/lib/hash";
import { Rate } from "../../assembly/lib/token_bucket";
import { BucketSet, WAYS } from "./bucket_set";
import { Rule, joinValues } from "./config";

/** Compare-and-swap attempts before giving up; each failure means another worker updated the key in between. */
const MAX_CAS_ATTEMPTS = 64;
/** Longer descriptor values are stored as a NUL and their hash: Envoy header values never hold a NUL. */
const MAX_STORED_VALUE = 128;

export class Outcome {
  allowed: bool = false;
  /** The bucket's size (x-ratelimit-limit), the whole tokens left, and nanoseconds until full and until a token. */
  limit: u64 = 0;
  remaining: u64 = 0;
  resetNs: u64 = 0;
  retryAfterNs: u64 = 0;
  /** The value's set was full: it was counted in the rule's overflow bucket. */
  tableFull: bool = false;
  /** Every compare-and-swap lost to another worker: refused, so the limit can never be exceeded. */
  casExhausted: bool = false;
}

export class LocalCounters {
  readonly prefix: string;
  readonly sets: i32;

  constructor(readonly rule: Rule, pluginName: string) {
    this.prefix = "ratelimit." + toHex64(stableHash64(pluginName + "\n" + rule.fingerprint)) + ".";
    this.sets = (rule.maxValues + WAYS - 1) / WAYS;
  }

  /**
   * Writes an empty set under every key that does not exist yet. Envoy configures the main thread's VM before any
   * worker's, so these are the only writes that do not compare-and-swap: no request can race them. Returns the number
   * of keys created.
   */
  createKeys(): i32 {
    const empty = new BucketSet().encode();
    let created = 0;
    const keys = this.keys();
    for (let i = 0; i < keys.length; i++) {
      if (getSharedData(keys[i]).status == Status.NotFound && setSharedData(keys[i], empty, 0) == Status.Ok) created++;
    }
    return created;
  }

  /** Takes a token for the request whose descriptor values are `values` (one per "by" entry). */
  take(values: string[], nowNs: u64): Outcome {
    const rule = this.rule;
    if (rule.entries.length == 0) return takeAt(this.prefix + "all", "", rule.rate, nowNs);
    const joined = joinValues(values);
    if (rule.overrideIndex.has(joined)) {
      const index = rule.overrideIndex.get(joined);
      return takeAt(this.prefix + "v" + index.toString(), "", rule.overrides[index].rate, nowNs);
    }
    const hash = stableHash64(joined);
    const stored = String.UTF8.byteLength(joined) <= MAX_STORED_VALUE ? joined : "\0" + toHex64(hash);
    const outcome = takeAt(this.prefix + (hash % <u64>this.sets).toString(), stored, rule.rate, nowNs);
    if (!outcome.tableFull) return outcome;
    const overflow = takeAt(this.prefix + "overflow", "", rule.rate, nowNs);
    overflow.tableFull = true;
    return overflow;
  }

  private keys(): string[] {
    const rule = this.rule;
    const keys = new Array<string>();
    if (rule.entries.length == 0) {
      keys.push(this.prefix + "all");
      return keys;
    }
    for (let i = 0; i < rule.overrides.length; i++) keys.push(this.prefix + "v" + i.toString());
    for (let i = 0; i < this.sets; i++) keys.push(this.prefix + i.toString());
    keys.push(this.prefix + "overflow");
    return keys;
  }
}

// One read and, when a token is taken, one compare-and-swap write. A refusal writes nothing: the state read was the
// state at that moment, and refilling is a function of time alone, so there is nothing to save.
function takeAt(key: string, value: string, rate: Rate, nowNs: u64): Outcome {
  const outcome = new Outcome();
  outcome.limit = rate.burst;
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const current = getSharedData(key);
    const set = current.ok() ? BucketSet.decode(current.value) : new BucketSet();
    let index = set.find(value);
    if (index < 0) index = set.claim(value, rate, nowNs);
    if (index < 0) {
      outcome.tableFull = true;
      return outcome;
    }
    const take = set.slots[index].bucket.take(rate, nowNs);
    outcome.allowed = take.allowed;
    outcome.remaining = take.remaining;
    outcome.resetNs = take.resetNs;
    outcome.retryAfterNs = take.retryAfterNs;
    if (!take.allowed) return outcome;
    const status = setSharedData(key, set.encode(), current.ok() ? current.cas : 0);
    if (status == Status.Ok) return outcome;
    if (status != Status.CasMismatch) break;
  }
  outcome.allowed = false;
  outcome.remaining = 0;
  outcome.retryAfterNs = 0;
  outcome.casExhausted = true;
  return outcome;
}
