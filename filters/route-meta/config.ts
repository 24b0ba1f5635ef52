// The route-meta plugin configuration (schema: config.schema.json). Every error names its field.
import { isIdentifier } from "../../assembly/wire/ascii";
import { ConfigReader } from "../../assembly/config/reader";
import { ConditionHeaders, headerName, parseConditionGroup, parseStickyKey } from "../../common/match/condition_config";
import { StickyKey } from "../../common/match/sticky_key";
import { Rule } from "./rules";
import { Split } from "./splits";
import { isValidTag } from "./tag";

const MAX_RULES = 64;
const MAX_VERSIONS = 16;
const MAX_COOKIE_AGE: i64 = 400 * 86400;
const TAG_RULE = "expected 1 to 64 characters A-Z, a-z, 0-9, '.', '_' or '-'";

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
  stickyKey: StickyKey = new StickyKey();
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
  const headers = new ConditionHeaders(headerName(r, "identity_header", "x-auth-consumer"), config.tagHeader);
  if (r.has("default_tag")) config.defaultTag = tag(r, "default_tag", config);

  const rules = r.objects("rules");
  if (rules.length > MAX_RULES) r.fail("rules", "at most " + MAX_RULES.toString() + " rules");
  const names = new Array<string>();
  for (let i = 0; i < rules.length && r.ok(); i++) {
    const rule = parseRule(rules[i], headers, config);
    if (rule.readsPath()) config.readsPath = true;
    if (names.includes(rule.name)) rules[i].fail("name", "duplicate rule name '" + rule.name + "'");
    names.push(rule.name);
    config.rules.push(rule);
  }

  if (r.has("sticky_split")) parseSticky(r.object("sticky_split"), headers, config);
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

function parseRule(r: ConfigReader, headers: ConditionHeaders, config: RouteMetaConfig): Rule {
  r.onlyFields(["name", "tag", "match", "conditions"]);
  const rule = new Rule();
  rule.name = r.requiredString("name");
  if (r.ok() && !isIdentifier(rule.name)) r.fail("name", "expected 1 to 64 characters a-z, 0-9 and _, starting with a letter");
  rule.tag = tag(r, "tag", config);
  parseConditionGroup(r, headers, rule);
  return rule;
}

function parseSticky(r: ConfigReader, headers: ConditionHeaders, config: RouteMetaConfig): void {
  const split = parseVersions(r, config, ["key", "salt"]);
  split.salt = r.string("salt", "");
  if (!r.has("key")) r.fail("key", "is required");
  config.stickyKey = parseStickyKey(r.object("key"), headers);
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

function isTokenChar(c: i32): bool {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
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
