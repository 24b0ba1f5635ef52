// The rules of an RPC network filter as its configuration writes them, shared by the Dubbo and Thrift filters: the
// rule list, each rule's action and what goes with it (a limit, a share, a delay, a message), and the filter-wide
// default. Only `match` differs between protocols: the filter passes its own reader for it. Every error names its field.
import { ConfigReader } from "../../assembly/config/reader";
import { parseRate, rateText } from "../rate_config";
import { CallFault, CallLimit, CallMatch, CallRule, RuleAction } from "./call_rule";

const MAX_RULES = 256;
const MAX_MESSAGE = 512;
const MAX_REQUIRED_ATTRIBUTES = 16;
/** A delay fault holds a connection at most this long (a minute: far past any client's timeout). */
const MAX_DELAY_MS: i64 = 60_000;

/** The fields a rule may have besides `match`. */
export const RULE_FIELDS: string[] = ["name", "match", "action", "message", "limit", "by", "max_values", "percent", "delay_ms"];

export function isPrintableAscii(text: string): bool {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** A message the client's exception will carry: 1 to 512 printable ASCII characters. */
export function parseMessage(r: ConfigReader, field: string, fallback: string): string {
  const text = r.string(field, fallback);
  if (r.ok() && (text.length == 0 || text.length > MAX_MESSAGE || !isPrintableAscii(text))) {
    r.fail(field, "expected 1 to 512 printable ASCII characters");
  }
  return text;
}

/** `default_action`: allow or deny only. */
export function parseDefaultAction(r: ConfigReader): RuleAction {
  const name = r.string("default_action", "allow");
  if (name == "deny") return RuleAction.Deny;
  if (name != "allow") r.fail("default_action", "expected \"allow\" or \"deny\"");
  return RuleAction.Allow;
}

function parseRuleAction(r: ConfigReader): RuleAction {
  const name = r.string("action", "deny");
  if (name == "allow") return RuleAction.Allow;
  if (name == "deny") return RuleAction.Deny;
  if (name == "limit") return RuleAction.Limit;
  if (name == "abort") return RuleAction.Abort;
  if (name == "delay") return RuleAction.Delay;
  r.fail("action", "expected \"allow\", \"deny\", \"limit\", \"abort\" or \"delay\"");
  return RuleAction.Deny;
}

export function optionalString(r: ConfigReader, field: string): string | null {
  if (!r.has(field)) return null;
  const value = r.string(field, "");
  if (r.ok() && value.length == 0) r.fail(field, "expected a non-empty string");
  return value;
}

/** An attribute's name, as rules read it: 1 to 255 printable ASCII characters. */
export function attributeName(r: ConfigReader, field: string): string | null {
  const name = optionalString(r, field);
  if (name !== null && r.ok() && (name.length > 255 || !isPrintableAscii(name))) r.fail(field, "expected 1 to 255 printable ASCII characters");
  return name;
}

/** `[{ "name", "value" }]` under `field` (at most 16): each an attribute the call must carry with that exact value. */
export function parseRequiredAttributes(r: ConfigReader, field: string, match: CallMatch): void {
  const pairs = r.objects(field);
  if (pairs.length > MAX_REQUIRED_ATTRIBUTES) r.fail(field, "at most 16 " + field);
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    pair.onlyFields(["name", "value"]);
    const name = pair.requiredString("name");
    const value = pair.requiredString("value");
    if (pair.ok() && (name.length == 0 || name.length > 255 || !isPrintableAscii(name))) pair.fail("name", "expected 1 to 255 printable ASCII characters");
    match.requireAttribute(name, value);
  }
}

/**
 * Reads `rules`: `parseMatch` reads each rule's `match` object; `filter` names the filter in default messages
 * ("denied by the <filter> filter (rule <name>)").
 */
export function parseRules(r: ConfigReader, filter: string, parseMatch: (r: ConfigReader) => CallMatch): CallRule[] {
  const readers = r.objects("rules");
  if (readers.length > MAX_RULES) r.fail("rules", "at most 256 rules");
  const rules = new Array<CallRule>();
  for (let i = 0; i < readers.length; i++) {
    const rr = readers[i];
    rr.onlyFields(RULE_FIELDS);
    const name = rr.string("name", "rules[" + i.toString() + "]");
    const match = parseMatch(rr.object("match"));
    const action = parseRuleAction(rr);
    const verb = action == RuleAction.Limit ? "rate limited" : action == RuleAction.Abort ? "aborted (fault injection)" : "denied";
    const text = parseMessage(rr, "message", verb + " by the " + filter + " filter (rule " + name + ")");
    const rule = new CallRule(name, match, action, text);
    const isFault = action == RuleAction.Abort || action == RuleAction.Delay;
    if (action == RuleAction.Limit) {
      if (!rr.has("limit")) rr.fail("limit", "is required with \"action\": \"limit\"");
      const rate = parseRate(rr.object("limit"));
      const by = attributeName(rr, "by");
      const maxValues = <i32>rr.int("max_values", 4096, 4, 65536);
      rule.limit = new CallLimit(rate, by, maxValues);
      rule.fingerprint = "rule:" + i.toString() + "|" + name + "|limit:" + rateText(rate) + "|by:" + (by === null ? "" : by) + "|max:" + maxValues.toString();
    } else if (isFault) {
      if (!rr.has("percent")) rr.fail("percent", "is required with \"action\": \"abort\" or \"delay\"");
      const percent = <i32>rr.int("percent", 100, 0, 100);
      const isDelay = action == RuleAction.Delay;
      if (isDelay && !rr.has("delay_ms")) rr.fail("delay_ms", "is required with \"action\": \"delay\"");
      const delayMs = isDelay ? <u32>rr.int("delay_ms", 0, 1, MAX_DELAY_MS) : 0;
      rule.fault = new CallFault(percent, attributeName(rr, "by"), delayMs);
    }
    for (let f = 0; f < 4; f++) {
      const field = ["limit", "max_values", "by", "percent"][f];
      const applies = field == "by" ? action == RuleAction.Limit || isFault : field == "percent" ? isFault : action == RuleAction.Limit;
      if (!applies && rr.has(field)) rr.fail(field, field == "percent" ? "applies to \"action\": \"abort\" or \"delay\" only" : field == "by" ? "applies to \"action\": \"limit\", \"abort\" or \"delay\" only" : "applies to \"action\": \"limit\" only");
    }
    if (action != RuleAction.Delay && rr.has("delay_ms")) rr.fail("delay_ms", "applies to \"action\": \"delay\" only");
    // A delayed call is answered by the server: there is no message to send.
    if (action == RuleAction.Delay && rr.has("message")) rr.fail("message", "does not apply to \"action\": \"delay\"");
    rules.push(rule);
  }
  return rules;
}
