// Picks the per-request behaviour once, at configure time, so the hot path has no branch on the mode.
import { HttpContext, RootContext, logError } from "../../assembly";
import { AddResponseHeader, Nothing, ReadRequestHeader, RemoveAbsentRequestHeader, ReplaceResponseHeader } from "./http";

export const enum Mode {
  Nothing,
  ReadRequestHeader,
  AddResponseHeader,
  ReplaceResponseHeader,
  RemoveAbsentRequestHeader,
}

function parseMode(text: string): i32 {
  if (text == "" || text == "nothing") return Mode.Nothing;
  if (text == "read-request-header") return Mode.ReadRequestHeader;
  if (text == "add-response-header") return Mode.AddResponseHeader;
  if (text == "replace-response-header") return Mode.ReplaceResponseHeader;
  if (text == "remove-absent-request-header") return Mode.RemoveAbsentRequestHeader;
  return -1;
}

export class BenchRoot extends RootContext {
  mode: i32 = Mode.Nothing;

  onConfigure(pluginConfigurationSize: u32): bool {
    const text = String.UTF8.decode(this.getPluginConfiguration()).trim();
    const mode = parseMode(text);
    if (mode < 0) {
      logError("probe-bench: invalid configuration: unknown mode '" + text + "'");
      return false;
    }
    this.mode = mode;
    return true;
  }

  createHttpContext(id: u32): HttpContext | null {
    switch (this.mode) {
      case Mode.ReadRequestHeader: return new ReadRequestHeader(id);
      case Mode.AddResponseHeader: return new AddResponseHeader(id);
      case Mode.ReplaceResponseHeader: return new ReplaceResponseHeader(id);
      case Mode.RemoveAbsentRequestHeader: return new RemoveAbsentRequestHeader(id);
      default: return new Nothing(id);
    }
  }
}
