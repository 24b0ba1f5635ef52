import { cookieValue } from "../../assembly/request/cookie";

describe("cookieValue", () => {
  it("finds a cookie among several", () => {
    expect(cookieValue("a=1; route=v2; b=3", "route")!).toBe("v2");
    expect(cookieValue("a=1; route=v2; b=3", "a")!).toBe("1");
    expect(cookieValue("a=1; route=v2; b=3", "b")!).toBe("3");
  });

  it("is null when the cookie is absent or the header is empty", () => {
    expect(cookieValue("a=1; b=2", "route")).toBeNull();
    expect(cookieValue("", "route")).toBeNull();
  });

  it("does not match a name that only contains or extends the wanted one", () => {
    expect(cookieValue("xroute=v1; routex=v2", "route")).toBeNull();
    expect(cookieValue("xroute=v1; route=v3", "route")!).toBe("v3");
  });

  it("tolerates missing and extra spaces and tabs around separators", () => {
    expect(cookieValue("a=1;route=v2", "route")!).toBe("v2");
    expect(cookieValue("a=1 ;  route = v2 ;b=3", "route")!).toBe("v2");
    expect(cookieValue("\troute=\tv2\t", "route")!).toBe("v2");
  });

  it("strips one pair of double quotes around the value", () => {
    expect(cookieValue("route=\"v2\"", "route")!).toBe("v2");
    expect(cookieValue("route= \"v 2\" ", "route")!).toBe("v 2");
    expect(cookieValue("route=\"", "route")!).toBe("\"");
  });

  it("returns an empty value as an empty string", () => {
    expect(cookieValue("route=; a=1", "route")!).toBe("");
    expect(cookieValue("route=\"\"", "route")!).toBe("");
  });

  it("keeps everything after the first equals sign", () => {
    expect(cookieValue("token=YWJj==; a=1", "token")!).toBe("YWJj==");
  });

  it("compares names case-sensitively and takes the first of duplicates", () => {
    expect(cookieValue("Route=v1", "route")).toBeNull();
    expect(cookieValue("route=v1; route=v2", "route")!).toBe("v1");
  });

  it("skips pieces without an equals sign and empty pieces", () => {
    expect(cookieValue("junk; ;; route=v2;", "route")!).toBe("v2");
    expect(cookieValue("route", "route")).toBeNull();
  });
});
