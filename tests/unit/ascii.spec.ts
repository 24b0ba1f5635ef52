import { isToken, lowerCaseAscii, startsWithIgnoringCase } from "../../assembly/wire/ascii";

describe("lowerCaseAscii", () => {
  it("lower-cases A-Z only and returns lower-case text as it is", () => {
    expect(lowerCaseAscii("X-Auth-Consumer")).toBe("x-auth-consumer");
    expect(lowerCaseAscii("already-lower")).toBe("already-lower");
    expect(lowerCaseAscii("ÄB@[")).toBe("Äb@[");
  });
});

describe("isToken", () => {
  it("accepts RFC 9110 tokens in the asked case and rejects the rest", () => {
    expect(isToken("x-api-key", true)).toBe(true);
    expect(isToken("X-Api-Key", true)).toBe(false);
    expect(isToken("POST", false)).toBe(true);
    expect(isToken("post", false)).toBe(false);
    expect(isToken("a b", true)).toBe(false);
    expect(isToken(":path", true)).toBe(false);
    expect(isToken("", true)).toBe(false);
  });
});

describe("startsWithIgnoringCase", () => {
  it("compares the prefix without case (auth schemes)", () => {
    expect(startsWithIgnoringCase("bearer abc", "Bearer ")).toBe(true);
    expect(startsWithIgnoringCase("BASIC abc", "Basic ")).toBe(true);
    expect(startsWithIgnoringCase("Bear", "Bearer ")).toBe(false);
    expect(startsWithIgnoringCase("Token abc", "Bearer ")).toBe(false);
  });
});
