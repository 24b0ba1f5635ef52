// The route-meta plugin's table of configurations, checked by ajv against filters/route-meta/config.schema.json and by the
// filter on the host emulator (tests/node/route_meta_config.test.ts) and in a running Envoy
// (tests/e2e/route_meta_config.test.ts), through harness/config_table.ts.
import type { ConfigTable, InvalidConfig, ValidConfig } from "../../harness/config_table.js";
import { ROUTE_META_COOKIE_CONFIG, ROUTE_META_HTTP_CONFIG } from "../../harness/scenarios/route_meta.js";

const when = (condition: object) => ({ default_tag: "v1", rules: [{ name: "r", tag: "v2", conditions: [condition] }] });
const sticky = (versions: object[], key: object = { source: "header", name: "x-user-id" }) => ({ sticky_split: { key, versions } });

export const VALID_CONFIGS: ValidConfig[] = [
  ["the scenario's listener", ROUTE_META_HTTP_CONFIG],
  ["the scenario's cookie listener", ROUTE_META_COOKIE_CONFIG],
  ["only a default tag", { default_tag: "stable" }],
  ["three versions keyed by the client address", sticky([{ tag: "v1", percent: 70 }, { tag: "v2", percent: 20 }, { tag: "v3", percent: 10 }], { source: "client_ip" })],
  ["an identity key, a salt and a random split", { default_tag: "v1", sticky_split: { key: { source: "identity" }, salt: "exp-1", versions: [{ tag: "v2", percent: 0 }] }, random_split: { versions: [{ tag: "v3", percent: 5 }] } }],
  [
    "every operator and source",
    {
      tag_header: "X-Mse-Tag",
      recompute: true,
      identity_header: "x-user",
      default_tag: "base",
      response_header: "x-tag",
      filter_state: "route.tag",
      cookie: { name: "gray", max_age_seconds: 0, path: "/app", secure: true, http_only: false, same_site: "None" },
      rules: [
        {
          name: "all_ops",
          tag: "gray",
          match: "any",
          conditions: [
            { source: "header", name: "x-a", op: "equal", value: "1", ignore_case: true },
            { source: "cookie", name: "c", op: "not_equal", value: "1" },
            { source: "query", name: "q", op: "prefix", value: "a" },
            { source: "path", op: "suffix", value: ".json" },
            { source: "method", op: "in", values: ["GET"] },
            { source: "authority", op: "not_in", values: ["a.example"] },
            { source: "identity", op: "contains", value: "admin" },
            { source: "header", name: "x-b", op: "present" },
            { source: "header", name: "x-c", op: "absent" },
            { source: "header", name: "x-d", op: "regex", value: "(?i)beta-[0-9]{2,}" },
            { source: "source_ip", op: "in", values: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"] },
            { source: "source_ip", op: "not_equal", value: "::1" },
            { source: "identity", op: "percent", percent: 10 },
          ],
        },
      ],
    },
  ],
];

// filterOnly: rules across several values or needing a parser (regex, addresses) that JSON Schema cannot state.
export const INVALID_CONFIGS: InvalidConfig[] = [
  { config: "{not json", message: "invalid JSON" },
  { config: {}, message: "field 'default_tag': is required when there are no rules and no splits" },
  { config: { default_tag: "v1", colour: "red" }, message: "field 'colour': unknown field" },
  { config: { default_tag: "v 1" }, message: "field 'default_tag': expected 1 to 64 characters" },
  { config: { default_tag: "v1", tag_header: "x tag" }, message: "field 'tag_header': expected an HTTP header name" },
  { config: { default_tag: "v1", rules: [{ tag: "v2", conditions: [{ source: "method", op: "present" }] }] }, message: "field 'rules[0].name': is required" },
  { config: { default_tag: "v1", rules: [{ name: "r", tag: "v2", conditions: [] }] }, message: "field 'rules[0].conditions': expected at least one condition" },
  { config: { default_tag: "v1", rules: [{ name: "r", tag: "v2", match: "most", conditions: [{ source: "method", op: "present" }] }] }, message: "field 'rules[0].match': expected \"all\" or \"any\"" },
  {
    config: { default_tag: "v1", rules: [{ name: "r", tag: "v2", conditions: [{ source: "method", op: "present" }] }, { name: "r", tag: "v3", conditions: [{ source: "method", op: "present" }] }] },
    message: "field 'rules[1].name': duplicate rule name 'r'",
    filterOnly: true,
  },
  { config: when({ source: "body", op: "present" }), message: "field 'rules[0].conditions[0].source': expected one of \"header\"" },
  { config: when({ source: "header", name: "x-a", op: "matches", value: "a" }), message: "field 'rules[0].conditions[0].op': expected one of \"equal\"" },
  { config: when({ source: "header", op: "present" }), message: "field 'rules[0].conditions[0].name': is required" },
  { config: when({ source: "path", name: "x", op: "present" }), message: "field 'rules[0].conditions[0].name': does not apply to source \"path\"" },
  { config: when({ source: "header", name: "x-a", op: "equal" }), message: "field 'rules[0].conditions[0].value': is required" },
  { config: when({ source: "header", name: "x-a", op: "in" }), message: "field 'rules[0].conditions[0].values': is required for op \"in\"" },
  { config: when({ source: "header", name: "x-a", op: "in", value: "a", values: ["a"] }), message: "field 'rules[0].conditions[0].value': does not apply to op \"in\"" },
  { config: when({ source: "header", name: "x-a", op: "in", values: [] }), message: "field 'rules[0].conditions[0].values': expected at least one value" },
  { config: when({ source: "header", name: "x-a", op: "present", value: "a" }), message: "field 'rules[0].conditions[0].value': does not apply to op \"present\"" },
  { config: when({ source: "header", name: "x-a", op: "regex", value: "(a|b" }), message: "field 'rules[0].conditions[0].value': invalid regex: missing closing )", filterOnly: true },
  { config: when({ source: "header", name: "x-a", op: "regex", value: "(?=a)" }), message: "field 'rules[0].conditions[0].value': invalid regex:", filterOnly: true },
  { config: when({ source: "header", name: "x-a", op: "regex", value: "a", ignore_case: true }), message: "field 'rules[0].conditions[0].ignore_case': does not apply to \"regex\"" },
  { config: when({ source: "header", name: "x-user-id", op: "percent" }), message: "field 'rules[0].conditions[0].percent': is required for op \"percent\"" },
  { config: when({ source: "header", name: "x-user-id", op: "percent", percent: 101 }), message: "field 'rules[0].conditions[0].percent': expected an integer between 0 and 100" },
  { config: when({ source: "header", name: "x-user-id", op: "equal", value: "a", percent: 10 }), message: "field 'rules[0].conditions[0].percent': does not apply to op \"equal\"" },
  { config: when({ source: "source_ip", op: "in", values: ["10.0.0.0/33"] }), message: "field 'rules[0].conditions[0].values': expected addresses or CIDR ranges", filterOnly: true },
  { config: when({ source: "source_ip", op: "in", values: ["2001:db8::g/32"] }), message: "field 'rules[0].conditions[0].values': expected addresses or CIDR ranges", filterOnly: true },
  { config: when({ source: "source_ip", op: "equal", value: "10.0.0.0/8" }), message: "field 'rules[0].conditions[0].value': expected an IPv4 or IPv6 address", filterOnly: true },
  { config: when({ source: "source_ip", op: "prefix", value: "10." }), message: "field 'rules[0].conditions[0].op': source \"source_ip\" takes" },
  { config: sticky([{ tag: "v2", percent: 60 }, { tag: "v3", percent: 50 }]), message: "field 'sticky_split.versions': percentages add up to 110, more than 100", filterOnly: true },
  { config: sticky([{ tag: "v2", percent: 10 }, { tag: "v2", percent: 10 }]), message: "field 'sticky_split.versions[1].tag': duplicate tag 'v2' in one split", filterOnly: true },
  { config: sticky([{ tag: "v2", percent: 10.5 }]), message: "field 'sticky_split.versions[0].percent': expected an integer between 0 and 100" },
  { config: sticky([{ tag: "v2", percent: 101 }]), message: "field 'sticky_split.versions[0].percent': expected an integer between 0 and 100" },
  { config: sticky([]), message: "field 'sticky_split.versions': expected at least one version" },
  { config: { sticky_split: { versions: [{ tag: "v2", percent: 10 }] } }, message: "field 'sticky_split.key': is required" },
  { config: sticky([{ tag: "v2", percent: 10 }], { source: "header" }), message: "field 'sticky_split.key.name': is required" },
  { config: sticky([{ tag: "v2", percent: 10 }], { source: "session" }), message: "field 'sticky_split.key.source': expected \"header\", \"cookie\"" },
  { config: { random_split: { versions: [{ tag: "v2" }] } }, message: "field 'random_split.versions[0].percent': is required" },
  { config: { default_tag: "v1", cookie: { same_site: "None" } }, message: "field 'cookie.same_site': \"None\" needs \"secure\": true" },
  { config: { default_tag: "v1", cookie: { name: "a b" } }, message: "field 'cookie.name': expected a cookie name" },
  { config: { default_tag: "v1", filter_state: "route tag" }, message: "field 'filter_state': expected 1 to 64 characters" },
];

export const CONFIG_TABLE: ConfigTable = {
  filter: "route-meta",
  valid: VALID_CONFIGS,
  invalid: INVALID_CONFIGS,
};
