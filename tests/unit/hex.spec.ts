import { fromHex, hexDigitValue, toHex } from "../../assembly/wire/hex";

function bytes(values: u8[]): ArrayBuffer {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out.buffer;
}

describe("toHex", () => {
  it("renders an empty buffer as an empty string", () => {
    expect(toHex(new ArrayBuffer(0))).toBe("");
  });

  it("renders every nibble in lowercase with leading zeros", () => {
    expect(toHex(bytes([0x00, 0x01, 0x0f, 0x10, 0x7f, 0x80, 0xab, 0xcd, 0xef, 0xff]))).toBe("00010f107f80abcdefff");
  });

  it("renders UTF-8 text bytes", () => {
    expect(toHex(String.UTF8.encode("hello"))).toBe("68656c6c6f");
  });
});

describe("hexDigitValue and fromHex", () => {
  it("reads 0-9, a-f and A-F, and nothing else", () => {
    expect(hexDigitValue(0x30)).toBe(0);
    expect(hexDigitValue(0x39)).toBe(9);
    expect(hexDigitValue(0x61)).toBe(10);
    expect(hexDigitValue(0x46)).toBe(15);
    expect(hexDigitValue(0x67)).toBe(-1);
    expect(hexDigitValue(0x2f)).toBe(-1);
    expect(hexDigitValue(0x3a)).toBe(-1);
    expect(hexDigitValue(0x40)).toBe(-1);
  });

  it("turns hex text back into the bytes toHex rendered", () => {
    const bytesIn = bytes([0x00, 0x7f, 0x80, 0xab, 0xff]);
    expect(toHex(fromHex(toHex(bytesIn))!.buffer)).toBe("007f80abff");
    expect(toHex(fromHex("DEADbeef")!.buffer)).toBe("deadbeef");
  });

  it("refuses an odd length and a non-digit", () => {
    expect(fromHex("abc")).toBeNull();
    expect(fromHex("zz")).toBeNull();
    expect(fromHex("0g")).toBeNull();
  });
});
