import { toHex } from "../../assembly/lib/hex";

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
