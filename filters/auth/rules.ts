// Rules: which requests need which providers. First match wins; a request no rule matches takes the default rule,
// and without one it is refused (403), so a forgotten path fails closed.
import { ConfigReader } from "../../assembly/config/reader";
import { pathOnly } from "../../assembly/request/query";
import { AllowList, parseAllowList } from "./allow_list";
import { isToken, lowerCaseAscii } from "../../assembly/wire/ascii";
import { RequestSnapshot } from "./request";

const MAX_LIST = 64;

export enum RuleMode {
  Public = 0,
  /** The first listed provider whose credential is valid authenticates the request. */
  AnyOf = 1,
  /** Every listed provider must authenticate the request. */
  AllOf = 2,
  /** No rule matched and no default rule is configured. */
  Deny = 3,
}

export class RuleMatch {
  exactPath: string | null = null;
  pathPrefix: string | null = null;
  methods: string[] = [];
  /** Lower-case host names; "*.example.com" matches any subdomain. */
  hosts: string[] = [];

  matches(request: RequestSnapshot, path: string): bool {
    const exact = this.exactPath;
    if (exact !== null && path != exact) return false;
    const prefix = this.pathPrefix;
    if (prefix !== null && !path.startsWith(prefix)) return false;
    if (this.methods.length > 0 && !this.methods.includes(request.method)) return false;
    if (this.hosts.length > 0 && !hostMatches(this.hosts, request.host)) return false;
    return true;
  }
}

export class Rule {
  name: string = "";
  match: RuleMatch = new RuleMatch();
  mode: RuleMode = RuleMode.Deny;
  /** Indices into the configuration's providers. */
  providers: i32[] = [];
  allow: AllowList = new AllowList();
}

/** The first rule matching the request, else the default rule. */
export function selectRule(rules: Rule[], fallback: Rule, request: RequestSnapshot): Rule {
  // Without rules the path is never decoded.
  if (rules.length == 0) return fallback;
  const path = pathOnly(request.path);
  for (let i = 0; i < rules.length; i++) if (rules[i].match.matches(request, path)) return rules[i];
  return fallback;
}

/** `providerNames` resolves the names a rule lists; `withMatch` is false for the default rule. */
export function parseRule(r: ConfigReader, providerNames: string[], withMatch: bool, fallbackName: string): Rule {
  const fields = ["name", "public", "any_of", "all_of", "allow"];
  if (withMatch) fields.push("match");
  r.onlyFields(fields);
  const rule = new Rule();
  rule.name = r.string("name", fallbackName);
  if (withMatch) {
    if (!r.has("match")) r.fail("match", "is required (use default_rule for requests no rule matches)");
    rule.match = parseMatch(r.object("match"));
  }
  const isPublic = r.bool("public", false);
  const given = (isPublic ? 1 : 0) + (r.has("any_of") ? 1 : 0) + (r.has("all_of") ? 1 : 0);
  if (r.ok() && given != 1) {
    r.fail("", "expected exactly one of \"public\": true, \"any_of\" or \"all_of\"");
    return rule;
  }
  if (isPublic) {
    rule.mode = RuleMode.Public;
    if (r.has("allow")) r.fail("allow", "does not apply to a public rule");
    return rule;
  }
  const field = r.has("any_of") ? "any_of" : "all_of";
  rule.mode = field == "any_of" ? RuleMode.AnyOf : RuleMode.AllOf;
  const names = r.stringArray(field);
  if (r.ok() && names.length == 0) r.fail(field, "expected at least one provider name");
  for (let i = 0; i < names.length && r.ok(); i++) {
    const index = providerNames.indexOf(names[i]);
    if (index < 0) r.fail(field, "unknown provider '" + names[i] + "'");
    else if (rule.providers.includes(index)) r.fail(field, "provider '" + names[i] + "' listed twice");
    else rule.providers.push(index);
  }
  rule.allow = parseAllowList(r.object("allow"));
  return rule;
}

function parseMatch(r: ConfigReader): RuleMatch {
  r.onlyFields(["path", "path_prefix", "methods", "hosts"]);
  const match = new RuleMatch();
  if (r.has("path") && r.has("path_prefix")) r.fail("path_prefix", "give either \"path\" or \"path_prefix\"");
  if (r.has("path")) match.exactPath = absolutePath(r, "path");
  if (r.has("path_prefix")) match.pathPrefix = absolutePath(r, "path_prefix");
  match.methods = r.stringArray("methods");
  if (match.methods.length > MAX_LIST) r.fail("methods", "at most " + MAX_LIST.toString() + " methods");
  for (let i = 0; i < match.methods.length && r.ok(); i++) {
    if (!isToken(match.methods[i], false)) r.fail("methods", "expected upper-case method names such as \"GET\"");
  }
  const hosts = r.stringArray("hosts");
  if (hosts.length > MAX_LIST) r.fail("hosts", "at most " + MAX_LIST.toString() + " hosts");
  for (let i = 0; i < hosts.length && r.ok(); i++) {
    if (hosts[i].length == 0 || hosts[i].includes(":")) r.fail("hosts", "expected host names without port");
    match.hosts.push(lowerCaseAscii(hosts[i]));
  }
  return match;
}

function absolutePath(r: ConfigReader, field: string): string {
  const path = r.string(field, "/");
  if (r.ok() && !path.startsWith("/")) r.fail(field, "expected a path starting with \"/\"");
  return path;
}

function hostMatches(hosts: string[], authority: string): bool {
  let host = lowerCaseAscii(authority);
  // Strip a port, but not the colons of a bracketed IPv6 literal.
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && host.indexOf("]", colon) < 0) host = host.substring(0, colon);
  for (let i = 0; i < hosts.length; i++) {
    const pattern = hosts[i];
    if (pattern == host) return true;
    if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && host.length > pattern.length - 1) return true;
  }
  return false;
}
