import { compileRegex } from "../../assembly/lib/regex";

function full(p: string, s: string): bool {
  const c = compileRegex(p);
  if (c.regex === null) return false;
  return c.regex!.fullMatch(s);
}
function find(p: string, s: string): bool {
  const c = compileRegex(p);
  if (c.regex === null) return false;
  return c.regex!.find(s);
}
function error(p: string): string {
  return compileRegex(p).error;
}

describe("regex smoke", () => {
  it("matches basics", () => {
    expect(full("abc", "abc")).toBe(true);
    expect(full("abc", "abcd")).toBe(false);
    expect(find("bc", "abcd")).toBe(true);
    expect(full("a|b", "b")).toBe(true);
    expect(full("a*", "")).toBe(true);
    expect(full("[a-c]+x", "abcx")).toBe(true);
    expect(full("(?i)AbC", "aBc")).toBe(true);
    expect(full("a{2,3}", "aaaa")).toBe(false);
    expect(full("a{2,3}", "aaa")).toBe(true);
    expect(find("^b", "ab")).toBe(false);
    expect(find("\\bb", "a b")).toBe(true);
    expect(full(".", "😀")).toBe(true);
    expect(error("(abc")).toBe("missing closing ) at offset 4 (group opened at offset 0)");
    expect(error("a\\1")).not.toBe("");
  });
});
