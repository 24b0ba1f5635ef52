// One HTTP context per priced host call; each does exactly one thing per request.
import { Action, HttpContext } from "../../assembly";

export class Nothing extends HttpContext {}

export class ReadRequestHeader extends HttpContext {
  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    this.getRequestHeader("user-agent");
    return Action.Continue;
  }
}

export class AddResponseHeader extends HttpContext {
  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action {
    this.addResponseHeader("x-bench", "1");
    return Action.Continue;
  }
}

export class ReplaceResponseHeader extends HttpContext {
  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action {
    this.replaceResponseHeader("content-type", "text/plain");
    return Action.Continue;
  }
}

export class RemoveAbsentRequestHeader extends HttpContext {
  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    this.removeRequestHeader("x-bench-absent");
    return Action.Continue;
  }
}
