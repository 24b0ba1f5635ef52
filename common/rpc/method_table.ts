// Per-method stats for RPC network filters: the first `maxTracked` service/method pairs a worker sees get stats of
// their own, named with segments Envoy's stats_tags can turn into labels; later pairs share "_other._other", so a
// client inventing method names cannot grow Envoy's stats without bound.
import { Counter } from "../../assembly";

/** A name as a stat segment: characters outside [A-Za-z0-9_$-] (and '.' where `dots`) become '_'; at most 128. */
export function statSegment(name: string, dots: bool): string {
  if (name.length == 0) return "_";
  let out = "";
  let changed = false;
  for (let i = 0; i < name.length && i < 128; i++) {
    const c = name.charCodeAt(i);
    const plain = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f || c == 0x24 || c == 0x2d || (dots && c == 0x2e && i > 0 && i < name.length - 1 && name.charCodeAt(i - 1) != 0x2e);
    if (!plain) changed = true;
    out += plain ? String.fromCharCode(c) : "_";
  }
  return changed || name.length > 128 ? out : name;
}

/** The stats of each method, created by `create(serviceSegment, methodSegment)` on first sight. */
export class MethodTable<T> {
  private methods: Map<string, T> = new Map();
  private other: T | null = null;
  /** Set from the configuration. */
  maxTracked: i32 = 1000;

  /** `untracked` counts the calls that get the shared _other._other stats. */
  constructor(private create: (service: string, method: string) => T, private untracked: Counter) {}

  /** Whether `stats` are the shared _other._other ones (a caller caching stats must look each call up again). */
  isOther(stats: T): bool {
    return this.other !== null && stats === this.other;
  }

  get(service: string, method: string): T {
    const key = service + "\n" + method;
    if (this.methods.has(key)) return this.methods.get(key);
    if (this.methods.size >= this.maxTracked) {
      this.untracked.increment();
      let other = this.other;
      if (other === null) this.other = other = this.create("_other", "_other");
      return other!;
    }
    const stats = this.create(statSegment(service, true), statSegment(method, false));
    this.methods.set(key, stats);
    return stats;
  }
}
