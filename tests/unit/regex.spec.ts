import { compileRegex, MAX_INSTRUCTIONS, MAX_NESTING, Regex } from "../../common/regex";

function regex(pattern: string): Regex {
  const compiled = compileRegex(pattern);
  expect(compiled.error).toBe("", pattern);
  return compiled.regex!;
}

function errorOf(pattern: string): string {
  const compiled = compileRegex(pattern);
  expect(compiled.regex).toBeNull(pattern);
  return compiled.error;
}

describe("compileRegex", () => {
  it("gives a regex and no error for a valid pattern", () => {
    const compiled = compileRegex("^/api/v[0-9]+/");
    expect(compiled.error).toBe("");
    expect(compiled.regex).not.toBeNull();
    expect(compiled.regex!.pattern).toBe("^/api/v[0-9]+/");
  });

  it("names the problem and its offset", () => {
    expect(errorOf("(abc")).toBe("missing closing ) at offset 4 (group opened at offset 0)");
    expect(errorOf("ab)c")).toBe("unexpected ) at offset 2");
    expect(errorOf("x[a-")).toBe("missing closing ] for the class opened at offset 1");
    expect(errorOf("[z-a]")).toBe("invalid class range z-a at offset 1");
    expect(errorOf("a**")).toBe("invalid nested repetition operator at offset 2");
    expect(errorOf("|*")).toBe("missing argument to repetition operator at offset 1");
    expect(errorOf("a{2,1001}")).toBe("invalid repetition count {2,1001} (the limit is 1000) at offset 1");
    expect(errorOf("(a{100}){11}")).toBe("repetition count over 1000 (nested counts multiply) at offset 8");
    expect(errorOf("(a)\\1")).toBe("backreferences are not supported (\\1) at offset 3");
    expect(errorOf("a(?=b)")).toBe("look-around assertions are not supported (RE2 has none) at offset 1");
    expect(errorOf("(?<!a)b")).toBe("look-around assertions are not supported (RE2 has none) at offset 0");
    expect(errorOf("\\pL")).toBe("Unicode classes \\p and \\P are not supported at offset 0");
    expect(errorOf("\\q")).toBe("invalid escape sequence \\q at offset 0");
    expect(errorOf("a\\")).toBe("trailing \\ at the end of the pattern at offset 1");
    expect(errorOf("[[:word:][:nope:]]")).toBe("unknown POSIX class [:nope:] at offset 9");
    expect(errorOf("(?x)")).toBe("invalid or unsupported group syntax at offset 0");
  });

  it("rejects patterns whose program would exceed MAX_INSTRUCTIONS, and accepts the largest RE2 counts of a short atom", () => {
    expect(errorOf("(abcdefghijk){1000}")).toBe("pattern too large: over " + MAX_INSTRUCTIONS.toString() + " instructions after expanding repetitions");
    expect(regex("[a-z]{1000}").programSize).toBeLessThanOrEqual(MAX_INSTRUCTIONS);
  });

  it("rejects nesting deeper than MAX_NESTING groups instead of exhausting the stack", () => {
    expect(errorOf("(".repeat(MAX_NESTING + 1) + ")".repeat(MAX_NESTING + 1))).toBe("groups nested too deeply at offset " + MAX_NESTING.toString());
    expect(regex("(?:a*".repeat(MAX_NESTING) + "b" + ")+".repeat(MAX_NESTING)).fullMatch("aab")).toBe(true);
    // Each level nests an alternation, a concatenation and a repetition: the deepest parse and compile recursion.
    expect(regex("(?:z|y".repeat(MAX_NESTING) + "b" + ")*".repeat(MAX_NESTING)).fullMatch("z" + "y".repeat(MAX_NESTING) + "b")).toBe(true);
  });
});

describe("Regex.fullMatch and find", () => {
  it("fullMatch needs the whole input, find any part of it", () => {
    const r = regex("b+");
    expect(r.fullMatch("bbb")).toBe(true);
    expect(r.fullMatch("abbb")).toBe(false);
    expect(r.find("abbbc")).toBe(true);
    expect(r.find("ac")).toBe(false);
  });

  it("keeps no state between calls", () => {
    const r = regex("(a|b)*c");
    for (let i = 0; i < 3; i++) {
      expect(r.fullMatch("ababc")).toBe(true);
      expect(r.fullMatch("abab")).toBe(false);
      expect(r.find("xxcxx")).toBe(true);
    }
  });

  it("find skips input that cannot start a match, and still sees what came before for ^, \\b and \\B", () => {
    expect(regex("\\bfoo").find("xfoo")).toBe(false);
    expect(regex("\\bfoo").find("xfoo foo")).toBe(true);
    expect(regex("\\Bfoo").find("😀foo")).toBe(false);
    expect(regex("\\Bfoo").find("😀xfoo")).toBe(true);
    expect(regex("(?m)^b").find("ab\nb")).toBe(true);
    expect(regex("(?m)^b").find("ab\nab")).toBe(false);
    expect(regex("(?i)(iphone|android)").find("Mozilla/5.0 (Linux; Android 14)")).toBe(true);
  });

  it("reads UTF-16 surrogate pairs as one code point, a lone surrogate as itself", () => {
    expect(regex("^.$").find("😀")).toBe(true);
    expect(regex("^..$").find("😀")).toBe(false);
    expect(regex("[😀-😂]").fullMatch("😁")).toBe(true);
    expect(regex("\\x{D800}").fullMatch(String.fromCharCode(0xd800))).toBe(true);
    expect(regex("^.a$").find(String.fromCharCode(0xd800) + "a")).toBe(true);
  });
});

const aaa = "a".repeat(20000);
const xxx = "x".repeat(20000);

describe("linear time on patterns that are exponential for backtracking engines", () => {
  // Each runs over 20,000 characters; the run prints its time (a backtracking engine would not finish).

  it("(a+)+$", () => {
    expect(regex("(a+)+$").find(aaa + "!")).toBe(false);
    expect(regex("(a+)+$").fullMatch(aaa)).toBe(true);
  });

  it("(a|a)*b", () => {
    expect(regex("(a|a)*b").find(aaa)).toBe(false);
    expect(regex("(a|a)*b").fullMatch(aaa + "b")).toBe(true);
  });

  it("(a*)*c", () => {
    expect(regex("(a*)*c").find(aaa)).toBe(false);
    expect(regex("(a*)*c").find(aaa + "c")).toBe(true);
  });

  it("(x+x+)+y", () => {
    expect(regex("(x+x+)+y").find(xxx)).toBe(false);
    expect(regex("(x+x+)+y").fullMatch(xxx + "y")).toBe(true);
  });

  it("(.*a){20} and a{100}b: counted repetition on long inputs", () => {
    expect(regex("(.*a){20}").fullMatch("b".repeat(10000) + "a".repeat(19))).toBe(false);
    expect(regex("a{100}b").find(aaa)).toBe(false);
  });
});
