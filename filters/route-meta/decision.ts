// The decision that picks a request's tag, in the documented order (after the incoming tag, which
// http.ts keeps unless the config says to recompute): condition rules, the sticky split (when the request carries
// its key), the assignment cookie (keyless requests only, so a sticky key always wins and raising a split still
// moves keyed users), the random split, the default tag.
import { randomU64 } from "../../assembly";
import { RouteMetaConfig } from "./config";
import { RequestView } from "../../assembly/request_view";
import { POINTS, stickyPoint } from "../../common/match/sticky_point";
import { firstMatchingRule } from "./rules";

export enum DecidedBy {
  None = 0,
  Rule = 1,
  Sticky = 2,
  Cookie = 3,
  Random = 4,
  Default = 5,
}

export const DECIDED_BY_NAMES: string[] = ["none", "rule", "sticky", "cookie", "random", "default"];

export class Decision {
  constructor(public tag: string | null, public by: DecidedBy, public rule: i32) {}
}

export function decide(config: RouteMetaConfig, request: RequestView): Decision {
  const rule = firstMatchingRule(config.rules, request, config.rawPath);
  if (rule >= 0) return new Decision(config.rules[rule].tag, DecidedBy.Rule, rule);
  const sticky = config.sticky;
  if (sticky !== null) {
    const key = config.stickyKey.read(request);
    if (key !== null && key.length > 0) {
      const band = sticky.bandAt(stickyPoint(sticky.salt, key));
      return band !== null ? new Decision(band.tag, DecidedBy.Sticky, -1) : remainder(config, DecidedBy.Sticky);
    }
  }
  const cookie = config.cookie;
  if (cookie !== null) {
    const kept = request.cookie(cookie.name);
    if (kept !== null && config.knownTags.includes(kept)) return new Decision(kept, DecidedBy.Cookie, -1);
  }
  const random = config.random;
  if (random !== null) {
    const band = random.bandAt(<u32>(randomU64() % <u64>POINTS));
    return band !== null ? new Decision(band.tag, DecidedBy.Random, -1) : remainder(config, DecidedBy.Random);
  }
  return remainder(config, DecidedBy.Default);
}

// The default tag, credited to the split whose remainder it is: a sticky user outside every band was still placed by
// the split (and keeps that place), which the stats and the cookie need to know.
function remainder(config: RouteMetaConfig, by: DecidedBy): Decision {
  const tag = config.defaultTag;
  return tag === null ? new Decision(null, DecidedBy.None, -1) : new Decision(tag, by, -1);
}
