import { ConfigReader } from "../../assembly/config/reader";

const SAMPLE = `{
  "name": "edge",
  "enabled": true,
  "limit": 100,
  "tags": ["a", "b"],
  "upstream": {"cluster": "authz", "timeout_ms": 250},
  "rules": [
    {"path": "/public", "methods": ["GET"]},
    {"path": "/admin", "match": {"header": "x-role"}},
    {"path": "/v2", "match": {"header": 7}}
  ],
  "absent": null
}`;

describe("ConfigReader reading valid fields", () => {
  it("reads scalars and falls back for missing fields", () => {
    const c = ConfigReader.parse(SAMPLE);
    expect(c.requiredString("name")).toBe("edge");
    expect(c.string("mode", "strict")).toBe("strict");
    expect(c.bool("enabled", false)).toBe(true);
    expect(c.bool("verbose", true)).toBe(true);
    expect(c.int("limit", 1, 0, 1000)).toBe(100);
    expect(c.int("burst", 5, 0, 10)).toBe(5);
    expect(c.ok()).toBe(true);
    expect(c.error()).toBe("");
    expect(c.path).toBe("");
  });

  it("reads string arrays, objects and arrays of objects with their paths", () => {
    const c = ConfigReader.parse(SAMPLE);
    const tags = c.stringArray("tags");
    expect(tags.length).toBe(2);
    expect(tags[1]).toBe("b");
    expect(c.stringArray("none").length).toBe(0);
    const up = c.object("upstream");
    expect(up.path).toBe("upstream");
    expect(up.string("cluster", "")).toBe("authz");
    expect(up.int("timeout_ms", 0, 1, 60000)).toBe(250);
    const rules = c.objects("rules");
    expect(rules.length).toBe(3);
    expect(rules[2].path).toBe("rules[2]");
    expect(rules[1].object("match").path).toBe("rules[1].match");
    expect(rules[1].object("match").string("header", "")).toBe("x-role");
    expect(c.objects("none").length).toBe(0);
    expect(c.ok()).toBe(true);
  });

  it("treats missing objects as empty readers at the right path", () => {
    const c = ConfigReader.parse(SAMPLE);
    const m = c.object("missing");
    expect(m.path).toBe("missing");
    expect(m.has("x")).toBe(false);
    expect(m.int("x", 3, 0, 5)).toBe(3);
    expect(c.ok()).toBe(true);
  });

  it("treats null as absent", () => {
    const c = ConfigReader.parse(SAMPLE);
    expect(c.has("absent")).toBe(false);
    expect(c.has("name")).toBe(true);
    expect(c.string("absent", "fb")).toBe("fb");
    expect(c.ok()).toBe(true);
    c.requiredString("absent");
    expect(c.error()).toBe("field 'absent': is required");
  });

  it("reads empty or blank text as an empty object", () => {
    const c = ConfigReader.parse("");
    expect(c.ok()).toBe(true);
    expect(c.int("n", 7, 0, 10)).toBe(7);
    expect(ConfigReader.parse(" \n ").ok()).toBe(true);
  });

  it("accepts integral numbers written with a fraction or exponent, and the range bounds", () => {
    const c = ConfigReader.parse("{\"a\": 2.0, \"b\": 1e3, \"c\": -5, \"d\": 10}");
    expect(c.int("a", 0, 0, 10)).toBe(2);
    expect(c.int("b", 0, 0, 1000)).toBe(1000);
    expect(c.int("c", 0, -5, 5)).toBe(-5);
    expect(c.int("d", 0, -5, 10)).toBe(10);
    expect(c.ok()).toBe(true);
  });

  it("reads integers across the whole i64 range without trapping", () => {
    const c = ConfigReader.parse("{\"big\": 4611686018427387904, \"huge\": 1e19, \"low\": -9223372036854775808}");
    expect(c.int("big", 0, 0, i64.MAX_VALUE)).toBe(4611686018427387904);
    expect(c.int("low", 0, i64.MIN_VALUE, i64.MAX_VALUE)).toBe(i64.MIN_VALUE);
    expect(c.ok()).toBe(true);
    expect(c.int("huge", 1, 0, i64.MAX_VALUE)).toBe(1);
    expect(c.error()).toBe("field 'huge': expected an integer between 0 and 9223372036854775807");
  });
});

describe("ConfigReader errors", () => {
  it("wraps JSON syntax errors", () => {
    const c = ConfigReader.parse("{\"a\": }");
    expect(c.ok()).toBe(false);
    expect(c.error()).toBe("invalid JSON: unexpected character '}' at offset 6");
    expect(c.string("a", "x")).toBe("x");
  });

  it("rejects a document that is not an object", () => {
    expect(ConfigReader.parse("[1]").error()).toBe("configuration: expected an object");
    expect(ConfigReader.parse("null").error()).toBe("configuration: expected an object");
  });

  it("names a missing required field", () => {
    const c = ConfigReader.parse("{}");
    expect(c.requiredString("issuer")).toBe("");
    expect(c.error()).toBe("field 'issuer': is required");
  });

  it("names each wrong type", () => {
    const c1 = ConfigReader.parse(SAMPLE);
    expect(c1.string("limit", "fb")).toBe("fb");
    expect(c1.error()).toBe("field 'limit': expected a string");

    const c2 = ConfigReader.parse(SAMPLE);
    expect(c2.requiredString("tags")).toBe("");
    expect(c2.error()).toBe("field 'tags': expected a string");

    const c3 = ConfigReader.parse(SAMPLE);
    expect(c3.bool("name", true)).toBe(true);
    expect(c3.error()).toBe("field 'name': expected a boolean");

    const c4 = ConfigReader.parse(SAMPLE);
    expect(c4.stringArray("name").length).toBe(0);
    expect(c4.error()).toBe("field 'name': expected an array of strings");

    const c5 = ConfigReader.parse("{\"t\": [\"a\", 1]}");
    expect(c5.stringArray("t").length).toBe(0);
    expect(c5.error()).toBe("field 't': expected an array of strings");

    const c6 = ConfigReader.parse(SAMPLE);
    expect(c6.object("tags").path).toBe("tags");
    expect(c6.error()).toBe("field 'tags': expected an object");

    const c7 = ConfigReader.parse(SAMPLE);
    expect(c7.objects("upstream").length).toBe(0);
    expect(c7.error()).toBe("field 'upstream': expected an array of objects");

    const c8 = ConfigReader.parse("{\"r\": [{}, 2]}");
    expect(c8.objects("r").length).toBe(0);
    expect(c8.error()).toBe("field 'r': expected an array of objects");
  });

  it("names integer bounds and rejects fractions and non-numbers", () => {
    const c1 = ConfigReader.parse("{\"n\": 11}");
    expect(c1.int("n", 3, 1, 10)).toBe(3);
    expect(c1.error()).toBe("field 'n': expected an integer between 1 and 10");

    const c2 = ConfigReader.parse("{\"n\": 1.5}");
    c2.int("n", 3, 1, 10);
    expect(c2.error()).toBe("field 'n': expected an integer between 1 and 10");

    const c3 = ConfigReader.parse("{\"n\": \"5\"}");
    c3.int("n", 3, -1, 10);
    expect(c3.error()).toBe("field 'n': expected an integer between -1 and 10");

    const c4 = ConfigReader.parse("{\"n\": -1}");
    c4.int("n", 3, 0, 10);
    expect(c4.error()).toBe("field 'n': expected an integer between 0 and 10");
  });

  it("names nested fields by their full path", () => {
    const c = ConfigReader.parse(SAMPLE);
    const rules = c.objects("rules");
    rules[0].string("path", "");
    rules[1].object("match").string("header", "");
    expect(c.ok()).toBe(true);
    rules[2].object("match").string("header", "");
    expect(c.ok()).toBe(false);
    expect(rules[0].ok()).toBe(false);
    expect(c.error()).toBe("field 'rules[2].match.header': expected a string");
    expect(rules[2].error()).toBe(c.error());
  });

  it("keeps the first error", () => {
    const c = ConfigReader.parse("{\"a\": 1, \"b\": 2}");
    c.string("a", "");
    c.string("b", "");
    c.fail("c", "later");
    expect(c.error()).toBe("field 'a': expected a string");
  });

  it("reports the first unknown field with its path", () => {
    const c = ConfigReader.parse(SAMPLE);
    c.onlyFields(["name", "enabled", "limit", "tags", "upstream", "rules", "absent"]);
    expect(c.ok()).toBe(true);
    c.object("upstream").onlyFields(["cluster"]);
    expect(c.error()).toBe("field 'upstream.timeout_ms': unknown field");

    const d = ConfigReader.parse(SAMPLE);
    d.objects("rules")[1].onlyFields(["path"]);
    expect(d.error()).toBe("field 'rules[1].match': unknown field");
  });

  it("records custom validation errors naming the field", () => {
    const c = ConfigReader.parse(SAMPLE);
    const rule = c.objects("rules")[1];
    rule.object("match").fail("header", "must be lowercase");
    expect(c.error()).toBe("field 'rules[1].match.header': must be lowercase");

    const d = ConfigReader.parse(SAMPLE);
    d.object("upstream").fail("", "needs cluster or uri");
    expect(d.error()).toBe("field 'upstream': needs cluster or uri");

    const e = ConfigReader.parse("{}");
    e.fail("", "nothing configured");
    expect(e.error()).toBe("configuration: nothing configured");
  });
});
