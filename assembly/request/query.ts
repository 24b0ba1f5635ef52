// Reading the query string of a request's :path (WHATWG application/x-www-form-urlencoded parsing):
// pairs split on `&`, name and value percent-decoded with `+` as a space, the first pair with the name wins.
// A `%` not followed by two hex digits is kept literally, as browsers do, so no input is an error.
import { hexDigitValue } from "../wire/hex";
import { decodeUtf8 } from "../wire/utf8";

/** Percent-decodes s[start, end) as UTF-8 bytes, `+` meaning a space. */
export function formDecode(s: string, start: i32, end: i32): string {
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x25 || c == 0x2b) {
      plain = false;
      break;
    }
  }
  if (plain) return s.substring(start, end);
  // Encode to UTF-8 first so decoded bytes and literal non-ASCII characters combine into one byte sequence.
  const src = Uint8Array.wrap(String.UTF8.encode(s.substring(start, end)));
  const out = new Uint8Array(src.length);
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const b = <i32>src[i];
    if (b == 0x2b) {
      out[o++] = 0x20;
    } else if (b == 0x25 && i + 2 < src.length && hexDigitValue(src[i + 1]) >= 0 && hexDigitValue(src[i + 2]) >= 0) {
      out[o++] = <u8>((hexDigitValue(src[i + 1]) << 4) | hexDigitValue(src[i + 2]));
      i += 2;
    } else {
      out[o++] = <u8>b;
    }
  }
  return decodeUtf8(out.dataStart, o);
}

function queryEnd(path: string, from: i32): i32 {
  const hash = path.indexOf("#", from);
  return hash < 0 ? path.length : hash;
}

/** The decoded value of the first `name` parameter, "" for a bare `name` or `name=`, null when absent. */
export function queryParam(path: string, name: string): string | null {
  return eachParam(path, name, null);
}

/** The decoded value of every `name` parameter, in order (`?k=a&k=b` holds two). */
export function queryParams(path: string, name: string): string[] {
  const all = new Array<string>();
  eachParam(path, name, all);
  return all;
}

/** The first `name` parameter's value; with `all`, every one of them is pushed there instead. */
function eachParam(path: string, name: string, all: string[] | null): string | null {
  const q = path.indexOf("?");
  if (q < 0) return null;
  const h = path.indexOf("#");
  if (h >= 0 && h < q) return null;
  const end = queryEnd(path, q + 1);
  let start = q + 1;
  while (start < end) {
    let amp = path.indexOf("&", start);
    if (amp < 0 || amp > end) amp = end;
    if (amp > start) {
      let eq = path.indexOf("=", start);
      if (eq < 0 || eq > amp) eq = amp;
      if (formDecode(path, start, eq) == name) {
        const value = eq < amp ? formDecode(path, eq + 1, amp) : "";
        if (all === null) return value;
        all.push(value);
      }
    }
    start = amp + 1;
  }
  return null;
}
