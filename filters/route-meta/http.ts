// The route-meta HTTP context. The request's tag header is read first: when it is there and recompute is off, the
// request is not edited at all (Envoy re-selects the route on any request-header edit). Otherwise the tag is
// decided, written only if it differs from what the request carries, and Envoy is asked to pick the route again.
import { Action, HttpContext, Status, setProperty } from "../../assembly";
import { RouteMetaConfig } from "./config";
import { setCookieValue } from "./set_cookie";
import { FilterMetrics } from "./metrics";
import { RequestView } from "./request";
import { DecidedBy, decide } from "./decision";

export class RouteMetaHttp extends HttpContext {
  /** The tag the request left with, for the response header and cookie; null when it has none. */
  private tag: string | null = null;
  private decidedBy: DecidedBy = DecidedBy.None;
  /** The assignment cookie the request carried, when a cookie is configured. */
  private cookieTag: string | null = null;

  constructor(id: u32, private config: RouteMetaConfig, private metrics: FilterMetrics) {
    super(id);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    const config = this.config;
    // An empty tag header carries no tag: it is decided like an absent one.
    const header = this.getRequestHeader(config.tagHeader);
    const incoming = header !== null && header.length > 0 ? header : null;
    if (incoming !== null && !config.recompute) {
      this.tag = incoming;
      this.metrics.kept.increment();
      this.metrics.countTag(incoming);
      return Action.Continue;
    }
    const request = new RequestView(this);
    if (config.cookie !== null) this.cookieTag = request.cookie(config.cookie!.name);
    const decision = decide(config, request);
    const tag = decision.tag;
    if (decision.rule >= 0) this.metrics.rules[decision.rule].increment();
    if (tag === null) {
      // Nothing decided and no default: an incoming tag (recompute on) stays as it was.
      this.tag = incoming;
      if (incoming === null) this.metrics.untagged.increment();
      else this.metrics.countTag(incoming);
      return Action.Continue;
    }
    this.tag = tag;
    this.decidedBy = decision.by;
    this.metrics.decidedBy[<i32>decision.by - 1].increment();
    this.metrics.countTag(tag);
    if (incoming === null || incoming != tag) {
      this.replaceRequestHeader(config.tagHeader, tag);
      this.metrics.written.increment();
      // Whether a header edit alone re-selects the route has changed between Envoy releases; clearing the route
      // cache makes it certain. An Envoy without the foreign function answers NotFound and re-routes on the edit.
      const cleared = this.clearRouteCache();
      if (cleared != Status.Ok && cleared != Status.NotFound) this.metrics.clearFailed.increment();
    }
    const state = config.filterState;
    if (state !== null) setProperty([state], String.UTF8.encode(tag));
    return Action.Continue;
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action {
    const tag = this.tag;
    if (tag === null) return Action.Continue;
    const config = this.config;
    const echo = config.responseHeader;
    if (echo !== null) this.replaceResponseHeader(echo, tag);
    const cookie = config.cookie;
    // Only a split's or the default's answer is stored: a kept incoming tag was chosen elsewhere, and a rule matches
    // again on the next request by itself (a tester who stops sending the header should not stay pinned).
    const stored = this.decidedBy == DecidedBy.Sticky || this.decidedBy == DecidedBy.Random || this.decidedBy == DecidedBy.Default;
    const current = this.cookieTag;
    if (cookie !== null && stored && (current === null || current != tag)) {
      this.addResponseHeader("set-cookie", setCookieValue(cookie, tag));
    }
    return Action.Continue;
  }
}
