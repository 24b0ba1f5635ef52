// Lowercase hexadecimal rendering of bytes (digests, key ids, trace ids).

const DIGITS = "0123456789abcdef";

export function toHex(buf: ArrayBuffer): string {
  const n = buf.byteLength;
  const src = changetype<usize>(buf);
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
