import { pathOnly } from "../../assembly/request/path";
import { queryParam } from "../../assembly/request/query";

describe("queryParam", () => {
  it("finds a parameter among several", () => {
    expect(queryParam("/p?a=1&tag=v2&b=3", "tag")!).toBe("v2");
    expect(queryParam("/p?a=1&tag=v2&b=3", "a")!).toBe("1");
    expect(queryParam("/p?a=1&tag=v2&b=3", "b")!).toBe("3");
  });

  it("is null without a query or without the parameter", () => {
    expect(queryParam("/p", "tag")).toBeNull();
    expect(queryParam("/p?", "tag")).toBeNull();
    expect(queryParam("/p?a=1&xtag=2&tagx=3", "tag")).toBeNull();
  });

  it("returns an empty string for a bare name or an empty value", () => {
    expect(queryParam("/p?tag&a=1", "tag")!).toBe("");
    expect(queryParam("/p?tag=&a=1", "tag")!).toBe("");
  });

  it("takes the first occurrence", () => {
    expect(queryParam("/p?tag=v1&tag=v2", "tag")!).toBe("v1");
  });

  it("percent-decodes values and names, plus meaning a space", () => {
    expect(queryParam("/p?q=a%20b+c%2Bd", "q")!).toBe("a b c+d");
    expect(queryParam("/p?user%5Fid=42", "user_id")!).toBe("42");
    expect(queryParam("/p?q=%c3%a9t%C3%A9", "q")!).toBe("été");
  });

  it("keeps a malformed percent sequence literally", () => {
    expect(queryParam("/p?q=100%&r=%zz%4", "q")!).toBe("100%");
    expect(queryParam("/p?q=100%&r=%zz%4", "r")!).toBe("%zz%4");
  });

  it("stops at the fragment", () => {
    expect(queryParam("/p?a=1#tag=v2", "tag")).toBeNull();
    expect(queryParam("/p?tag=v2#frag", "tag")!).toBe("v2");
    expect(queryParam("/p#x?tag=v2", "tag")).toBeNull();
  });

  it("skips empty pairs and splits only at the first equals sign", () => {
    expect(queryParam("/p?&&tag=a=b&", "tag")!).toBe("a=b");
  });
});

describe("pathOnly", () => {
  it("strips the query and the fragment", () => {
    expect(pathOnly("/a/b?x=1")).toBe("/a/b");
    expect(pathOnly("/a/b#frag")).toBe("/a/b");
    expect(pathOnly("/a/b#frag?x=1")).toBe("/a/b");
    expect(pathOnly("/a/b?x=1#frag")).toBe("/a/b");
  });

  it("returns a plain path unchanged", () => {
    expect(pathOnly("/a/b")).toBe("/a/b");
    expect(pathOnly("")).toBe("");
    expect(pathOnly("?x")).toBe("");
  });
});
