// RFC 4648 §10 test vectors, the URL-safe alphabet of §5 and the rejection rules (alphabet, length, padding).
import {
  base64Decode, base64Encode, base64UrlDecode, base64UrlDecodeBytes, base64UrlEncode,
} from "../../common/base64";

function text(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function asText(bytes: Uint8Array | null): string {
  expect(bytes).not.toBeNull();
  return String.UTF8.decode((<Uint8Array>bytes).buffer);
}

function bytes(values: u8[]): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

const PLAIN: string[] = ["", "f", "fo", "foo", "foob", "fooba", "foobar"];
const PADDED: string[] = ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"];
const UNPADDED: string[] = ["", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"];

describe("base64 (RFC 4648 §10)", () => {
  it("encodes the RFC vectors with padding", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(base64Encode(text(PLAIN[i]))).toBe(PADDED[i]);
  });

  it("decodes the RFC vectors", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(asText(base64Decode(PADDED[i]))).toBe(PLAIN[i]);
  });

  it("requires and validates the padding", () => {
    expect(base64Decode("Zg")).toBeNull();
    expect(base64Decode("Zg=")).toBeNull();
    expect(base64Decode("Zg=A")).toBeNull();
    expect(base64Decode("Z===")).toBeNull();
    expect(base64Decode("====")).toBeNull();
    expect(base64Decode("Zg==Zg==")).toBeNull();
  });

  it("rejects characters outside the standard alphabet", () => {
    expect(base64Decode("Zm9v-_==")).toBeNull();
    expect(base64Decode("Zm 9v")).toBeNull();
    expect(base64Decode("Zm9\u00e9")).toBeNull();
    expect(base64Decode("Zm9\u0141")).toBeNull();
  });

  it("round-trips every byte value", () => {
    const all = new Uint8Array(256);
    for (let i = 0; i < 256; i++) all[i] = <u8>i;
    const decoded = base64Decode(base64Encode(all));
    expect(decoded).not.toBeNull();
    expect((<Uint8Array>decoded).length).toBe(256);
    for (let i = 0; i < 256; i++) expect((<Uint8Array>decoded)[i]).toBe(<u8>i);
  });
});

describe("base64url (RFC 4648 §5, JWS style)", () => {
  it("encodes the RFC vectors without padding", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(base64UrlEncode(text(PLAIN[i]))).toBe(UNPADDED[i]);
  });

  it("decodes the RFC vectors without padding", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(asText(base64UrlDecode(UNPADDED[i]))).toBe(PLAIN[i]);
  });

  it("uses '-' and '_' where the standard alphabet has '+' and '/'", () => {
    const data = bytes([0xfb, 0xff, 0xbf]);
    expect(base64Encode(data)).toBe("+/+/");
    expect(base64UrlEncode(data)).toBe("-_-_");
    const decoded = <Uint8Array>base64UrlDecode("-_-_");
    expect(decoded.length).toBe(3);
    expect(decoded[0]).toBe(0xfb);
    expect(decoded[1]).toBe(0xff);
    expect(decoded[2]).toBe(0xbf);
  });

  it("rejects padding, the standard alphabet's symbols and an impossible length", () => {
    expect(base64UrlDecode("Zg==")).toBeNull();
    expect(base64UrlDecode("+/+/")).toBeNull();
    expect(base64UrlDecode("Zm9vY")).toBeNull();
    expect(base64UrlDecode("Z")).toBeNull();
    expect(base64UrlDecode("Zm9v.")).toBeNull();
  });

  it("decodes the JWS header of RFC 7515 appendix A.1", () => {
    expect(asText(base64UrlDecode("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"))).toBe('{"typ":"JWT",\r\n "alg":"HS256"}');
  });

  it("decodes a slice of UTF-8 bytes", () => {
    const token = text("xx.Zm9vYmE.yy");
    expect(asText(base64UrlDecodeBytes(token, 3, 10))).toBe("fooba");
    expect(base64UrlDecodeBytes(token, 0, 4)).toBeNull();
    expect(base64UrlDecodeBytes(token, 3, 99)).toBeNull();
  });
});
