// Token buckets in shared data: one store per Envoy process (per vm_id), shared by every worker VM, so a limit holds
// for the whole process. Every update is read, compute, compare-and-swap. Used by the ratelimit filter's local rules
// and the dubbo filter's limit rules.
//
// Key space, fixed per limit and created when the configuration loads (shared data has no delete and no
// insert-if-absent), under a prefix that names the limit (a changed limit gets a new prefix, so it starts full):
//   <prefix>all          the one bucket of an unkeyed limit
//   <prefix>v<i>         override i's bucket
//   <prefix><n>          set n of ceil(max_values / 4); a value hashes to one set and takes one of its 4 ways
//   <prefix>overflow     shared by values whose set is full of buckets still refilling (tableFull)
import { Status, getSharedData, setSharedData } from "../assembly";
import { BucketSet, WAYS, bucketOffset, readBucket, writeBucket } from "./bucket_set";
import { stableHash64, toHex64 } from "./hash";
import { Rate, TokenBucket } from "./token_bucket";

/** Compare-and-swap attempts before giving up; each failure means another worker updated the key in between. */
const MAX_CAS_ATTEMPTS = 64;
/** Longer values are stored as a NUL and their hash: Envoy header values and Hessian2 strings here hold no NUL. */
const MAX_STORED_VALUE = 128;

export class Outcome {
  allowed: bool = false;
  /** The bucket's size (x-ratelimit-limit), the whole tokens left, and nanoseconds until full and until a token. */
  limit: u64 = 0;
  remaining: u64 = 0;
  resetNs: u64 = 0;
  retryAfterNs: u64 = 0;
  /** The value's set was full: it was counted in the overflow bucket. */
  tableFull: bool = false;
  /** Every compare-and-swap lost to another worker: refused, so the limit can never be exceeded. */
  casExhausted: bool = false;
}

export class SharedBuckets {
  // Every key this limit uses, named once: a take only picks one.
  private allKey: string;
  private overflowKey: string;
  private overrideKeys: string[] = [];
  private setKeys: string[] = [];

  /**
   * `keyed`: one bucket per value (at most `maxValues`, then overflow), else one bucket for all. `overrideRates[i]`
   * is the rate of the value `overrideIndex` maps to i.
   */
  constructor(prefix: string, readonly rate: Rate, private keyed: bool, maxValues: i32, private overrideRates: Rate[], private overrideIndex: Map<string, i32>) {
    this.allKey = prefix + "all";
    this.overflowKey = prefix + "overflow";
    if (keyed) {
      for (let i = 0; i < overrideRates.length; i++) this.overrideKeys.push(prefix + "v" + i.toString());
      const sets = (maxValues + WAYS - 1) / WAYS;
      for (let i = 0; i < sets; i++) this.setKeys.push(prefix + i.toString());
    }
  }

  /** A prefix naming a limit: the plugin's name and everything that defines the limit, hashed. */
  static prefix(filter: string, pluginName: string, fingerprint: string): string {
    return filter + "." + toHex64(stableHash64(pluginName + "\n" + fingerprint)) + ".";
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

  /** Takes a token for `value` (ignored by an unkeyed limit). */
  take(value: string, nowNs: u64): Outcome {
    if (!this.keyed) return takeAt(this.allKey, "", this.rate, nowNs);
    if (this.overrideIndex.has(value)) {
      const index = this.overrideIndex.get(value);
      return takeAt(this.overrideKeys[index], "", this.overrideRates[index], nowNs);
    }
    const hash = stableHash64(value);
    const stored = String.UTF8.byteLength(value) <= MAX_STORED_VALUE ? value : "\0" + toHex64(hash);
    const outcome = takeAt(this.setKeys[<i32>(hash % <u64>this.setKeys.length)], stored, this.rate, nowNs);
    if (!outcome.tableFull) return outcome;
    const overflow = takeAt(this.overflowKey, "", this.rate, nowNs);
    overflow.tableFull = true;
    return overflow;
  }

  private keys(): string[] {
    if (!this.keyed) return [this.allKey];
    const keys = this.overrideKeys.concat(this.setKeys);
    keys.push(this.overflowKey);
    return keys;
  }
}

// One read and, when a token is taken, one compare-and-swap write. A refusal writes nothing: the state read was the
// state at that moment, and refilling is a function of time alone, so there is nothing to save.
function takeAt(key: string, value: string, rate: Rate, nowNs: u64): Outcome {
  const outcome = new Outcome();
  outcome.limit = rate.burst;
  const valueBytes = String.UTF8.encode(value);
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const current = getSharedData(key);
    let data = current.value;
    const offset = current.ok() ? bucketOffset(data, valueBytes) : -1;
    let set: BucketSet | null = null;
    let bucket: TokenBucket;
    if (offset >= 0) {
      bucket = readBucket(data, offset);
    } else {
      const decoded = current.ok() ? BucketSet.decode(data) : new BucketSet();
      const index = decoded.claim(value, rate, nowNs);
      if (index < 0) {
        outcome.tableFull = true;
        return outcome;
      }
      bucket = decoded.slots[index].bucket;
      set = decoded;
    }
    const take = bucket.take(rate, nowNs);
    outcome.allowed = take.allowed;
    outcome.remaining = take.remaining;
    outcome.resetNs = take.resetNs;
    outcome.retryAfterNs = take.retryAfterNs;
    if (!take.allowed) return outcome;
    if (set === null) writeBucket(data, offset, bucket);
    else data = set.encode();
    const status = setSharedData(key, data, current.ok() ? current.cas : 0);
    if (status == Status.Ok) return outcome;
    if (status != Status.CasMismatch) break;
  }
  outcome.allowed = false;
  outcome.remaining = 0;
  outcome.retryAfterNs = 0;
  outcome.casExhausted = true;
  return outcome;
}
