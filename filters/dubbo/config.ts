// The dubbo plugin configuration (schema: config.schema.json). Every error names its field.
import { ConfigReader } from "../../assembly/config/reader";
import { CallMatch, CallRule, RuleAction, attributesRead } from "../../common/rpc/call_rule";
import { optionalString, parseDefaultAction, parseMessage, parseRequiredAttributes, parseRules } from "../../common/rpc/rule_config";

export const DEFAULT_MAX_BODY: i64 = 16 << 20;

export class DubboConfig {
  /** A frame whose body is larger closes the connection. */
  maxBodyBytes: u32 = <u32>DEFAULT_MAX_BODY;
  /** Distinct service/method pairs with stats of their own, per worker; later ones count under `_other`. */
  maxTrackedMethods: i32 = 1000;
  rules: CallRule[] = [];
  /** What a call no rule matches gets. */
  defaultAction: RuleAction = RuleAction.Allow;
  defaultMessage: string = "denied by the dubbo filter";
  /** The attachments the rules read: only these are decoded. */
  attachmentsRead: string[] = [];
  /** Filter state (wasm.<name>) to write "service/method" of each call to, for access logs; none when null. */
  filterState: string | null = null;
}

function parseMatch(r: ConfigReader): CallMatch {
  r.onlyFields(["service", "method", "group", "version", "attachments"]);
  const match = new CallMatch();
  match.service = optionalString(r, "service");
  match.method = optionalString(r, "method");
  const group = optionalString(r, "group");
  if (group !== null) match.requireAttribute("group", group);
  const version = optionalString(r, "version");
  if (version !== null) match.requireAttribute("version", version);
  parseRequiredAttributes(r, "attachments", match);
  return match;
}

/** Reads the configuration; a mistake is left in `r` (readPluginConfiguration logs it). */
export function parseConfig(r: ConfigReader): DubboConfig {
  r.onlyFields(["max_body_bytes", "max_tracked_methods", "rules", "default_action", "default_message", "filter_state"]);
  const config = new DubboConfig();
  config.maxBodyBytes = <u32>r.int("max_body_bytes", DEFAULT_MAX_BODY, 1024, 256 << 20);
  config.maxTrackedMethods = <i32>r.int("max_tracked_methods", 1000, 0, 100000);
  config.defaultAction = parseDefaultAction(r);
  config.defaultMessage = parseMessage(r, "default_message", config.defaultMessage);
  config.filterState = optionalString(r, "filter_state");
  config.rules = parseRules(r, "dubbo", parseMatch);
  config.attachmentsRead = attributesRead(config.rules);
  return config;
}
