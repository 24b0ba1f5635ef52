import { decodePairs, encodePairs, Pair } from "../../assembly/wire/pairs";
import { toHex } from "../../assembly/wire/hex";

function bytes(values: u8[]): ArrayBuffer {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out.buffer;
}

// Two headers, ":path" = "/" and "x-a" = "", laid out by hand.
const VECTOR: u8[] = [
  0x02, 0x00, 0x00, 0x00,
  0x05, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
  0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x3a, 0x70, 0x61, 0x74, 0x68, 0x00, 0x2f, 0x00,
  0x78, 0x2d, 0x61, 0x00, 0x00,
];

describe("encodePairs", () => {
  it("matches the hand-built vector", () => {
    const buf = encodePairs([new Pair(":path", "/"), new Pair("x-a", "")]);
    expect(toHex(buf)).toBe(toHex(bytes(VECTOR)));
  });

  it("encodes an empty map as a zero count", () => {
    expect(toHex(encodePairs([]))).toBe("00000000");
  });

  it("measures lengths in UTF-8 bytes", () => {
    const buf = encodePairs([new Pair("k", "é")]);
    expect(toHex(buf)).toBe("01000000" + "01000000" + "02000000" + "6b00" + "c3a900");
  });
});

describe("decodePairs", () => {
  it("decodes the hand-built vector", () => {
    const pairs = decodePairs(bytes(VECTOR));
    expect(pairs.length).toBe(2);
    expect(pairs[0].key).toBe(":path");
    expect(pairs[0].value).toBe("/");
    expect(pairs[1].key).toBe("x-a");
    expect(pairs[1].value).toBe("");
  });

  it("round-trips UTF-8, empty strings and many pairs", () => {
    const input = new Array<Pair>();
    input.push(new Pair("", ""));
    input.push(new Pair("x-ünïcode", "日本語 😀"));
    for (let i = 0; i < 50; i++) input.push(new Pair("h" + i.toString(), "v".repeat(i)));
    const out = decodePairs(encodePairs(input));
    expect(out.length).toBe(input.length);
    for (let i = 0; i < input.length; i++) {
      expect(out[i].key).toBe(input[i].key);
      expect(out[i].value).toBe(input[i].value);
    }
  });

  it("returns no pairs for an empty or short buffer", () => {
    expect(decodePairs(new ArrayBuffer(0)).length).toBe(0);
    expect(decodePairs(bytes([1, 0, 0])).length).toBe(0);
    expect(decodePairs(bytes([0, 0, 0, 0])).length).toBe(0);
  });

  it("returns no pairs when the count or a length overruns the buffer", () => {
    expect(decodePairs(bytes([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])).length).toBe(0);
    expect(decodePairs(bytes([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0])).length).toBe(0);
    expect(decodePairs(bytes([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0x62])).length).toBe(0);
  });

  it("returns no pairs when a terminator is missing", () => {
    expect(decodePairs(bytes([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0x20, 0x62, 0])).length).toBe(0);
    expect(decodePairs(bytes([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0x62, 0x20])).length).toBe(0);
  });

  it("never traps on any truncation of a valid buffer", () => {
    const full = bytes(VECTOR);
    for (let cut = 0; cut < full.byteLength; cut++) {
      expect(decodePairs(full.slice(0, cut)).length).toBe(0);
    }
  });
});
