// The route-meta filter's stats, on /stats as wasmcustom.route_meta.<name>. Per-tag and per-rule counters carry the
// tag or rule name in the middle (route_meta.tag.<tag>.requests, route_meta.rule.<rule>.matched), for a stats_tags
// regex to turn into a Prometheus label.
import { Counter } from "../../assembly";
import { DECIDED_BY_NAMES } from "./decision";

export class FilterMetrics {
  /** Requests whose incoming tag was kept as it was. */
  kept: Counter;
  /** Requests that left with no tag (nothing decided one and there is no default). */
  untagged: Counter;
  /** Requests on which the filter wrote the tag header (each one is a route re-selection in Envoy). */
  written: Counter;
  /** clear_route_cache answered something other than Ok or NotFound. */
  clearFailed: Counter;
  /** Requests (recompute on) whose client-sent tag or its '_' spelling was removed. */
  clientTagRemoved: Counter;
  /** Requests refused (400) because a path condition met an ambiguous path. */
  invalidPath: Counter;
  /** Per DecidedBy, what chose the tag. */
  decidedBy: Counter[] = [];
  /** Per known tag (config.knownTags order), requests that left with it. */
  tags: Map<string, Counter> = new Map<string, Counter>();
  /** Per rule, in config order. */
  rules: Counter[] = [];

  constructor(knownTags: string[], ruleNames: string[]) {
    this.kept = new Counter("route_meta.kept");
    this.untagged = new Counter("route_meta.untagged");
    this.written = new Counter("route_meta.header_written");
    this.clearFailed = new Counter("route_meta.clear_route_cache_failed");
    this.clientTagRemoved = new Counter("route_meta.client_tag_removed");
    this.invalidPath = new Counter("route_meta.invalid_path");
    for (let i = 1; i < DECIDED_BY_NAMES.length; i++) this.decidedBy.push(new Counter("route_meta.decided_by." + DECIDED_BY_NAMES[i]));
    for (let i = 0; i < knownTags.length; i++) this.tags.set(knownTags[i], new Counter("route_meta.tag." + knownTags[i] + ".requests"));
    for (let i = 0; i < ruleNames.length; i++) this.rules.push(new Counter("route_meta.rule." + ruleNames[i] + ".matched"));
  }

  countTag(tag: string): void {
    if (this.tags.has(tag)) this.tags.get(tag).increment();
  }
}
