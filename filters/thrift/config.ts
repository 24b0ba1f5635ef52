// The thrift plugin configuration (schema: config.schema.json). Every error names its field.
import { ConfigReader } from "../../assembly/config/reader";
import { CallMatch, CallRule, RuleAction, attributesRead } from "../../common/rpc/call_rule";
import { optionalString, parseDefaultAction, parseMessage, parseRequiredAttributes, parseRules } from "../../common/rpc/rule_config";
import { ThriftLimits } from "../../common/thrift/limits";
import { Protocol, Transport } from "../../common/thrift/protocol";

export const DEFAULT_MAX_MESSAGE: i64 = 16 << 20;

export class ThriftConfig {
  /** With `detect`, told per connection from its first bytes instead. */
  transport: Transport = Transport.Framed;
  protocol: Protocol = Protocol.Binary;
  detect: bool = true;
  limits: ThriftLimits = new ThriftLimits();
  /** Distinct service/method pairs with stats of their own, per worker; later ones count under `_other`. */
  maxTrackedMethods: i32 = 1000;
  rules: CallRule[] = [];
  defaultAction: RuleAction = RuleAction.Allow;
  defaultMessage: string = "denied by the thrift filter";
  /** The THeader info headers the rules read: only these are decoded. */
  headersRead: string[] = [];
  /** Filter state (wasm.<name>) to write "service/method" of each call to, for access logs; none when null. */
  filterState: string | null = null;
}

function parseMatch(r: ConfigReader): CallMatch {
  r.onlyFields(["service", "method", "headers"]);
  const match = new CallMatch();
  match.service = optionalString(r, "service");
  match.method = optionalString(r, "method");
  parseRequiredAttributes(r, "headers", match);
  return match;
}

/** Reads the configuration; a mistake is left in `r` (readPluginConfiguration logs it). */
export function parseConfig(r: ConfigReader): ThriftConfig {
  r.onlyFields(["transport", "protocol", "max_message_bytes", "max_depth", "max_tracked_methods", "rules", "default_action", "default_message", "filter_state"]);
  const config = new ThriftConfig();
  const transport = r.string("transport", "auto");
  const protocol = r.string("protocol", "auto");
  config.detect = transport == "auto";
  if (transport == "framed") config.transport = Transport.Framed;
  else if (transport == "unframed") config.transport = Transport.Unframed;
  else if (transport == "header") config.transport = Transport.Header;
  else if (transport != "auto") r.fail("transport", "expected \"auto\", \"framed\", \"unframed\" or \"header\"");
  if (protocol == "compact") config.protocol = Protocol.Compact;
  else if (protocol != "binary" && protocol != "auto") r.fail("protocol", "expected \"auto\", \"binary\" or \"compact\"");
  // Auto transport tells the protocol too; a given transport needs its protocol (THeader names it per frame).
  if (r.ok() && config.detect && protocol != "auto") r.fail("protocol", "applies with a given \"transport\" only (\"auto\" detects both)");
  if (r.ok() && !config.detect && transport != "header" && protocol == "auto") r.fail("protocol", "is required with \"transport\": \"" + transport + "\"");
  const maxMessage = <i32>r.int("max_message_bytes", DEFAULT_MAX_MESSAGE, 1024, 256 << 20);
  const maxDepth = <i32>r.int("max_depth", 64, 1, 512);
  config.limits = new ThriftLimits(maxMessage, maxDepth);
  config.maxTrackedMethods = <i32>r.int("max_tracked_methods", 1000, 0, 100000);
  config.defaultAction = parseDefaultAction(r);
  config.defaultMessage = parseMessage(r, "default_message", config.defaultMessage);
  config.filterState = optionalString(r, "filter_state");
  config.rules = parseRules(r, "thrift", parseMatch);
  config.headersRead = attributesRead(config.rules);
  return config;
}
