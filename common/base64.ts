// Base64 (RFC 4648 §4, standard alphabet with '=' padding) and base64url (§5, as JWS uses it: no padding).
//
// Decoding is strict about the alphabet and the length (a trailing single character is impossible and rejected) and,
// like node's Buffer and browsers' atob, ignores the unused low bits of the last character, so a JWS signature
// decodes the same way here as in the `jose` library that mints and checks tokens.

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INVALID: u8 = 0xff;

function decodeTable(alphabet: string): StaticArray<u8> {
  const table = new StaticArray<u8>(256);
  memory.fill(changetype<usize>(table), INVALID, 256);
  for (let i = 0; i < 64; i++) unchecked((table[alphabet.charCodeAt(i)] = <u8>i));
  return table;
}

// @ts-ignore: decorator
@lazy const STANDARD_VALUES = decodeTable(STANDARD);
// @ts-ignore: decorator
@lazy const URL_SAFE_VALUES = decodeTable(URL_SAFE);

/** The 6-bit value of code unit `unit`, or INVALID. */
// @ts-ignore: decorator
@inline function valueOf(table: usize, unit: u32): u32 {
  return unit < 256 ? <u32>load<u8>(table + <usize>unit) : <u32>INVALID;
}

/**
 * Decodes `count` unpadded code units at `src`, each `1 << unitShift` bytes wide (0: UTF-8 bytes, 1: UTF-16 string).
 * Null on a character outside the alphabet or a count that leaves one character over.
 */
function decodeUnits(src: usize, count: usize, unitShift: usize, table: usize): Uint8Array | null {
  const tail = count & 3;
  if (tail == 1) return null;
  const out = new Uint8Array(<i32>((count >> 2) * 3 + (tail == 0 ? 0 : tail - 1)));
  let dst = out.dataStart;
  const full = count - tail;
  const wide = unitShift == 1;
  let i: usize = 0;
  for (; i < full; i += 4) {
    let a: u32, b: u32, c: u32, d: u32;
    if (wide) {
      const at = src + (i << 1);
      a = valueOf(table, load<u16>(at)); b = valueOf(table, load<u16>(at, 2));
      c = valueOf(table, load<u16>(at, 4)); d = valueOf(table, load<u16>(at, 6));
    } else {
      const at = src + i;
      a = load<u8>(table + <usize>load<u8>(at)); b = load<u8>(table + <usize>load<u8>(at, 1));
      c = load<u8>(table + <usize>load<u8>(at, 2)); d = load<u8>(table + <usize>load<u8>(at, 3));
    }
    if ((a | b | c | d) > 63) return null;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    store<u8>(dst, <u8>(bits >> 16));
    store<u8>(dst, <u8>(bits >> 8), 1);
    store<u8>(dst, <u8>bits, 2);
    dst += 3;
  }
  if (tail == 0) return out;
  let bits: u32 = 0;
  for (let j: usize = 0; j < tail; j++) {
    const unit = wide ? <u32>load<u16>(src + ((i + j) << 1)) : <u32>load<u8>(src + i + j);
    const value = valueOf(table, unit);
    if (value > 63) return null;
    bits = (bits << 6) | value;
  }
  // 2 characters carry 12 bits (one byte and 4 unused), 3 carry 18 (two bytes and 2 unused).
  if (tail == 2) store<u8>(dst, <u8>(bits >> 4));
  else {
    store<u8>(dst, <u8>(bits >> 10));
    store<u8>(dst, <u8>(bits >> 2), 1);
  }
  return out;
}

/** Base64url without padding (JWS compact serialization); null on any character outside the alphabet, '=' included. */
export function base64UrlDecode(text: string): Uint8Array | null {
  return decodeUnits(changetype<usize>(text), <usize>text.length, 1, changetype<usize>(URL_SAFE_VALUES));
}

/** Base64url without padding over bytes `start..end` of `data` (a token still in its UTF-8 header value). */
export function base64UrlDecodeBytes(data: Uint8Array, start: i32, end: i32): Uint8Array | null {
  if (start < 0 || end > data.length || start > end) return null;
  return decodeUnits(data.dataStart + <usize>start, <usize>(end - start), 0, changetype<usize>(URL_SAFE_VALUES));
}

/** Standard base64 with its '=' padding required: the length is a multiple of 4 and '=' appears only at the end. */
export function base64Decode(text: string): Uint8Array | null {
  const length = text.length;
  if ((length & 3) != 0) return null;
  let padding = 0;
  if (length > 0 && text.charCodeAt(length - 1) == 0x3d) padding = text.charCodeAt(length - 2) == 0x3d ? 2 : 1;
  return decodeUnits(changetype<usize>(text), <usize>(length - padding), 1, changetype<usize>(STANDARD_VALUES));
}

function encode(data: Uint8Array, alphabet: string, pad: bool): string {
  const n = <usize>data.length;
  const full = n - n % 3;
  const rest = n - full;
  const units: usize = pad ? ((n + 2) / 3) * 4 : (n / 3) * 4 + (rest == 0 ? 0 : rest + 1);
  // UTF-16 code units written straight into a buffer that becomes the string in one copy.
  const buffer = new ArrayBuffer(<i32>(units << 1));
  const digits = changetype<usize>(alphabet);
  const src = data.dataStart;
  let dst = changetype<usize>(buffer);
  for (let i: usize = 0; i < full; i += 3) {
    const bits = (<u32>load<u8>(src + i) << 16) | (<u32>load<u8>(src + i, 1) << 8) | <u32>load<u8>(src + i, 2);
    store<u16>(dst, load<u16>(digits + <usize>((bits >> 18) << 1)));
    store<u16>(dst, load<u16>(digits + <usize>(((bits >> 12) & 63) << 1)), 2);
    store<u16>(dst, load<u16>(digits + <usize>(((bits >> 6) & 63) << 1)), 4);
    store<u16>(dst, load<u16>(digits + <usize>((bits & 63) << 1)), 6);
    dst += 8;
  }
  if (rest > 0) {
    const bits = (<u32>load<u8>(src + full) << 16) | (rest == 2 ? <u32>load<u8>(src + full, 1) << 8 : 0);
    store<u16>(dst, load<u16>(digits + <usize>((bits >> 18) << 1)));
    store<u16>(dst, load<u16>(digits + <usize>(((bits >> 12) & 63) << 1)), 2);
    if (rest == 2) store<u16>(dst, load<u16>(digits + <usize>(((bits >> 6) & 63) << 1)), 4);
    else if (pad) store<u16>(dst, 0x3d, 4);
    if (pad) store<u16>(dst, 0x3d, 6);
  }
  return String.UTF16.decode(buffer);
}

export function base64Encode(data: Uint8Array): string {
  return encode(data, STANDARD, true);
}

export function base64UrlEncode(data: Uint8Array): string {
  return encode(data, URL_SAFE, false);
}
