import { HeaderMap } from "../../assembly/header_map";
import { encodePairs, Pair } from "../../assembly/wire/pairs";

function map(pairs: Pair[]): HeaderMap {
  return new HeaderMap(encodePairs(pairs));
}

const REQUEST: Pair[] = [
  new Pair(":path", "/a?b=1"),
  new Pair("x-auth-consumer", "mallory"),
  new Pair("x-api-key", "first"),
  new Pair("accept", "*/*"),
  new Pair("x-api-key", "second"),
  new Pair("x-city", "Zürich"),
];

describe("HeaderMap", () => {
  it("reads names and values by position, decoded from UTF-8", () => {
    const headers = map(REQUEST);
    expect(headers.size).toBe(6);
    expect(headers.nameAt(0)).toBe(":path");
    expect(headers.valueAt(0)).toBe("/a?b=1");
    expect(headers.valueAt(5)).toBe("Zürich");
  });

  it("get gives the first value of a name, null when absent", () => {
    const headers = map(REQUEST);
    expect(headers.get("x-api-key")).toBe("first");
    expect(headers.get("accept")).toBe("*/*");
    expect(headers.get("x-api")).toBeNull();
    expect(headers.get("x-api-key-2")).toBeNull();
  });

  it("find walks every copy of a repeated name", () => {
    const headers = map(REQUEST);
    const first = headers.find("x-api-key", 0);
    expect(first).toBe(2);
    const second = headers.find("x-api-key", first + 1);
    expect(second).toBe(4);
    expect(headers.find("x-api-key", second + 1)).toBe(-1);
  });

  it("compares names without decoding them: whole names and prefixes", () => {
    const headers = map(REQUEST);
    expect(headers.nameIs(1, "x-auth-consumer")).toBe(true);
    expect(headers.nameIs(1, "x-auth-consume")).toBe(false);
    expect(headers.nameStartsWith(1, "x-auth-")).toBe(true);
    expect(headers.nameStartsWith(2, "x-auth-")).toBe(false);
    expect(headers.nameStartsWith(3, "accept-language")).toBe(false);
  });

  it("toPairs decodes every header in order", () => {
    const pairs = map(REQUEST).toPairs();
    expect(pairs.length).toBe(6);
    expect(pairs[4].key).toBe("x-api-key");
    expect(pairs[4].value).toBe("second");
  });

  it("a block that does not fit the pairs layout reads as an empty map", () => {
    const good = encodePairs(REQUEST);
    const cut = good.slice(0, good.byteLength - 1);
    expect(new HeaderMap(cut).size).toBe(0);
    const huge = new ArrayBuffer(12);
    store<u32>(changetype<usize>(huge), 0xffffffff);
    expect(new HeaderMap(huge).size).toBe(0);
    expect(new HeaderMap(new ArrayBuffer(0)).size).toBe(0);
    expect(new HeaderMap(new ArrayBuffer(0)).get("x")).toBeNull();
  });
});
