// The Dubbo codec alone (common/dubbo): the header, skipping every Hessian2 value exactly, and the request decoder
// with its per-connection cache of the last request's head. GREET and GREET_BETA are frames the real Dubbo 3.3.6
// consumer sent (tests/fixtures/dubbo/frames.json, captured by tests/fixtures/dubbo/capture.ts).
import { fromHex } from "../../assembly/wire/hex";
import { RequestDecoder, ResponseKind, countParameters, responseKind } from "../../common/dubbo/body";
import { DubboHeader, HEADER_SIZE, HeaderProblem, readHeader } from "../../common/dubbo/header";
import { Hessian2Reader, MAX_DEPTH } from "../../common/dubbo/hessian2";

const GREET = "dabbc200904d99f69cdfb8a8000000c105322e302e321373686f702e477265657465725365727669636505302e302e30056772656574124c6a6176612f6c616e672f537472696e673b03616e6e4804706174681373686f702e47726565746572536572766963651272656d6f74652e6170706c69636174696f6e10677265657465722d636f6e73756d657209696e746572666163651373686f702e477265657465725365727669636508782d74656e616e740274310776657273696f6e05302e302e300774696d656f757404353030305a";
const GREET_BETA = "dabbc200904d99f69cdfb8a9000000c005322e302e321373686f702e477265657465725365727669636505322e302e30056772656574124c6a6176612f6c616e672f537472696e673b03626f624804706174681373686f702e47726565746572536572766963651272656d6f74652e6170706c69636174696f6e10677265657465722d636f6e73756d657209696e746572666163651373686f702e47726565746572536572766963650776657273696f6e05322e302e300774696d656f757404353030300567726f757004626574615a";

function bytes(hex: string): Uint8Array {
  return fromHex(hex)!;
}

/** Whether the reader skips exactly one value spanning all of `hex`. */
function skipsExactly(hex: string): bool {
  const value = bytes(hex);
  const reader = new Hessian2Reader(value, 0, value.length);
  return reader.skipValue() && reader.atEnd;
}

function skipFails(hex: string): bool {
  const value = bytes(hex);
  const reader = new Hessian2Reader(value, 0, value.length);
  return !reader.skipValue() && reader.failed;
}

describe("Dubbo header", () => {
  it("reads a captured request's flags, request id and body length", () => {
    const frame = bytes(GREET);
    const header = new DubboHeader();
    expect(readHeader(frame, 0, 16 << 20, header)).toBe(HeaderProblem.None);
    expect(header.isRequest).toBe(true);
    expect(header.twoWay).toBe(true);
    expect(header.event).toBe(false);
    expect(header.serialization).toBe(2);
    expect(header.requestId).toBe(0x904d99f69cdfb8a8);
    expect(header.frameLength).toBe(frame.length);
  });

  it("refuses a wrong magic and a body over the cap", () => {
    const frame = bytes(GREET);
    const header = new DubboHeader();
    expect(readHeader(frame, 0, 100, header)).toBe(HeaderProblem.BodyTooLarge);
    frame[1] = 0xbc;
    expect(readHeader(frame, 0, 16 << 20, header)).toBe(HeaderProblem.BadMagic);
  });
});

describe("Hessian2 skipping", () => {
  it("skips ints, longs, doubles, dates, booleans and null in every encoding", () => {
    for (let i = 0; i < 31; i++) {
      const hex = ["90", "c800", "d40000", "4900000001", "e0", "f000", "3c0000", "5900000001", "4c0000000000000001", "5b", "5c", "5d01", "5e0001", "5f00000001", "440000000000000000", "4a0000000000000000", "4b00000000", "54", "46", "4e", "bf", "80", "cfff", "d7ffff", "d8", "ef", "ffff", "38ffff", "3fffff", "c0ff", "d00000"][i];
      expect(skipsExactly(hex)).toBe(true, hex);
    }
  });

  it("skips strings and binaries, one chunk or many, counting UTF-16 units in UTF-8", () => {
    expect(skipsExactly("03616263")).toBe(true);
    expect(skipsExactly("00")).toBe(true);
    expect(skipsExactly("02c3a9e282ac")).toBe(true, "é and €: two units, five bytes");
    expect(skipsExactly("02f09f9880")).toBe(true, "an emoji is a surrogate pair: two units");
    expect(skipsExactly("3103" + "61".repeat(0x103))).toBe(true, "a two-byte length: 259 units");
    expect(skipsExactly("52000261620161")).toBe(true, "a non-final chunk, then the final one");
    expect(skipsExactly("530003616263")).toBe(true);
    expect(skipsExactly("23010203")).toBe(true);
    expect(skipsExactly("41000201022101")).toBe(true, "a non-final binary chunk, then the final one");
    expect(skipsExactly("3501" + "00".repeat(0x101))).toBe(true, "a two-byte length: 257 bytes");
  });

  it("skips typed and untyped, counted and open lists and maps", () => {
    expect(skipsExactly("7a9091")).toBe(true, "untyped list of 2 (0x78 + 2)");
    expect(skipsExactly("72045b696e74" + "9091")).toBe(true, "typed list of 2");
    expect(skipsExactly("5604" + "5b696e74" + "92" + "9091")).toBe(true, "V typed counted");
    expect(skipsExactly("58929091")).toBe(true, "X untyped counted");
    expect(skipsExactly("5790915a")).toBe(true, "W open untyped");
    expect(skipsExactly("5504" + "5b696e74" + "90915a")).toBe(true, "U open typed");
    expect(skipsExactly("480161900162915a")).toBe(true, "H untyped map");
    expect(skipsExactly("4d036d6170" + "0161" + "90" + "5a")).toBe(true, "M typed map");
    expect(skipsExactly("4d90" + "0161" + "90" + "5a")).toBe(true, "M whose type is a reference");
  });

  it("skips class definitions, object instances and references", () => {
    // C "Order" with fields id, next; then an instance: O #0 (id 1, next null); then the compact form 0x60.
    expect(skipsExactly("43054f726465729202696404" + "6e657874" + "60" + "91" + "4e")).toBe(true);
    const two = bytes("43054f72646572910269646091" + "6092");
    const reader = new Hessian2Reader(two, 0, two.length);
    expect(reader.skipValue()).toBe(true);
    expect(reader.skipValue()).toBe(true, "a second instance of the class defined before");
    expect(reader.atEnd).toBe(true);
    expect(skipsExactly("4f90")).toBe(false, "an instance of no class defined");
    expect(skipsExactly("5190")).toBe(true, "a reference");
  });

  it("fails on bytes the grammar does not allow, on values cut short and past the depth limit", () => {
    expect(skipFails("45")).toBe(true, "E is no value");
    expect(skipFails("05616263")).toBe(true, "five units, three there");
    expect(skipFails("4900")).toBe(true);
    expect(skipFails("0280")).toBe(true, "a UTF-8 continuation byte as a lead byte");
    expect(skipFails("48" + "0161")).toBe(true, "a map without its end");
    let nested = "";
    for (let i = 0; i <= MAX_DEPTH; i++) nested += "79";
    expect(skipFails(nested + "90")).toBe(true, "one list deeper than the limit");
    let allowed = "";
    for (let i = 0; i < MAX_DEPTH - 1; i++) allowed += "79";
    expect(skipsExactly(allowed + "90")).toBe(true, "at the limit");
  });
});

describe("Dubbo request decoder", () => {
  it("reads a captured request's service, version, method and the attachments the rules want", () => {
    const frame = bytes(GREET_BETA);
    const request = new RequestDecoder().decode(frame, HEADER_SIZE, frame.length, ["group", "x-tenant"])!;
    expect(request.service).toBe("shop.GreeterService");
    expect(request.method).toBe("greet");
    expect(request.attribute("group")).toBe("beta");
    expect(request.attribute("version")).toBe("2.0.0", "the body's version, the attachment's too");
    expect(request.attribute("x-tenant")).toBeNull();
    expect(request.attribute("timeout")).toBeNull("not wanted, not read");
  });

  it("keeps the last head: the same head again is not decoded, another one is", () => {
    const decoder = new RequestDecoder();
    const greet = bytes(GREET);
    const beta = bytes(GREET_BETA);
    decoder.decode(greet, HEADER_SIZE, greet.length, ["x-tenant"]);
    expect(decoder.sameHead).toBe(false);
    const again = decoder.decode(greet, HEADER_SIZE, greet.length, ["x-tenant"])!;
    expect(decoder.sameHead).toBe(true);
    expect(again.attribute("x-tenant")).toBe("t1", "attachments are read on every call");
    const other = decoder.decode(beta, HEADER_SIZE, beta.length, ["x-tenant"])!;
    expect(decoder.sameHead).toBe(false);
    expect(other.version).toBe("2.0.0");
    expect(other.attribute("x-tenant")).toBeNull();
  });

  it("refuses a body cut short and a bad parameter descriptor", () => {
    const frame = bytes(GREET);
    expect(new RequestDecoder().decode(frame, HEADER_SIZE, HEADER_SIZE + 20, []) === null).toBe(true);
    expect(countParameters("Ljava/lang/String;I[J")).toBe(3);
    expect(countParameters("Ljava/lang/String")).toBe(-1);
    expect(countParameters("Q")).toBe(-1);
  });

  it("tells a response's kind from its first byte", () => {
    const value = bytes("91");
    expect(responseKind(value, 0, 1, true)).toBe(ResponseKind.Value);
    expect(responseKind(bytes("90"), 0, 1, true)).toBe(ResponseKind.Exception);
    expect(responseKind(bytes("95"), 0, 1, true)).toBe(ResponseKind.NullWithAttachments);
    expect(responseKind(bytes("96"), 0, 1, true)).toBe(ResponseKind.Undecodable);
    expect(responseKind(value, 0, 1, false)).toBe(ResponseKind.Error);
  });
});
