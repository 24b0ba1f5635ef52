import { Cidr, IpAddress, parseSocketAddress } from "../../assembly/wire/ip";

function canonical(text: string): string {
  const ip = IpAddress.parse(text);
  return ip === null ? "null" : ip.toString();
}

describe("IpAddress.parse", () => {
  it("reads IPv4 dotted decimal", () => {
    expect(canonical("127.0.0.1")).toBe("127.0.0.1");
    expect(canonical("0.0.0.0")).toBe("0.0.0.0");
    expect(canonical("255.255.255.255")).toBe("255.255.255.255");
    expect(IpAddress.parse("10.1.2.3")!.isV4).toBe(true);
  });

  it("rejects malformed IPv4: parts out of range, leading zeros, wrong part count, stray characters", () => {
    const bad = ["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4 ", "a.b.c.d", "", "1.2.3.-4"];
    for (let i = 0; i < bad.length; i++) expect(canonical(bad[i])).toBe("null", bad[i]);
  });

  it("reads IPv6 and prints it in RFC 5952 canonical form", () => {
    expect(canonical("::")).toBe("::");
    expect(canonical("::1")).toBe("::1");
    expect(canonical("1::")).toBe("1::");
    expect(canonical("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(canonical("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
    expect(canonical("2001:0db8:0000:0000:0000:ff00:0042:8329")).toBe("2001:db8::ff00:42:8329");
    expect(canonical("1:0:1:1:1:1:1:1")).toBe("1:0:1:1:1:1:1:1");
    expect(canonical("fe80::1:2")).toBe("fe80::1:2");
    expect(canonical("::ffff:192.168.1.2")).toBe("::ffff:c0a8:102");
    expect(canonical("64:ff9b::10.0.0.1")).toBe("64:ff9b::a00:1");
  });

  it("rejects malformed IPv6: two gaps, too many groups, long groups, zones, stray colons", () => {
    const bad = ["1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "::1%eth0", ":1", "1:", "1:::2", "1:2:3:4:5:6:7:8::", "::g", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4"];
    for (let i = 0; i < bad.length; i++) expect(canonical(bad[i])).toBe("null", bad[i]);
  });
});

describe("IpAddress", () => {
  it("masks to a network address", () => {
    expect(IpAddress.parse("192.168.37.201")!.masked(24).toString()).toBe("192.168.37.0");
    expect(IpAddress.parse("192.168.37.201")!.masked(20).toString()).toBe("192.168.32.0");
    expect(IpAddress.parse("2001:db8:abcd:1234::99")!.masked(48).toString()).toBe("2001:db8:abcd::");
  });

  it("unmaps IPv4-mapped IPv6 only", () => {
    expect(IpAddress.parse("::ffff:10.0.0.1")!.unmapped().toString()).toBe("10.0.0.1");
    expect(IpAddress.parse("::fffe:10.0.0.1")!.unmapped().isV4).toBe(false);
  });
});

describe("Cidr", () => {
  it("matches addresses inside the range only", () => {
    const net = Cidr.parse("10.0.0.0/8")!;
    expect(net.contains(IpAddress.parse("10.255.1.1")!)).toBe(true);
    expect(net.contains(IpAddress.parse("11.0.0.1")!)).toBe(false);
    expect(net.contains(IpAddress.parse("::ffff:10.9.9.9")!)).toBe(true);
    expect(net.contains(IpAddress.parse("::1")!)).toBe(false);
    const v6 = Cidr.parse("2001:db8::/32")!;
    expect(v6.contains(IpAddress.parse("2001:db8:ffff::1")!)).toBe(true);
    expect(v6.contains(IpAddress.parse("2001:db9::1")!)).toBe(false);
    expect(v6.contains(IpAddress.parse("10.0.0.1")!)).toBe(false);
  });

  it("clears host bits, treats a bare address as a single host, and handles /0", () => {
    expect(Cidr.parse("10.1.2.3/8")!.toString()).toBe("10.0.0.0/8");
    expect(Cidr.parse("127.0.0.1")!.toString()).toBe("127.0.0.1/32");
    expect(Cidr.parse("::1")!.toString()).toBe("::1/128");
    expect(Cidr.parse("0.0.0.0/0")!.contains(IpAddress.parse("203.0.113.9")!)).toBe(true);
    expect(Cidr.parse("10.0.0.0/12")!.contains(IpAddress.parse("10.15.255.255")!)).toBe(true);
    expect(Cidr.parse("10.0.0.0/12")!.contains(IpAddress.parse("10.16.0.0")!)).toBe(false);
  });

  it("rejects bad prefixes and addresses", () => {
    const bad = ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0/8", "bogus/8"];
    for (let i = 0; i < bad.length; i++) expect(Cidr.parse(bad[i])).toBeNull(bad[i]);
  });
});

describe("parseSocketAddress", () => {
  it("reads Envoy's source.address forms", () => {
    expect(parseSocketAddress("127.0.0.1:34567")!.toString()).toBe("127.0.0.1");
    expect(parseSocketAddress("[::1]:34567")!.toString()).toBe("::1");
    expect(parseSocketAddress("[2001:db8::5]:80")!.toString()).toBe("2001:db8::5");
    expect(parseSocketAddress("10.0.0.1")!.toString()).toBe("10.0.0.1");
    expect(parseSocketAddress("[::1:80")).toBeNull();
    expect(parseSocketAddress("nonsense:80")).toBeNull();
  });
});
