// Conditions as a configuration writes them, for every filter that targets requests with them. Every error names
// its field.
import { ConfigReader } from "../../assembly/config/reader";
import { isToken, lowerCaseAscii } from "../../assembly/wire/ascii";
import { Cidr } from "../../assembly/wire/ip";
import { compileRegex } from "../regex/index";
import { Condition, SOURCE_NAMES, Source, sourceNeedsName } from "./condition";
import { ConditionGroup } from "./condition_group";
import { OP_NAMES, Op, opByName, takesValue, takesValues } from "./operators";
import { KeySource, StickyKey } from "./sticky_key";

const MAX_CONDITIONS = 32;
const MAX_VALUES = 256;

/** The headers that carry what other filters established: the verified identity and the routing tag. */
export class ConditionHeaders {
  constructor(public identity: string, public tag: string) {}
}

export function quoted(names: string[]): string {
  return "\"" + names.join("\", \"") + "\"";
}

/** A header name under `field` (lower-cased, as Envoy stores them), or `fallback` when absent. */
export function headerName(r: ConfigReader, field: string, fallback: string): string {
  const name = lowerCaseAscii(r.string(field, fallback));
  if (r.ok() && !isToken(name, true)) r.fail(field, "expected an HTTP header name");
  return name;
}

/** `match` ("all" or "any") and `conditions` (1 to 32) of `r`. */
export function parseConditionGroup(r: ConfigReader, headers: ConditionHeaders, group: ConditionGroup): void {
  const match = r.string("match", "all");
  if (match == "any") group.any = true;
  else if (match != "all") r.fail("match", "expected \"all\" or \"any\"");
  const conditions = r.objects("conditions");
  if (r.ok() && conditions.length == 0) r.fail("conditions", "expected at least one condition");
  if (conditions.length > MAX_CONDITIONS) r.fail("conditions", "at most " + MAX_CONDITIONS.toString() + " conditions");
  for (let i = 0; i < conditions.length && r.ok(); i++) group.conditions.push(parseCondition(conditions[i], headers));
}

export function parseCondition(r: ConfigReader, headers: ConditionHeaders): Condition {
  r.onlyFields(["source", "name", "op", "value", "values", "ignore_case", "percent"]);
  const c = new Condition();
  const sourceName = r.requiredString("source");
  const source = SOURCE_NAMES.indexOf(sourceName);
  if (r.ok() && source < 0) r.fail("source", "expected one of " + quoted(SOURCE_NAMES));
  c.source = source < 0 ? Source.Header : <Source>source;
  if (sourceNeedsName(c.source)) {
    c.name = r.requiredString("name");
    if (r.ok() && c.name.length == 0) r.fail("name", "expected a non-empty string");
    if (c.source == Source.Header) {
      c.name = lowerCaseAscii(c.name);
      if (r.ok() && !isToken(c.name, true)) r.fail("name", "expected an HTTP header name");
    }
  } else if (r.has("name")) {
    r.fail("name", "does not apply to source \"" + sourceName + "\"");
  }
  if (c.source == Source.Identity) c.name = headers.identity;
  if (c.source == Source.RouteTag) c.name = headers.tag;

  const opName = r.requiredString("op");
  const op = opByName(opName);
  if (r.ok() && op < 0) r.fail("op", "expected one of " + quoted(OP_NAMES));
  c.op = op < 0 ? Op.Present : <Op>op;
  if (c.source == Source.SourceIp && r.ok() && !(c.op == Op.Equal || c.op == Op.NotEqual || c.op == Op.In || c.op == Op.NotIn)) {
    r.fail("op", "source \"source_ip\" takes \"equal\", \"not_equal\", \"in\" or \"not_in\"");
  }
  c.ignoreCase = r.bool("ignore_case", false);
  if (r.has("ignore_case") && (c.source == Source.SourceIp || c.op == Op.Regex || c.op == Op.Percent)) {
    const why = c.op == Op.Regex ? "to \"regex\" (use (?i) in the pattern)" : c.op == Op.Percent ? "to op \"percent\"" : "to source \"source_ip\"";
    r.fail("ignore_case", "does not apply " + why);
  }
  if (c.op == Op.Percent) {
    if (!r.has("percent")) r.fail("percent", "is required for op \"percent\"");
    c.percent = <u32>r.int("percent", 0, 0, 100);
  } else if (r.has("percent")) {
    r.fail("percent", "does not apply to op \"" + opName + "\"");
  }

  if (takesValue(c.op)) {
    c.value = r.requiredString("value");
    if (c.ignoreCase) c.value = lowerCaseAscii(c.value);
  } else if (r.has("value")) {
    r.fail("value", "does not apply to op \"" + opName + "\"");
  }
  if (takesValues(c.op)) {
    if (!r.has("values")) r.fail("values", "is required for op \"" + opName + "\"");
    c.values = r.stringArray("values");
    if (r.ok() && c.values.length == 0) r.fail("values", "expected at least one value");
    if (c.values.length > MAX_VALUES) r.fail("values", "at most " + MAX_VALUES.toString() + " values");
    if (c.ignoreCase) for (let i = 0; i < c.values.length; i++) c.values[i] = lowerCaseAscii(c.values[i]);
  } else if (r.has("values")) {
    r.fail("values", "does not apply to op \"" + opName + "\"");
  }
  if (!r.ok()) return c;

  if (c.source == Source.SourceIp) {
    if (takesValue(c.op)) {
      const address: Cidr | null = c.value.includes("/") ? null : Cidr.parse(c.value);
      if (address === null) r.fail("value", "expected an IPv4 or IPv6 address, got '" + c.value + "'");
      else c.networks.push(address);
    } else {
      for (let i = 0; i < c.values.length && r.ok(); i++) {
        const network = Cidr.parse(c.values[i]);
        if (network === null) r.fail("values", "expected addresses or CIDR ranges (10.0.0.0/8, 2001:db8::/32), got '" + c.values[i] + "'");
        else c.networks.push(network);
      }
    }
  }
  if (c.op == Op.Regex) {
    const compiled = compileRegex(c.value);
    if (compiled.regex === null) r.fail("value", "invalid regex: " + compiled.error);
    c.regex = compiled.regex;
  }
  return c;
}

/**
 * A sticky key `{ "source": "header" | "cookie" | "query", "name" }`, `{ "source": "client_ip" }` or
 * `{ "source": "identity" }` (the identity header).
 */
export function parseStickyKey(key: ConfigReader, headers: ConditionHeaders): StickyKey {
  key.onlyFields(["source", "name"]);
  const result = new StickyKey();
  const source = key.requiredString("source");
  const named = source == "header" || source == "cookie" || source == "query";
  if (source == "header") result.source = KeySource.Header;
  else if (source == "cookie") result.source = KeySource.Cookie;
  else if (source == "query") result.source = KeySource.Query;
  else if (source == "client_ip") result.source = KeySource.ClientIp;
  else if (source == "identity") {
    result.source = KeySource.Header;
    result.name = headers.identity;
  } else if (key.ok()) key.fail("source", "expected \"header\", \"cookie\", \"query\", \"client_ip\" or \"identity\"");
  if (named) {
    result.name = key.requiredString("name");
    if (key.ok() && result.name.length == 0) key.fail("name", "expected a non-empty string");
    if (source == "header") {
      result.name = lowerCaseAscii(result.name);
      if (key.ok() && !isToken(result.name, true)) key.fail("name", "expected an HTTP header name");
    }
  } else if (key.has("name")) {
    key.fail("name", "does not apply to source \"" + source + "\"");
  }
  return result;
}
