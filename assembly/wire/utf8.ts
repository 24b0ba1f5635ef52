// UTF-8 from the host (header values, properties, bodies) into strings, as WHATWG's TextDecoder does in its
// replacement mode: every maximal ill-formed subsequence becomes one U+FFFD. AssemblyScript's own decoder is lax (an
// overlong C0 8A reads as "\n", C1 B6 31 as "v1"), so bytes Envoy and the upstream see as one thing would read as
// another inside a filter. Here bytes that are not UTF-8 never read as ASCII.
import { hexAt } from "./hex";

const REPLACEMENT: u32 = 0xfffd;

/** `length` bytes at `ptr` as a string, ill-formed sequences replaced (WHATWG "utf-8" decode, replacement mode). */
export function decodeUtf8(ptr: usize, length: usize): string {
  const end = ptr + length;
  // At most one UTF-16 unit per byte, so the string is allocated once and trimmed.
  const out = __new(length << 1, idof<String>());
  let at = out;
  let i = ptr;
  while (i < end) {
    let b = <u32>load<u8>(i);
    if (b < 0x80) {
      store<u16>(at, b);
      at += 2;
      i++;
      continue;
    }
    let needed = 0;
    let lower: u32 = 0x80;
    let upper: u32 = 0xbf;
    let cp: u32 = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      needed = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (b == 0xe0) lower = 0xa0;
      if (b == 0xed) upper = 0x9f;
      needed = 2;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      if (b == 0xf0) lower = 0x90;
      if (b == 0xf4) upper = 0x8f;
      needed = 3;
      cp = b & 0x07;
    }
    i++;
    let seen = 0;
    while (seen < needed && i < end) {
      const next = <u32>load<u8>(i);
      if (next < lower || next > upper) break;
      cp = (cp << 6) | (next & 0x3f);
      lower = 0x80;
      upper = 0xbf;
      seen++;
      i++;
    }
    // A lead byte that is none, or a sequence cut short: one replacement, and the byte that broke it is read again.
    if (needed == 0 || seen < needed) cp = REPLACEMENT;
    if (cp < 0x10000) {
      store<u16>(at, cp);
      at += 2;
    } else {
      cp -= 0x10000;
      store<u16>(at, 0xd800 | (cp >> 10));
      store<u16>(at + 2, 0xdc00 | (cp & 0x3ff));
      at += 4;
    }
  }
  return changetype<string>(__renew(out, at - out));
}

/** True when the `length` bytes at `ptr` are well-formed UTF-8 (what decodeUtf8 reads without a replacement). */
export function isUtf8(ptr: usize, length: usize): bool {
  const end = ptr + length;
  let i = ptr;
  while (i < end) {
    const b = <u32>load<u8>(i);
    if (b < 0x80) {
      i++;
      continue;
    }
    let needed = 0;
    let lower: u32 = 0x80;
    let upper: u32 = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) needed = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      needed = 2;
      if (b == 0xe0) lower = 0xa0;
      if (b == 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      needed = 3;
      if (b == 0xf0) lower = 0x90;
      if (b == 0xf4) upper = 0x8f;
    } else return false;
    i++;
    for (let seen = 0; seen < needed; seen++) {
      if (i >= end) return false;
      const next = <u32>load<u8>(i);
      if (next < lower || next > upper) return false;
      lower = 0x80;
      upper = 0xbf;
      i++;
    }
  }
  return true;
}

/**
 * The bytes as a key that tells every byte string apart: their text when they are UTF-8, else "\0~" (a NUL, which no
 * header value holds, and a character no hex digest starts with) and their hex. For rate-limit buckets and hashes,
 * where two different byte strings that decode to the same replacement characters must never share a key.
 */
export function exactKey(ptr: usize, length: usize): string {
  return isUtf8(ptr, length) ? decodeUtf8(ptr, length) : "\0~" + hexAt(ptr, <i32>length);
}
