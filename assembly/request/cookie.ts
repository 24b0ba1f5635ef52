// Reading one cookie out of a request's Cookie header (RFC 6265 §4.2 cookie-string: `name=value; name=value`).
// Browsers and proxies are not always strict, so the reader is lenient where RFC 6265 §5 is:
// spaces and tabs around `;` and `=` are ignored, a value in double quotes is returned without them,
// and pieces without `=` are skipped. Names compare case-sensitively; the first cookie of that name wins
// (user agents send the most specific path first).

function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09;
}

/** The value of the first cookie named `name` in a Cookie header, or null. */
export function cookieValue(cookieHeader: string, name: string): string | null {
  return eachCookie(cookieHeader, name, null);
}

/** Pushes the value of every cookie named `name` in a Cookie header onto `all`. */
export function cookieValues(cookieHeader: string, name: string, all: string[]): void {
  eachCookie(cookieHeader, name, all);
}

function eachCookie(cookieHeader: string, name: string, all: string[] | null): string | null {
  const n = cookieHeader.length;
  let start = 0;
  while (start < n) {
    let end = cookieHeader.indexOf(";", start);
    if (end < 0) end = n;
    const eq = cookieHeader.indexOf("=", start);
    if (eq >= 0 && eq < end) {
      let ns = start;
      let ne = eq;
      while (ns < ne && isSpace(cookieHeader.charCodeAt(ns))) ns++;
      while (ne > ns && isSpace(cookieHeader.charCodeAt(ne - 1))) ne--;
      if (ne - ns == name.length && cookieHeader.substring(ns, ne) == name) {
        let vs = eq + 1;
        let ve = end;
        while (vs < ve && isSpace(cookieHeader.charCodeAt(vs))) vs++;
        while (ve > vs && isSpace(cookieHeader.charCodeAt(ve - 1))) ve--;
        if (ve - vs >= 2 && cookieHeader.charCodeAt(vs) == 0x22 && cookieHeader.charCodeAt(ve - 1) == 0x22) {
          vs++;
          ve--;
        }
        const value = cookieHeader.substring(vs, ve);
        if (all === null) return value;
        all.push(value);
      }
    }
    start = end + 1;
  }
  return null;
}
