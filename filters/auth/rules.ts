// Rules: which requests need which providers. First match wins; a request no rule matches takes the default rule,
// and without one it is refused (403), so a forgotten path fails closed. Paths are matched in their canonical form
// (assembly/request/path.ts: what the upstream will act on) and hosts as Envoy routes them
// (assembly/request/authority.ts); a request whose path or host is ambiguous gets no rule at all (400).
import { ConfigReader } from "../../assembly/config/reader";
import { HostPattern, hasTrailingDot } from "../../assembly/request/authority";
import { PathProblem, canonicalizePath, separatedPrefixMatches } from "../../assembly/request/path";
import { RequestView } from "../../assembly/request_view";
import { isToken, lowerCaseAscii } from "../../assembly/wire/ascii";
import { AllowList, parseAllowList } from "./allow_list";

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
  /** Envoy's path_separated_prefix: "/admin" matches /admin and /admin/..., not /administrator. */
  separatedPrefix: string | null = null;
  methods: string[] = [];
  /** Envoy virtual host domains: "example.com", "example.com:8080", "example.com:*", "*.example.com", "*". */
  hosts: HostPattern[] = [];

  readsPath(): bool {
    return this.exactPath !== null || this.pathPrefix !== null || this.separatedPrefix !== null;
  }

  /** `path` and `host` (lower-case authority) are given when readsPath() and hosts ask for them. */
  matches(request: RequestView, path: string, host: string): bool {
    const exact = this.exactPath;
    if (exact !== null && path != exact) return false;
    const prefix = this.pathPrefix;
    if (prefix !== null && !path.startsWith(prefix)) return false;
    const separated = this.separatedPrefix;
    if (separated !== null && !separatedPrefixMatches(path, separated)) return false;
    if (this.methods.length > 0 && !this.methods.includes(request.method())) return false;
    if (this.hosts.length > 0 && !hostMatches(this.hosts, host)) return false;
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

/**
 * The first rule matching the request, else the default rule; null when a rule that reads the path or the host meets
 * an ambiguous one (request.canonicalPath() says why, else the host ends in a dot): the request is refused. The path
 * and host are read only when a rule asks; `rawPath` matches :path as sent, never refusing it.
 */
export function selectRule(rules: Rule[], fallback: Rule, rawPath: bool, request: RequestView): Rule | null {
  let path: string | null = null;
  let host: string | null = null;
  for (let i = 0; i < rules.length; i++) {
    const match = rules[i].match;
    if (path === null && match.readsPath()) {
      if (rawPath) {
        path = request.rawPath();
      } else {
        const canonical = request.canonicalPath();
        if (canonical.problem != PathProblem.None) return null;
        path = canonical.path;
      }
    }
    if (host === null && match.hosts.length > 0) {
      const authority = lowerCaseAscii(request.authority());
      if (hasTrailingDot(authority)) return null;
      host = authority;
    }
    if (match.matches(request, path === null ? "" : path, host === null ? "" : host)) return rules[i];
  }
  return fallback;
}

/** `providerNames` resolves the names a rule lists; `withMatch` is false for the default rule. */
export function parseRule(r: ConfigReader, providerNames: string[], withMatch: bool, fallbackName: string, rawPath: bool): Rule {
  const fields = ["name", "public", "any_of", "all_of", "allow"];
  if (withMatch) fields.push("match");
  r.onlyFields(fields);
  const rule = new Rule();
  rule.name = r.string("name", fallbackName);
  if (withMatch) {
    if (!r.has("match")) r.fail("match", "is required (use default_rule for requests no rule matches)");
    rule.match = parseMatch(r.object("match"), rawPath);
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

function parseMatch(r: ConfigReader, rawPath: bool): RuleMatch {
  r.onlyFields(["path", "path_prefix", "path_separated_prefix", "methods", "hosts"]);
  const match = new RuleMatch();
  const paths = (r.has("path") ? 1 : 0) + (r.has("path_prefix") ? 1 : 0) + (r.has("path_separated_prefix") ? 1 : 0);
  if (paths > 1) r.fail(r.has("path_separated_prefix") ? "path_separated_prefix" : "path_prefix", "give one of \"path\", \"path_prefix\" and \"path_separated_prefix\"");
  if (r.has("path")) match.exactPath = matchedPath(r, "path", rawPath);
  if (r.has("path_prefix")) match.pathPrefix = matchedPath(r, "path_prefix", rawPath);
  if (r.has("path_separated_prefix")) {
    const prefix = matchedPath(r, "path_separated_prefix", rawPath);
    if (r.ok() && prefix.endsWith("/")) r.fail("path_separated_prefix", "expected a prefix without a trailing \"/\" (it matches itself and what lies below it)");
    match.separatedPrefix = prefix;
  }
  match.methods = r.stringArray("methods");
  if (match.methods.length > MAX_LIST) r.fail("methods", "at most " + MAX_LIST.toString() + " methods");
  for (let i = 0; i < match.methods.length && r.ok(); i++) {
    if (!isToken(match.methods[i], false)) r.fail("methods", "expected upper-case method names such as \"GET\"");
  }
  const hosts = r.stringArray("hosts");
  if (hosts.length > MAX_LIST) r.fail("hosts", "at most " + MAX_LIST.toString() + " hosts");
  for (let i = 0; i < hosts.length && r.ok(); i++) {
    const pattern = HostPattern.parse(hosts[i]);
    if (pattern === null) r.fail("hosts", "expected virtual host domains: \"example.com\", \"example.com:8080\", \"example.com:*\", \"*.example.com\" or \"*\", got '" + hosts[i] + "'");
    else match.hosts.push(pattern);
  }
  return match;
}

/** A path to match: it starts with "/" and, unless rules see the raw path, is already in canonical form. */
function matchedPath(r: ConfigReader, field: string, rawPath: bool): string {
  const path = r.string(field, "/");
  if (r.ok() && !path.startsWith("/")) r.fail(field, "expected a path starting with \"/\"");
  if (r.ok() && !rawPath) {
    const canonical = canonicalizePath(path);
    if (canonical.problem != PathProblem.None || canonical.path != path) {
      r.fail(field, "expected a normalized path (no '.' or '..' segments, '//', ';' or escapes of unreserved characters)" + (canonical.problem == PathProblem.None ? ": \"" + canonical.path + "\"" : ""));
    }
  }
  return path;
}

function hostMatches(hosts: HostPattern[], host: string): bool {
  for (let i = 0; i < hosts.length; i++) if (hosts[i].matches(host)) return true;
  return false;
}
