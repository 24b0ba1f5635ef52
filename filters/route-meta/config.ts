// The route-meta plugin configuration (schema: config.schema.json). Every error names its field.
import { Cidr } from "../../assembly/wire/ip";
import { isIdentifier, lowerCaseAscii } from "../../assembly/wire/ascii";
import { ConfigReader } from "../../assembly/config/reader";
import { compileRegex } from "../../common/regex/index";
import { Condition, SOURCE_NAMES, Source, sourceNeedsName } from "./conditions";
import { OP_NAMES, Op, opByName, takesValue, takesValues } from "./operators";
import { Rule } from "./rules";
import { Split } from "./splits";
import { isValidTag } from "./tag";

const MAX_RULES = 64;
const MAX_CONDITIONS = 32;
const MAX_VALUES = 256;
const MAX_VERSIONS = 16;
const MAX_COOKIE_AGE: i64 = 400 * 86400;
const TAG_RULE = "expected 1 to 64 characters A-Z, a-z, 0-9, '.', '_' or '-'";

export enum KeySource {
  Header = 0,
  Cookie = 1,
  Query = 2,
  ClientIp = 3,
}

export class CookieSpec {
  name: string = "route_tag";
  maxAgeSeconds: i64 = 30 * 86400;
  path: string = "/";
  secure: bool = false;
  httpOnly: bool = true;
  sameSite: string = "Lax";
}

export class RouteMetaConfig {
  tagHeader: string = "x-route-tag";
  recompute: bool = false;
  defaultTag: string | null = null;
  rules: Rule[] = [];
  sticky: Split | null = null;
  stickyKeySource: KeySource = KeySource.Header;
  stickyKeyName: string = "";
  random: Split | null = null;
  cookie: CookieSpec | null = null;
  responseHeader: string | null = null;
  filterState: string | null = null;
  /** Path conditions see :path as sent instead of its canonical form (and an ambiguous path is not refused). */
  rawPath: bool = false;
  /** Some condition reads the path: a request whose canonical path is ambiguous is then refused. */
  readsPath: bool = false;
  /** Every tag the configuration can assign, in first-mention order (stats are defined per tag). */
  knownTags: string[] = [];
}

/** Reads the configuration; a mistake is left in `r` (readPluginConfiguration logs it). */
export function parseConfig(r: ConfigReader): RouteMetaConfig {
  r.onlyFields(["tag_header", "recompute", "default_tag", "identity_header", "rules", "sticky_split", "random_split", "cookie", "response_header", "filter_state", "raw_path"]);
  const config = new RouteMetaConfig();
  config.tagHeader = headerName(r, "tag_header", config.tagHeader);
  config.recompute = r.bool("recompute", false);
  config.rawPath = r.bool("raw_path", false);
  const identityHeader = headerName(r, "identity_header", "x-auth-consumer");
  if (r.has("default_tag")) config.defaultTag = tag(r, "default_tag", config);

  const rules = r.objects("rules");
  if (rules.length > MAX_RULES) r.fail("rules", "at most " + MAX_RULES.toString() + " rules");
  const names = new Array<string>();
  for (let i = 0; i < rules.length && r.ok(); i++) {
    const rule = parseRule(rules[i], identityHeader, config);
    for (let c = 0; c < rule.conditions.length; c++) if (rule.conditions[c].source == Source.Path) config.readsPath = true;
    if (names.includes(rule.name)) rules[i].fail("name", "duplicate rule name '" + rule.name + "'");
    names.push(rule.name);
    config.rules.push(rule);
  }

  if (r.has("sticky_split")) parseSticky(r.object("sticky_split"), identityHeader, config);
  if (r.has("random_split")) config.random = parseVersions(r.object("random_split"), config);
  if (r.has("cookie")) config.cookie = parseCookie(r.object("cookie"));
  if (r.has("response_header")) config.responseHeader = headerName(r, "response_header", "");
  if (r.has("filter_state")) {
    const name = r.string("filter_state", "");
    if (r.ok() && !isStateName(name)) r.fail("filter_state", "expected 1 to 64 characters A-Z, a-z, 0-9, '_' or '.'");
    config.filterState = name;
  }
  if (r.ok() && config.rules.length == 0 && config.sticky === null && config.random === null && config.defaultTag === null) {
    r.fail("default_tag", "is required when there are no rules and no splits");
  }
  return config;
}

function parseRule(r: ConfigReader, identityHeader: string, config: RouteMetaConfig): Rule {
  r.onlyFields(["name", "tag", "match", "conditions"]);
  const rule = new Rule();
  rule.name = r.requiredString("name");
  if (r.ok() && !isIdentifier(rule.name)) r.fail("name", "expected 1 to 64 characters a-z, 0-9 and _, starting with a letter");
  rule.tag = tag(r, "tag", config);
  const match = r.string("match", "all");
  if (match == "any") rule.any = true;
  else if (match != "all") r.fail("match", "expected \"all\" or \"any\"");
  const conditions = r.objects("conditions");
  if (r.ok() && conditions.length == 0) r.fail("conditions", "expected at least one condition");
  if (conditions.length > MAX_CONDITIONS) r.fail("conditions", "at most " + MAX_CONDITIONS.toString() + " conditions");
  for (let i = 0; i < conditions.length && r.ok(); i++) rule.conditions.push(parseCondition(conditions[i], identityHeader));
  return rule;
}

function parseCondition(r: ConfigReader, identityHeader: string): Condition {
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
      if (r.ok() && !isHeaderName(c.name)) r.fail("name", "expected an HTTP header name");
    }
  } else if (r.has("name")) {
    r.fail("name", "does not apply to source \"" + sourceName + "\"");
  }
  if (c.source == Source.Identity) c.name = identityHeader;

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

function parseSticky(r: ConfigReader, identityHeader: string, config: RouteMetaConfig): void {
  const split = parseVersions(r, config, ["key", "salt"]);
  split.salt = r.string("salt", "");
  if (!r.has("key")) r.fail("key", "is required");
  const key = r.object("key");
  key.onlyFields(["source", "name"]);
  const source = key.requiredString("source");
  const named = source == "header" || source == "cookie" || source == "query";
  if (source == "header") config.stickyKeySource = KeySource.Header;
  else if (source == "cookie") config.stickyKeySource = KeySource.Cookie;
  else if (source == "query") config.stickyKeySource = KeySource.Query;
  else if (source == "client_ip") config.stickyKeySource = KeySource.ClientIp;
  else if (source == "identity") {
    config.stickyKeySource = KeySource.Header;
    config.stickyKeyName = identityHeader;
  } else if (key.ok()) key.fail("source", "expected \"header\", \"cookie\", \"query\", \"client_ip\" or \"identity\"");
  if (named) {
    config.stickyKeyName = key.requiredString("name");
    if (key.ok() && config.stickyKeyName.length == 0) key.fail("name", "expected a non-empty string");
    if (source == "header") {
      config.stickyKeyName = lowerCaseAscii(config.stickyKeyName);
      if (key.ok() && !isHeaderName(config.stickyKeyName)) key.fail("name", "expected an HTTP header name");
    }
  } else if (key.has("name")) {
    key.fail("name", "does not apply to source \"" + source + "\"");
  }
  config.sticky = split;
}

function parseVersions(r: ConfigReader, config: RouteMetaConfig, extra: string[] = []): Split {
  r.onlyFields(["versions"].concat(extra));
  const split = new Split();
  const versions = r.objects("versions");
  if (r.ok() && versions.length == 0) r.fail("versions", "expected at least one version");
  if (versions.length > MAX_VERSIONS) r.fail("versions", "at most " + MAX_VERSIONS.toString() + " versions");
  const tags = new Array<string>();
  for (let i = 0; i < versions.length && r.ok(); i++) {
    const v = versions[i];
    v.onlyFields(["tag", "percent"]);
    const name = tag(v, "tag", config);
    if (v.ok() && tags.includes(name)) v.fail("tag", "duplicate tag '" + name + "' in one split");
    tags.push(name);
    if (!v.has("percent")) v.fail("percent", "is required");
    split.add(name, <u32>v.int("percent", 0, 0, 100));
  }
  if (r.ok() && split.totalPercent() > 100) {
    r.fail("versions", "percentages add up to " + split.totalPercent().toString() + ", more than 100");
  }
  return split;
}

function parseCookie(r: ConfigReader): CookieSpec {
  r.onlyFields(["name", "max_age_seconds", "path", "secure", "http_only", "same_site"]);
  const cookie = new CookieSpec();
  cookie.name = r.string("name", cookie.name);
  if (r.ok() && !isCookieName(cookie.name)) r.fail("name", "expected a cookie name (letters, digits and !#$%&'*+-.^_`|~)");
  cookie.maxAgeSeconds = r.int("max_age_seconds", cookie.maxAgeSeconds, 0, MAX_COOKIE_AGE);
  cookie.path = r.string("path", cookie.path);
  if (r.ok() && (!cookie.path.startsWith("/") || cookie.path.includes(";") || hasControl(cookie.path))) {
    r.fail("path", "expected a path starting with \"/\" without ';' or control characters");
  }
  cookie.secure = r.bool("secure", false);
  cookie.httpOnly = r.bool("http_only", true);
  cookie.sameSite = r.string("same_site", cookie.sameSite);
  if (r.ok() && cookie.sameSite != "Strict" && cookie.sameSite != "Lax" && cookie.sameSite != "None") {
    r.fail("same_site", "expected \"Strict\", \"Lax\" or \"None\"");
  }
  if (r.ok() && cookie.sameSite == "None" && !cookie.secure) r.fail("same_site", "\"None\" needs \"secure\": true (browsers drop it otherwise)");
  return cookie;
}

function tag(r: ConfigReader, field: string, config: RouteMetaConfig): string {
  const value = r.requiredString(field);
  if (r.ok() && !isValidTag(value)) r.fail(field, TAG_RULE);
  if (r.ok() && !config.knownTags.includes(value)) config.knownTags.push(value);
  return value;
}

function headerName(r: ConfigReader, field: string, fallback: string): string {
  const name = lowerCaseAscii(r.string(field, fallback));
  if (r.ok() && !isHeaderName(name)) r.fail(field, "expected an HTTP header name");
  return name;
}

function quoted(names: string[]): string {
  return "\"" + names.join("\", \"") + "\"";
}

function isTokenChar(c: i32): bool {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
}

/** An RFC 9110 token in lower case (Envoy stores header names lower-cased); no pseudo-headers. */
function isHeaderName(name: string): bool {
  if (name.length == 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isTokenChar(c) || (c >= 0x41 && c <= 0x5a)) return false;
  }
  return true;
}

function isCookieName(name: string): bool {
  if (name.length == 0 || name.length > 64) return false;
  for (let i = 0; i < name.length; i++) if (!isTokenChar(name.charCodeAt(i))) return false;
  return true;
}

function hasControl(s: string): bool {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) == 0x7f) return true;
  return false;
}

function isStateName(name: string): bool {
  if (name.length == 0 || name.length > 64) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f || c == 0x2e)) return false;
  }
  return true;
}
