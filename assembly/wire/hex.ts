// Hexadecimal: bytes rendered as lower-case digits (digests, key ids, trace ids), and the value of one digit, for
// every parser that reads hex (percent escapes, IPv6 groups, JSON and regex escapes, password hashes).

const DIGITS = "0123456789abcdef";

export function toHex(buf: ArrayBuffer): string {
  return hexAt(changetype<usize>(buf), buf.byteLength);
}

/** toHex of the `n` bytes at `src`. */
export function hexAt(src: usize, n: i32): string {
  // Two UTF-16 code units per byte, written straight into a buffer that becomes the string in one copy.
  const units = new ArrayBuffer(n << 2);
  const dst = changetype<usize>(units);
  const digits = changetype<usize>(DIGITS);
  for (let i = 0; i < n; i++) {
    const b = <usize>load<u8>(src + <usize>i);
    store<u16>(dst + (<usize>i << 2), load<u16>(digits + ((b >> 4) << 1)));
    store<u16>(dst + (<usize>i << 2) + 2, load<u16>(digits + ((b & 0xf) << 1)));
  }
  return String.UTF16.decode(units);
}

/** The value of the hex digit with character code `c` (0-9, a-f, A-F), or -1. */
export function hexDigitValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** The bytes `text` spells in hex (two digits a byte, either case), or null when it is not exactly that. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length & 1) return null;
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const high = hexDigitValue(text.charCodeAt(2 * i));
    const low = hexDigitValue(text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return null;
    out[i] = <u8>((high << 4) | low);
  }
  return out;
}
