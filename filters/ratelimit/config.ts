// The ratelimit filter's plugin configuration (schema: config.schema.json). Every error names its field.
import { Pair } from "../../assembly";
import { ConfigReader } from "../../assembly/config/reader";
import { NANOS_PER_SECOND, Rate } from "../../common/token_bucket";
import { parseRate, rateText } from "../../common/rate_config";
import { isIdentifier, isToken, lowerCaseAscii } from "../../assembly/wire/ascii";
import { canonicalizePath } from "../../assembly/request/path";

const MAX_RULES = 32;
const MAX_ENTRIES = 8;
const MAX_OVERRIDES = 1000;
const MAX_LIST = 64;
export const DEFAULT_MAX_VALUES: i32 = 4096;
const MAX_MAX_VALUES: i32 = 65536;

/** Where one descriptor entry's value comes from. */
export enum Source {
  ClientIp = 0,
  Header = 1,
  PathPrefix = 2,
  Method = 3,
  Literal = 4,
}

/** One entry of a rule's descriptor: a request attribute (or a constant) and the key it is sent under. */
export class Entry {
  source: Source = Source.Literal;
  /** The descriptor key sent to the rate limit service. */
  key: string = "";
  header: string = "";
  prefixes: string[] = [];
  ipv4Prefix: i32 = 32;
  ipv6Prefix: i32 = 128;
  value: string = "";
}

/** A per-value limit: the rule's descriptor values (one per entry) that get `rate` instead of the default. */
export class Override {
  constructor(public values: string[], public rate: Rate) {}
}

export class Rule {
  name: string = "";
  global: bool = false;
  shadow: bool = false;
  /** Conditions on the request; empty lists match everything. */
  pathPrefixes: string[] = [];
  /** Envoy's path_separated_prefix: "/admin" matches /admin and /admin/..., not /administrator. */
  separatedPrefixes: string[] = [];
  methods: string[] = [];
  entries: Entry[] = [];
  /** Local rules: the default limit, per-value overrides (looked up by their joined values) and the table size. */
  rate: Rate = new Rate(1, NANOS_PER_SECOND, 1);
  overrides: Override[] = [];
  overrideIndex: Map<string, i32> = new Map<string, i32>();
  maxValues: i32 = DEFAULT_MAX_VALUES;
  /** Everything that defines a local rule's counters, as text: its hash names the rule's shared-data keys. */
  fingerprint: string = "";
}

export class GlobalService {
  cluster: string = "";
  domain: string = "";
  timeoutMs: u32 = 20;
  failureModeDeny: bool = true;
  statusOnError: u32 = 500;
  hitsAddend: u32 = 1;
}

/** gRPC's RESOURCE_EXHAUSTED: what a limited gRPC call is answered with unless configured otherwise. */
export const GRPC_RESOURCE_EXHAUSTED: u32 = 8;

export class ResponseSpec {
  status: u32 = 429;
  /** For gRPC requests: the grpc-status of the trailers-only answer Envoy makes of the local response. */
  grpcStatus: u32 = GRPC_RESOURCE_EXHAUSTED;
  body: string = "rate limited\n";
  headers: Pair[] = [];
  headersOnAllowed: bool = false;
}

export class RateLimitConfig {
  rules: Rule[] = [];
  /** Rules match :path as sent instead of its canonical form (and an ambiguous path is not refused). */
  rawPath: bool = false;
  /** Some rule reads the path: a request whose canonical path is ambiguous is then refused. */
  readsPath: bool = false;
  global: GlobalService | null = null;
  response: ResponseSpec = new ResponseSpec();
}

/** Joins a rule's descriptor values into one identity. Header values cannot hold a newline, so the join is unambiguous. */
export function joinValues(values: string[]): string {
  return values.join("\n");
}

/** Reads the configuration; a mistake is left in `reader` (readPluginConfiguration logs it). */
export function parseConfig(reader: ConfigReader): RateLimitConfig {
  reader.onlyFields(["rules", "response", "global", "raw_path"]);
  const config = new RateLimitConfig();
  config.rawPath = reader.bool("raw_path", false);
  const rules = reader.objects("rules");
  if (reader.ok() && rules.length == 0) reader.fail("rules", "expected at least one rule");
  if (rules.length > MAX_RULES) reader.fail("rules", "at most " + MAX_RULES.toString() + " rules");
  const names = new Array<string>();
  let anyGlobal = false;
  for (let i = 0; i < rules.length && reader.ok(); i++) {
    const rule = parseRule(rules[i], config.rawPath);
    if (rule.pathPrefixes.length > 0 || rule.separatedPrefixes.length > 0) config.readsPath = true;
    for (let e = 0; e < rule.entries.length; e++) if (rule.entries[e].source == Source.PathPrefix) config.readsPath = true;
    if (names.includes(rule.name)) rules[i].fail("name", "duplicate rule name '" + rule.name + "'");
    names.push(rule.name);
    if (rule.global) anyGlobal = true;
    config.rules.push(rule);
  }
  config.response = parseResponse(reader.object("response"));
  if (reader.has("global")) config.global = parseGlobal(reader.object("global"));
  else if (anyGlobal && reader.ok()) reader.fail("global", "is required when a rule has mode \"global\"");
  return config;
}

function parseRule(r: ConfigReader, rawPath: bool): Rule {
  r.onlyFields(["name", "mode", "match", "by", "limit", "overrides", "max_values", "shadow"]);
  const rule = new Rule();
  rule.name = r.requiredString("name");
  if (r.ok() && !isIdentifier(rule.name)) r.fail("name", "expected 1 to 64 characters a-z, 0-9 and _, starting with a letter");
  const mode = r.string("mode", "local");
  if (mode == "global") rule.global = true;
  else if (mode != "local") r.fail("mode", "expected \"local\" or \"global\"");
  rule.shadow = r.bool("shadow", false);

  const match = r.object("match");
  match.onlyFields(["path_prefixes", "path_separated_prefixes", "methods"]);
  rule.pathPrefixes = pathPrefixes(match, "path_prefixes", false, rawPath);
  rule.separatedPrefixes = pathPrefixes(match, "path_separated_prefixes", false, rawPath);
  for (let i = 0; i < rule.separatedPrefixes.length && match.ok(); i++) {
    if (rule.separatedPrefixes[i].endsWith("/")) match.fail("path_separated_prefixes", "expected prefixes without a trailing \"/\" (each matches itself and what lies below it)");
  }
  rule.methods = methods(match, "methods");

  const by = r.objects("by");
  if (by.length > MAX_ENTRIES) r.fail("by", "at most " + MAX_ENTRIES.toString() + " entries");
  for (let i = 0; i < by.length && r.ok(); i++) rule.entries.push(parseEntry(by[i], rawPath));

  if (rule.global) {
    const localOnly = ["limit", "overrides", "max_values"];
    for (let i = 0; i < localOnly.length; i++) {
      if (r.has(localOnly[i])) r.fail(localOnly[i], "applies to local rules only (the rate limit service holds global limits)");
    }
  } else {
    if (!r.has("limit")) r.fail("limit", "is required for a local rule");
    rule.rate = parseRate(r.object("limit"));
    parseOverrides(r, rule);
    rule.maxValues = <i32>r.int("max_values", DEFAULT_MAX_VALUES, 4, MAX_MAX_VALUES);
    if (r.has("max_values") && rule.entries.length == 0) r.fail("max_values", "needs \"by\": a rule without it has one counter");
    rule.fingerprint = fingerprint(rule);
  }
  return rule;
}

function parseEntry(r: ConfigReader, rawPath: bool): Entry {
  r.onlyFields(["source", "key", "name", "prefixes", "ipv4_prefix", "ipv6_prefix", "value"]);
  const entry = new Entry();
  const source = r.requiredString("source");
  let allowed: string[] = [];
  if (source == "client_ip") {
    entry.source = Source.ClientIp;
    entry.key = "remote_address";
    entry.ipv4Prefix = <i32>r.int("ipv4_prefix", 32, 0, 32);
    entry.ipv6Prefix = <i32>r.int("ipv6_prefix", 128, 0, 128);
    allowed = ["ipv4_prefix", "ipv6_prefix"];
  } else if (source == "header") {
    entry.source = Source.Header;
    entry.header = lowerCaseAscii(r.requiredString("name"));
    if (r.ok() && !isToken(entry.header, true)) r.fail("name", "expected an HTTP header name");
    entry.key = entry.header;
    allowed = ["name"];
  } else if (source == "path_prefix") {
    entry.source = Source.PathPrefix;
    entry.key = "path_prefix";
    if (!r.has("prefixes")) r.fail("prefixes", "is required for source \"path_prefix\"");
    entry.prefixes = pathPrefixes(r, "prefixes", true, rawPath);
    allowed = ["prefixes"];
  } else if (source == "method") {
    entry.source = Source.Method;
    entry.key = "method";
  } else if (source == "literal") {
    entry.source = Source.Literal;
    entry.key = "generic_key";
    entry.value = r.requiredString("value");
    allowed = ["value"];
  } else if (r.ok()) {
    r.fail("source", "expected \"client_ip\", \"header\", \"path_prefix\", \"method\" or \"literal\"");
  }
  const optional = ["ipv4_prefix", "ipv6_prefix", "name", "prefixes", "value"];
  for (let i = 0; i < optional.length; i++) {
    if (r.has(optional[i]) && !allowed.includes(optional[i])) r.fail(optional[i], "does not apply to source \"" + source + "\"");
  }
  entry.key = r.string("key", entry.key);
  if (r.ok() && entry.key.length == 0) r.fail("key", "expected a non-empty string");
  return entry;
}

function parseOverrides(r: ConfigReader, rule: Rule): void {
  const overrides = r.objects("overrides");
  if (overrides.length > MAX_OVERRIDES) r.fail("overrides", "at most " + MAX_OVERRIDES.toString() + " overrides");
  if (overrides.length > 0 && rule.entries.length == 0) r.fail("overrides", "needs \"by\": overrides are limits for particular values");
  for (let i = 0; i < overrides.length && r.ok(); i++) {
    const o = overrides[i];
    o.onlyFields(["values", "limit"]);
    if (!o.has("values")) o.fail("values", "is required");
    const values = o.stringArray("values");
    if (o.ok() && values.length != rule.entries.length) {
      o.fail("values", "expected " + rule.entries.length.toString() + " value(s), one per \"by\" entry");
    }
    const joined = joinValues(values);
    if (o.ok() && rule.overrideIndex.has(joined)) o.fail("values", "the same values appear in an earlier override");
    if (!o.has("limit")) o.fail("limit", "is required");
    const rate = parseRate(o.object("limit"));
    rule.overrideIndex.set(joined, rule.overrides.length);
    rule.overrides.push(new Override(values, rate));
  }
}

function parseResponse(r: ConfigReader): ResponseSpec {
  r.onlyFields(["status", "grpc_status", "body", "headers", "headers_on_allowed"]);
  const response = new ResponseSpec();
  response.status = <u32>r.int("status", 429, 400, 599);
  response.grpcStatus = <u32>r.int("grpc_status", GRPC_RESOURCE_EXHAUSTED, 1, 16);
  response.body = r.string("body", response.body);
  response.headersOnAllowed = r.bool("headers_on_allowed", false);
  const headers = r.objects("headers");
  for (let i = 0; i < headers.length && r.ok(); i++) {
    headers[i].onlyFields(["name", "value"]);
    const name = lowerCaseAscii(headers[i].requiredString("name"));
    if (headers[i].ok() && !isToken(name, true)) headers[i].fail("name", "expected an HTTP header name");
    response.headers.push(new Pair(name, headers[i].requiredString("value")));
  }
  return response;
}

function parseGlobal(r: ConfigReader): GlobalService {
  r.onlyFields(["cluster", "domain", "timeout_ms", "failure_mode", "status_on_error", "hits_addend"]);
  const service = new GlobalService();
  service.cluster = r.requiredString("cluster");
  if (r.ok() && service.cluster.length == 0) r.fail("cluster", "expected a non-empty string");
  service.domain = r.requiredString("domain");
  if (r.ok() && service.domain.length == 0) r.fail("domain", "expected a non-empty string");
  service.timeoutMs = <u32>r.int("timeout_ms", 20, 1, 60000);
  const mode = r.string("failure_mode", "deny");
  if (mode == "allow") service.failureModeDeny = false;
  else if (mode != "deny") r.fail("failure_mode", "expected \"deny\" or \"allow\"");
  service.statusOnError = <u32>r.int("status_on_error", 500, 400, 599);
  service.hitsAddend = <u32>r.int("hits_addend", 1, 1, 1000000);
  return service;
}

/** Path prefixes: each starts with "/" and, unless rules see the raw path, is in canonical form already. */
function pathPrefixes(r: ConfigReader, field: string, required: bool, rawPath: bool): string[] {
  const prefixes = r.stringArray(field);
  if (required && r.ok() && prefixes.length == 0) r.fail(field, "expected at least one prefix");
  if (prefixes.length > MAX_LIST) r.fail(field, "at most " + MAX_LIST.toString() + " prefixes");
  for (let i = 0; i < prefixes.length; i++) {
    if (!prefixes[i].startsWith("/")) r.fail(field, "expected prefixes starting with \"/\"");
    else if (!rawPath && canonicalizePath(prefixes[i]).path != prefixes[i]) r.fail(field, "expected normalized prefixes (no '.' or '..' segments, '//', ';' or escapes of unreserved characters)");
  }
  return prefixes;
}

function methods(r: ConfigReader, field: string): string[] {
  const list = r.stringArray(field);
  if (list.length > MAX_LIST) r.fail(field, "at most " + MAX_LIST.toString() + " methods");
  for (let i = 0; i < list.length; i++) {
    if (!isToken(list[i], false)) r.fail(field, "expected upper-case method names such as \"GET\"");
  }
  return list;
}

// A local rule's identity for its counters. `shadow` is left out on purpose: switching a rule from shadow to enforcing
// keeps what it counted.
function fingerprint(rule: Rule): string {
  let text = rule.name + "|match:" + rule.pathPrefixes.join(",") + ";" + rule.methods.join(",") + "|by:";
  for (let i = 0; i < rule.entries.length; i++) {
    const e = rule.entries[i];
    text += e.source.toString() + ";" + e.key + ";" + e.header + ";" + e.prefixes.join(",") + ";" + e.ipv4Prefix.toString() + ";" +
      e.ipv6Prefix.toString() + ";" + e.value + ",";
  }
  text += "|limit:" + rateText(rule.rate) + "|max:" + rule.maxValues.toString() + "|overrides:";
  for (let i = 0; i < rule.overrides.length; i++) text += joinValues(rule.overrides[i].values) + "=" + rateText(rule.overrides[i].rate) + ",";
  return text;
}

