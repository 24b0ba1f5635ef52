// The dubbo plugin configuration (schema: config.schema.json). Every error names its field.
import { ConfigReader } from "../../assembly/config/reader";
import { parseRate, rateText } from "../../common/rate_config";
import { CallFault, CallLimit, CallMatch, CallRule, RuleAction, attributesRead } from "../../common/rpc/call_rule";

const MAX_RULES = 256;
const MAX_ATTACHMENTS = 16;
const MAX_MESSAGE = 512;
/** A delay fault holds a connection at most this long (a minute: far past any consumer's timeout). */
const MAX_DELAY_MS: i64 = 60_000;
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

function isPrintableAscii(text: string): bool {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function message(r: ConfigReader, field: string, fallback: string): string {
  const text = r.string(field, fallback);
  if (r.ok() && (text.length == 0 || text.length > MAX_MESSAGE || !isPrintableAscii(text))) {
    r.fail(field, "expected 1 to 512 printable ASCII characters");
  }
  return text;
}

function action(r: ConfigReader, field: string, fallback: RuleAction, inRule: bool): RuleAction {
  const name = r.string(field, fallback == RuleAction.Deny ? "deny" : "allow");
  if (name == "allow") return RuleAction.Allow;
  if (name == "deny") return RuleAction.Deny;
  if (name == "limit" && inRule) return RuleAction.Limit;
  if (name == "abort" && inRule) return RuleAction.Abort;
  if (name == "delay" && inRule) return RuleAction.Delay;
  r.fail(field, inRule ? "expected \"allow\", \"deny\", \"limit\", \"abort\" or \"delay\"" : "expected \"allow\" or \"deny\"");
  return fallback;
}

function optionalString(r: ConfigReader, field: string): string | null {
  if (!r.has(field)) return null;
  const value = r.string(field, "");
  if (r.ok() && value.length == 0) r.fail(field, "expected a non-empty string");
  return value;
}

/** An attachment's name, as rules read it: printable ASCII (Dubbo's keys are). */
function attachmentName(r: ConfigReader, field: string): string | null {
  const name = optionalString(r, field);
  if (name !== null && r.ok() && (name.length > 255 || !isPrintableAscii(name))) r.fail(field, "expected 1 to 255 printable ASCII characters");
  return name;
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
  const attachments = r.objects("attachments");
  if (attachments.length > MAX_ATTACHMENTS) r.fail("attachments", "at most 16 attachments");
  for (let i = 0; i < attachments.length; i++) {
    const a = attachments[i];
    a.onlyFields(["name", "value"]);
    const name = a.requiredString("name");
    const value = a.requiredString("value");
    if (a.ok() && (name.length == 0 || name.length > 255 || !isPrintableAscii(name))) a.fail("name", "expected 1 to 255 printable ASCII characters");
    match.requireAttribute(name, value);
  }
  return match;
}

/** Reads the configuration; a mistake is left in `r` (readPluginConfiguration logs it). */
export function parseConfig(r: ConfigReader): DubboConfig {
  r.onlyFields(["max_body_bytes", "max_tracked_methods", "rules", "default_action", "default_message", "filter_state"]);
  const config = new DubboConfig();
  config.maxBodyBytes = <u32>r.int("max_body_bytes", DEFAULT_MAX_BODY, 1024, 256 << 20);
  config.maxTrackedMethods = <i32>r.int("max_tracked_methods", 1000, 0, 100000);
  config.defaultAction = action(r, "default_action", RuleAction.Allow, false);
  config.defaultMessage = message(r, "default_message", config.defaultMessage);
  config.filterState = optionalString(r, "filter_state");
  const rules = r.objects("rules");
  if (rules.length > MAX_RULES) r.fail("rules", "at most 256 rules");
  for (let i = 0; i < rules.length; i++) {
    const rr = rules[i];
    rr.onlyFields(["name", "match", "action", "message", "limit", "by", "max_values", "percent", "delay_ms"]);
    const name = rr.string("name", "rules[" + i.toString() + "]");
    const match = parseMatch(rr.object("match"));
    const ruleAction = action(rr, "action", RuleAction.Deny, true);
    const verb = ruleAction == RuleAction.Limit ? "rate limited" : ruleAction == RuleAction.Abort ? "aborted (fault injection)" : "denied";
    const text = message(rr, "message", verb + " by the dubbo filter (rule " + name + ")");
    const rule = new CallRule(name, match, ruleAction, text);
    const isFault = ruleAction == RuleAction.Abort || ruleAction == RuleAction.Delay;
    if (ruleAction == RuleAction.Limit) {
      if (!rr.has("limit")) rr.fail("limit", "is required with \"action\": \"limit\"");
      const rate = parseRate(rr.object("limit"));
      const by = attachmentName(rr, "by");
      const maxValues = <i32>rr.int("max_values", 4096, 4, 65536);
      rule.limit = new CallLimit(rate, by, maxValues);
      rule.fingerprint = "rule:" + i.toString() + "|" + name + "|limit:" + rateText(rate) + "|by:" + (by === null ? "" : by) + "|max:" + maxValues.toString();
    } else if (isFault) {
      if (!rr.has("percent")) rr.fail("percent", "is required with \"action\": \"abort\" or \"delay\"");
      const percent = <i32>rr.int("percent", 100, 0, 100);
      const isDelay = ruleAction == RuleAction.Delay;
      if (isDelay && !rr.has("delay_ms")) rr.fail("delay_ms", "is required with \"action\": \"delay\"");
      const delayMs = isDelay ? <u32>rr.int("delay_ms", 0, 1, MAX_DELAY_MS) : 0;
      rule.fault = new CallFault(percent, attachmentName(rr, "by"), delayMs);
    }
    for (let f = 0; f < 4; f++) {
      const field = ["limit", "max_values", "by", "percent"][f];
      const applies = field == "by" ? ruleAction == RuleAction.Limit || isFault : field == "percent" ? isFault : ruleAction == RuleAction.Limit;
      if (!applies && rr.has(field)) rr.fail(field, field == "percent" ? "applies to \"action\": \"abort\" or \"delay\" only" : field == "by" ? "applies to \"action\": \"limit\", \"abort\" or \"delay\" only" : "applies to \"action\": \"limit\" only");
    }
    if (ruleAction != RuleAction.Delay && rr.has("delay_ms")) rr.fail("delay_ms", "applies to \"action\": \"delay\" only");
    // A delayed call is answered by the provider: there is no message to send.
    if (ruleAction == RuleAction.Delay && rr.has("message")) rr.fail("message", "does not apply to \"action\": \"delay\"");
    config.rules.push(rule);
  }
  config.attachmentsRead = attributesRead(config.rules);
  return config;
}
