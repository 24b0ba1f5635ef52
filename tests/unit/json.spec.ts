import { JsonKind, JsonValue, parseJson, parseJsonBytes } from "../../assembly/config/json";

function ok(text: string): JsonValue {
  const r = parseJson(text);
  expect(r.error).toBe("", "unexpected error for " + text);
  const v = r.value;
  expect(v).not.toBeNull();
  return v!;
}

function err(text: string): string {
  const r = parseJson(text);
  expect(r.value).toBeNull("expected an error for " + text);
  return r.error;
}

function repeat(s: string, n: i32): string {
  return s.repeat(n);
}

describe("parseJson values", () => {
  it("parses the literals", () => {
    expect(ok("null").isNull()).toBe(true);
    expect(ok("true").asBool()).toBe(true);
    expect(ok("false").isBool()).toBe(true);
    expect(ok("false").asBool()).toBe(false);
    expect(ok("true").kind).toBe(JsonKind.Bool);
  });

  it("accepts surrounding whitespace of the four RFC kinds", () => {
    expect(ok(" \t\r\n 1 \n").asNumber()).toBe(1.0);
  });

  it("parses numbers with sign, fraction and exponent", () => {
    expect(ok("0").asNumber()).toBe(0.0);
    expect(ok("-0").asNumber()).toBe(-0.0);
    expect(ok("42").asNumber()).toBe(42.0);
    expect(ok("-17").asNumber()).toBe(-17.0);
    expect(ok("3.25").asNumber()).toBe(3.25);
    expect(ok("0.1").asNumber()).toBe(0.1);
    expect(ok("1e3").asNumber()).toBe(1000.0);
    expect(ok("1E+3").asNumber()).toBe(1000.0);
    expect(ok("25e-2").asNumber()).toBe(0.25);
    expect(ok("-1.5e2").asNumber()).toBe(-150.0);
    expect(ok("9007199254740993").asNumber()).toBe(9007199254740992.0);
    expect(ok("1.7976931348623157e308").asNumber()).toBe(f64.MAX_VALUE);
    expect(ok("5e-324").asNumber()).toBe(f64.MIN_VALUE);
  });

  it("parses plain strings, including multi-byte UTF-8", () => {
    expect(ok("\"\"").asString()).toBe("");
    expect(ok("\"hello\"").asString()).toBe("hello");
    expect(ok("\"héllo → 世界 😀\"").asString()).toBe("héllo → 世界 😀");
  });

  it("decodes every simple escape", () => {
    expect(ok("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"").asString()).toBe("a\"b\\c/d\be\ff\ng\rh\ti");
  });

  it("decodes \\u escapes in both cases", () => {
    expect(ok("\"\\u0041\\u00e9\\u00E9\\u4e16\"").asString()).toBe("Aéé世");
    expect(ok("\"\\u0000\"").asString()).toBe("\0");
  });

  it("joins a surrogate pair into one code point", () => {
    const s = ok("\"x\\ud83d\\ude00y\"").asString();
    expect(s).toBe("x😀y");
    expect(s.length).toBe(4);
    expect(s.codePointAt(1)).toBe(0x1f600);
  });

  it("parses arrays in order", () => {
    const items = ok("[1, \"two\", [true], {}, null]").asArray();
    expect(items.length).toBe(5);
    expect(items[0].asNumber()).toBe(1.0);
    expect(items[1].asString()).toBe("two");
    expect(items[2].asArray()[0].asBool()).toBe(true);
    expect(items[3].isObject()).toBe(true);
    expect(items[4].isNull()).toBe(true);
    expect(ok("[]").asArray().length).toBe(0);
    expect(ok("[ ]").isArray()).toBe(true);
  });

  it("parses objects and keeps member order", () => {
    const v = ok("{\"b\": 1, \"a\": {\"c\": [2]}, \"\": \"empty\"}");
    expect(v.isObject()).toBe(true);
    const keys = v.keys();
    expect(keys.length).toBe(3);
    expect(keys[0]).toBe("b");
    expect(keys[1]).toBe("a");
    expect(keys[2]).toBe("");
    expect(v.get("b")!.asNumber()).toBe(1.0);
    expect(v.get("a")!.get("c")!.asArray()[0].asNumber()).toBe(2.0);
    expect(v.get("")!.asString()).toBe("empty");
    expect(v.get("missing")).toBeNull();
    expect(ok("{}").keys().length).toBe(0);
  });

  it("matches keys after unescaping", () => {
    expect(ok("{\"\\u0061\": 1}").get("a")!.asNumber()).toBe(1.0);
  });

  it("gives neutral answers for the wrong kind instead of trapping", () => {
    const n = ok("5");
    expect(n.get("x")).toBeNull();
    expect(n.keys().length).toBe(0);
    expect(n.asArray().length).toBe(0);
    expect(n.asString()).toBe("");
    expect(n.asBool()).toBe(false);
    expect(ok("\"s\"").asNumber()).toBe(0.0);
    expect(ok("[1]").get("0")).toBeNull();
  });

  it("accepts nesting of exactly 64", () => {
    const v = ok(repeat("[", 64) + repeat("]", 64));
    expect(v.isArray()).toBe(true);
    expect(ok(repeat("{\"a\":", 63) + "[]" + repeat("}", 63)).isObject()).toBe(true);
  });
});

describe("parseJson errors", () => {
  it("reports unexpected characters with their offset", () => {
    expect(err("{\"a\": 1, x}")).toBe("unexpected character 'x' at offset 9");
    expect(err("[1 2]")).toBe("unexpected character '2' at offset 3");
    expect(err("{\"a\" 1}")).toBe("unexpected character '1' at offset 5");
    expect(err("{1: 2}")).toBe("unexpected character '1' at offset 1");
    expect(err("[1,]")).toBe("unexpected character ']' at offset 3");
    expect(err("{\"a\":1,}")).toBe("unexpected character '}' at offset 7");
    expect(err("'a'")).toBe("unexpected character ''' at offset 0");
    expect(err("tru")).toBe("unexpected end of input at offset 3");
    expect(err("trux")).toBe("unexpected character 'x' at offset 3");
    expect(err("nul1")).toBe("unexpected character '1' at offset 3");
    expect(err("NaN")).toBe("unexpected character 'N' at offset 0");
  });

  it("counts offsets in UTF-8 bytes", () => {
    expect(err("[\"é\", x]")).toBe("unexpected character 'x' at offset 7");
  });

  it("names non-printable bytes in hex", () => {
    expect(err("[\u0001]")).toBe("unexpected byte 0x01 at offset 1");
    expect(err("\ufeff{}")).toBe("unexpected byte 0xef at offset 0");
  });

  it("reports an empty or truncated document as unexpected end", () => {
    expect(err("")).toBe("unexpected end of input at offset 0");
    expect(err("   ")).toBe("unexpected end of input at offset 3");
    expect(err("[1,")).toBe("unexpected end of input at offset 3");
    expect(err("{\"a\":")).toBe("unexpected end of input at offset 5");
    expect(err("{\"a\"")).toBe("unexpected end of input at offset 4");
    expect(err("{")).toBe("unexpected end of input at offset 1");
  });

  it("reports unterminated strings at the opening quote", () => {
    expect(err("[1, \"abc")).toBe("unterminated string at offset 4");
    expect(err("\"abc\\")).toBe("unterminated string at offset 0");
    expect(err("{\"k")).toBe("unterminated string at offset 1");
  });

  it("reports trailing characters", () => {
    expect(err("{} x")).toBe("trailing characters at offset 3");
    expect(err("1 2")).toBe("trailing characters at offset 2");
    expect(err("[]]")).toBe("trailing characters at offset 2");
  });

  it("rejects numbers outside the RFC grammar", () => {
    expect(err("01")).toBe("invalid number (leading zero) at offset 0");
    expect(err("-01")).toBe("invalid number (leading zero) at offset 0");
    expect(err("-")).toBe("unexpected end of input at offset 1");
    expect(err("-a")).toBe("unexpected character 'a' at offset 1");
    expect(err("+1")).toBe("unexpected character '+' at offset 0");
    expect(err(".5")).toBe("unexpected character '.' at offset 0");
    expect(err("1.")).toBe("unexpected end of input at offset 2");
    expect(err("1.e5")).toBe("unexpected character 'e' at offset 2");
    expect(err("1e")).toBe("unexpected end of input at offset 2");
    expect(err("1e+")).toBe("unexpected end of input at offset 3");
    expect(err("[1e5x]")).toBe("unexpected character 'x' at offset 4");
    expect(err("0x10")).toBe("trailing characters at offset 1");
  });

  it("rejects numbers that do not fit a double", () => {
    expect(err("[1e400]")).toBe("number out of range at offset 1");
    expect(err("-1e400")).toBe("number out of range at offset 0");
  });

  it("rejects bad escapes", () => {
    expect(err("\"a\\qb\"")).toBe("invalid escape at offset 2");
    expect(err("\"\\u12G4\"")).toBe("invalid unicode escape at offset 1");
    expect(err("\"\\u12\"")).toBe("invalid unicode escape at offset 1");
    expect(err("\"\\u")).toBe("invalid unicode escape at offset 1");
  });

  it("rejects unpaired surrogates", () => {
    expect(err("\"\\ud83d\"")).toBe("unpaired surrogate at offset 1");
    expect(err("\"\\ud83dx\"")).toBe("unpaired surrogate at offset 1");
    expect(err("\"\\ud83d\\n\"")).toBe("unpaired surrogate at offset 1");
    expect(err("\"\\ud83d\\u0041\"")).toBe("unpaired surrogate at offset 1");
    expect(err("\"\\ud83d\\ud83d\"")).toBe("unpaired surrogate at offset 1");
    expect(err("\"\\ude00\"")).toBe("unpaired surrogate at offset 1");
    expect(err("\"\\ud83d\\uzzzz\"")).toBe("invalid unicode escape at offset 7");
  });

  it("rejects raw control characters in strings", () => {
    expect(err("\"a\nb\"")).toBe("unescaped control character in string at offset 2");
    expect(err("\"\t\"")).toBe("unescaped control character in string at offset 1");
  });

  it("rejects duplicate keys", () => {
    expect(err("{\"a\": 1, \"a\": 2}")).toBe("duplicate key 'a' at offset 9");
  });

  it("caps nesting at 64", () => {
    expect(err(repeat("[", 65) + repeat("]", 65))).toBe("nesting deeper than 64 at offset 64");
    expect(err(repeat("{\"a\":", 64) + "{}" + repeat("}", 64))).toBe("nesting deeper than 64 at offset 320");
    expect(err(repeat("[", 100000))).toBe("nesting deeper than 64 at offset 64");
  });

  it("returns an error, never a trap, for every prefix of a valid document", () => {
    const doc = "{\"a\": [1, -2.5e+3, \"x\\u00e9\\ud83d\\ude00\\n\", true, false, null], \"b\": {\"c\": {}}}";
    expect(ok(doc).isObject()).toBe(true);
    for (let i = 0; i < doc.length; i++) {
      const r = parseJson(doc.substring(0, i));
      expect(r.value).toBeNull("prefix " + i.toString());
      expect(r.error.length).toBeGreaterThan(0);
    }
  });

  it("returns an error, never a trap, for corrupted documents", () => {
    const doc = "{\"k\": [0, 1.5, \"s\\\"\\u0041\", {\"n\": null}]}";
    const junk = ["\\", "\"", "{", "}", "[", "]", ":", ",", "\u0000", "é", "e", "-", "u", " "];
    let errors = 0;
    for (let i = 0; i < doc.length; i++) {
      for (let j = 0; j < junk.length; j++) {
        const r = parseJson(doc.substring(0, i) + junk[j] + doc.substring(i + 1));
        if (r.value === null) {
          expect(r.error.length).toBeGreaterThan(0);
          errors++;
        } else {
          expect(r.error).toBe("");
        }
      }
    }
    expect(errors).toBeGreaterThan(doc.length * 5);
  });
});

function bitsOf(text: string): u64 {
  return reinterpret<u64>(ok(text).asNumber());
}

describe("parseJson numbers, to the nearest double", () => {
  it("reads long mantissas with large exponents exactly", () => {
    expect(bitsOf("1.2434986024192045e+44")).toBe(0x4916_4ddd_9518_1ceb);
    expect(bitsOf("5.705024604502892e+45")).toBe(reinterpret<u64>(5.705024604502892e+45));
  });

  it("rounds halfway cases to even and a tail past halfway up", () => {
    expect(ok("9007199254740993").asNumber()).toBe(9007199254740992.0);
    expect(ok("9007199254740995").asNumber()).toBe(9007199254740996.0);
    expect(ok("9007199254740993.000000000000000000000000001").asNumber()).toBe(9007199254740994.0);
  });

  it("reads subnormals and the boundary around the smallest one", () => {
    expect(ok("2.4703282292062328e-324").asNumber()).toBe(f64.MIN_VALUE);
    expect(ok("2.4703282292062327e-324").asNumber()).toBe(0.0);
    expect(bitsOf("2.2250738585072011e-308")).toBe(0x000f_ffff_ffff_ffff);
    expect(bitsOf("2.2250738585072014e-308")).toBe(0x0010_0000_0000_0000);
  });

  it("rounds just below the largest double down to it, and rejects what overflows", () => {
    expect(ok("1.7976931348623158e308").asNumber()).toBe(f64.MAX_VALUE);
    expect(err("1.7976931348623159e308")).toBe("number out of range at offset 0");
    expect(ok("1e-400").asNumber()).toBe(0.0);
  });
});

function bytesOf(values: i32[]): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = <u8>values[i];
  return bytes;
}

describe("parseJsonBytes", () => {
  it("parses UTF-8 bytes, multi-byte characters included", () => {
    const parsed = parseJsonBytes(Uint8Array.wrap(String.UTF8.encode("{\"name\":\"J\u00f6rg \u20ac \ud83d\ude00\"}")));
    expect(parsed.error).toBe("");
    expect(parsed.value!.get("name")!.asString()).toBe("J\u00f6rg \u20ac \ud83d\ude00");
  });

  it("names the offset of ill-formed UTF-8", () => {
    // "a?" with ? an overlong slash, an encoded surrogate, a truncated sequence, a byte above F4
    expect(parseJsonBytes(bytesOf([0x22, 0x61, 0xc0, 0xaf, 0x22])).error).toBe("invalid UTF-8 at offset 2");
    expect(parseJsonBytes(bytesOf([0x22, 0x61, 0xed, 0xa0, 0x80, 0x22])).error).toBe("invalid UTF-8 at offset 2");
    expect(parseJsonBytes(bytesOf([0x22, 0xe2, 0x82, 0x22])).error).toBe("invalid UTF-8 at offset 1");
    expect(parseJsonBytes(bytesOf([0x22, 0xf5, 0x80, 0x80, 0x80, 0x22])).error).toBe("invalid UTF-8 at offset 1");
    expect(parseJsonBytes(bytesOf([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22])).error).toBe("invalid UTF-8 at offset 1");
  });

  it("skips a leading byte order mark", () => {
    expect(parseJsonBytes(bytesOf([0xef, 0xbb, 0xbf, 0x31])).value!.asNumber()).toBe(1.0);
  });

  it("reads a view into a larger buffer from its own start", () => {
    const whole = Uint8Array.wrap(String.UTF8.encode("xx[7]yy"));
    expect(parseJsonBytes(whole.subarray(2, 5)).value!.asArray()[0].asNumber()).toBe(7.0);
  });
});
