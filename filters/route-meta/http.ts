// The route-meta HTTP context. The request's tag header is read first: when it is there and recompute is off, the
// request is not edited at all (Envoy re-selects the route on any request-header edit). Otherwise the tag is
// decided, written only if the request does not carry exactly it already, and Envoy is asked to pick the route
// again. With recompute on, the request leaves with the decided tag as the one value of the header, or none.
import { Action, HeaderMap, HttpContext, NO_GRPC_STATUS, Pair, RequestView, Status, setProperty } from "../../assembly";
import { PATH_PROBLEM_TEXT, PathProblem } from "../../assembly/request/path";
import { RouteMetaConfig } from "./config";
import { setCookieValue } from "./set_cookie";
import { FilterMetrics } from "./metrics";
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
    // With recompute the filter owns the tag header, so it reads the whole map: every copy of the header (Envoy's
    // route match tries each) and its '_' spellings (which CGI-style upstreams read as the same header) must go.
    const request = new RequestView(config.recompute);
    // An empty tag header carries no tag: it is decided like an absent one.
    const header = request.header(config.tagHeader);
    const incoming = header !== null && header.length > 0 ? header : null;
    if (incoming !== null && !config.recompute) {
      this.tag = incoming;
      this.metrics.kept.increment();
      this.metrics.countTag(incoming);
      return Action.Continue;
    }
    if (config.readsPath && !config.rawPath) {
      const problem = request.canonicalPath().problem;
      if (problem != PathProblem.None) {
        this.metrics.invalidPath.increment();
        const body = String.UTF8.encode("invalid path: " + PATH_PROBLEM_TEXT[problem] + "\n");
        this.sendLocalResponse(400, "route_meta.invalid_path", body, [new Pair("content-type", "text/plain")], NO_GRPC_STATUS);
        return Action.Pause;
      }
    }
    if (config.cookie !== null) this.cookieTag = request.cookie(config.cookie!.name);
    const decision = decide(config, request);
    const tag = decision.tag;
    if (decision.rule >= 0) this.metrics.rules[decision.rule].increment();
    let edited = config.recompute && this.removeClientCopies(request.headers(), tag);
    if (tag === null) {
      // Nothing decided and no default: the request goes on untagged (recompute removed a client's tag above).
      this.metrics.untagged.increment();
    } else {
      this.tag = tag;
      this.decidedBy = decision.by;
      this.metrics.decidedBy[<i32>decision.by - 1].increment();
      this.metrics.countTag(tag);
      if (incoming === null || incoming != tag || (config.recompute && request.headers().count(config.tagHeader) > 1)) {
        // Replacing leaves exactly one value.
        this.replaceRequestHeader(config.tagHeader, tag);
        this.metrics.written.increment();
        edited = true;
      }
      const state = config.filterState;
      if (state !== null) setProperty([state], String.UTF8.encode(tag));
    }
    if (edited) {
      // Whether a header edit alone re-selects the route has changed between Envoy releases; clearing the route
      // cache makes it certain. An Envoy without the foreign function answers NotFound and re-routes on the edit.
      const cleared = this.clearRouteCache();
      if (cleared != Status.Ok && cleared != Status.NotFound) this.metrics.clearFailed.increment();
    }
    return Action.Continue;
  }

  /**
   * Removes what a client sent that only the filter may set: the tag header itself when nothing was decided, and
   * its '_' spellings always. True when something was removed.
   */
  private removeClientCopies(headers: HeaderMap, tag: string | null): bool {
    const name = this.config.tagHeader;
    let removed = false;
    if (tag === null && headers.find(name, 0) >= 0) {
      this.removeRequestHeader(name);
      removed = true;
    }
    for (let i = 0; i < headers.size; i++) {
      if (!headers.nameSpells(i, name, false)) continue;
      this.removeRequestHeader(headers.nameAt(i));
      removed = true;
    }
    if (removed) this.metrics.clientTagRemoved.increment();
    return removed;
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
