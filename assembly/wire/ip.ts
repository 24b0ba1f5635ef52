// IPv4 and IPv6 addresses and CIDR ranges, for matching the client address and bucketing it.
//
// Parsing is strict, as Go's net/netip is: IPv4 is four decimal parts without leading zeros (no octal surprises),
// IPv6 is RFC 4291 text with at most one "::" and an optional dotted IPv4 tail; zones ("%eth0") are rejected.
// Nothing here aborts: bad text gives null.
import { hexDigitValue } from "./hex";

export class IpAddress {
  /** 4 bytes for IPv4, 16 for IPv6, network order. */
  constructor(readonly bytes: Uint8Array) {}

  get isV4(): bool {
    return this.bytes.length == 4;
  }

  static parse(text: string): IpAddress | null {
    return text.indexOf(":") >= 0 ? parseV6(text) : parseV4(text);
  }

  /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it carries; anything else unchanged. */
  unmapped(): IpAddress {
    const b = this.bytes;
    if (b.length != 16) return this;
    for (let i = 0; i < 10; i++) if (b[i] != 0) return this;
    if (b[10] != 0xff || b[11] != 0xff) return this;
    const v4 = new Uint8Array(4);
    for (let i = 0; i < 4; i++) v4[i] = b[12 + i];
    return new IpAddress(v4);
  }

  /** The first address of this address's /prefixLength network (the bits past the prefix cleared). */
  masked(prefixLength: i32): IpAddress {
    const n = this.bytes.length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.bytes[i] & prefixMask(prefixLength, i);
    return new IpAddress(out);
  }

  equals(other: IpAddress): bool {
    const n = this.bytes.length;
    if (other.bytes.length != n) return false;
    for (let i = 0; i < n; i++) if (this.bytes[i] != other.bytes[i]) return false;
    return true;
  }

  /** Dotted decimal, or RFC 5952 canonical IPv6 (lowercase, the longest run of zero groups as "::"). */
  toString(): string {
    return this.isV4 ? formatV4(this.bytes, 0) : formatV6(this.bytes);
  }
}

export class Cidr {
  constructor(readonly network: IpAddress, readonly prefixLength: i32) {}

  /** "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128). Bits past the prefix are cleared, as Envoy's
   *  CidrRange does, so "10.1.2.3/8" is 10.0.0.0/8. */
  static parse(text: string): Cidr | null {
    const slash = text.indexOf("/");
    const address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
    if (address === null) return null;
    const max = address.bytes.length * 8;
    let prefix = max;
    if (slash >= 0) {
      prefix = parseDecimal(text, slash + 1, text.length, max);
      if (prefix < 0) return null;
    }
    return new Cidr(address.masked(prefix), prefix);
  }

  /** IPv4 ranges also match IPv4-mapped IPv6 clients (a dual-stack listener reports those). */
  contains(address: IpAddress): bool {
    const ip = this.network.isV4 ? address.unmapped() : address;
    const a = ip.bytes;
    const b = this.network.bytes;
    if (a.length != b.length) return false;
    for (let i = 0; i < a.length; i++) if ((a[i] & prefixMask(this.prefixLength, i)) != b[i]) return false;
    return true;
  }

  toString(): string {
    return this.network.toString() + "/" + this.prefixLength.toString();
  }
}

/** The address in Envoy's `source.address` / `destination.address` property: "1.2.3.4:5678" or "[::1]:5678". */
export function parseSocketAddress(text: string): IpAddress | null {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    return close < 0 ? null : parseV6(text.substring(1, close));
  }
  const colon = text.lastIndexOf(":");
  return parseV4(colon < 0 ? text : text.substring(0, colon));
}

function prefixMask(prefixLength: i32, byteIndex: i32): u8 {
  const bits = prefixLength - byteIndex * 8;
  if (bits >= 8) return 0xff;
  if (bits <= 0) return 0;
  const mask: i32 = 0xff << (8 - bits);
  return <u8>mask;
}

/** A decimal in text[start, end) without sign or leading zeros, at most `max`; -1 if it is not one. */
function parseDecimal(text: string, start: i32, end: i32, max: i32): i32 {
  if (start >= end || end - start > 3 || (text.charCodeAt(start) == 0x30 && end - start > 1)) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value <= max ? value : -1;
}

function parseV4(text: string): IpAddress | null {
  const out = new Uint8Array(4);
  return parseV4Into(text, 0, text.length, out, 0) ? new IpAddress(out) : null;
}

function parseV4Into(text: string, start: i32, end: i32, out: Uint8Array, at: i32): bool {
  let partStart = start;
  for (let part = 0; part < 4; part++) {
    let partEnd = partStart;
    while (partEnd < end && text.charCodeAt(partEnd) != 0x2e) partEnd++;
    if ((part < 3) != (partEnd < end)) return false;
    const value = parseDecimal(text, partStart, partEnd, 255);
    if (value < 0) return false;
    out[at + part] = <u8>value;
    partStart = partEnd + 1;
  }
  return true;
}


function parseV6(text: string): IpAddress | null {
  const out = new Uint8Array(16);
  const n = text.length;
  let at = 0; // next byte of `out` to fill
  let gap = -1; // where "::" stood, as a byte index
  let i = 0;
  if (text.startsWith("::")) {
    gap = 0;
    i = 2;
  }
  while (i < n) {
    if (at == 16) return null;
    // A group of 1-4 hex digits, or a dotted IPv4 tail filling the last 4 bytes.
    let end = i;
    let value = 0;
    while (end < n && end - i < 5) {
      const d = hexDigitValue(text.charCodeAt(end));
      if (d < 0) break;
      value = (value << 4) | d;
      end++;
    }
    if (end < n && text.charCodeAt(end) == 0x2e) {
      if (at > 12 || !parseV4Into(text, i, n, out, at)) return null;
      at += 4;
      break;
    }
    if (end == i || end - i > 4) return null;
    out[at++] = <u8>(value >> 8);
    out[at++] = <u8>value;
    i = end;
    if (i == n) break;
    if (text.charCodeAt(i) != 0x3a) return null;
    i++;
    if (i < n && text.charCodeAt(i) == 0x3a) {
      if (gap >= 0) return null;
      gap = at;
      i++;
    } else if (i == n) {
      return null; // a single trailing ':'
    }
  }
  if (gap < 0) return at == 16 ? new IpAddress(out) : null;
  if (at == 16) return null; // "::" must stand for at least one zero group
  const tail = at - gap;
  for (let k = 0; k < tail; k++) out[15 - k] = out[at - 1 - k];
  for (let k = gap; k < 16 - tail; k++) out[k] = 0;
  return new IpAddress(out);
}

function formatV4(b: Uint8Array, at: i32): string {
  return b[at].toString() + "." + b[at + 1].toString() + "." + b[at + 2].toString() + "." + b[at + 3].toString();
}

function formatV6(b: Uint8Array): string {
  // The longest run of two or more zero groups (the first on a tie) becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let g = 0; g < 8; ) {
    if (b[2 * g] == 0 && b[2 * g + 1] == 0) {
      let end = g;
      while (end < 8 && b[2 * end] == 0 && b[2 * end + 1] == 0) end++;
      if (end - g > bestLength) {
        bestStart = g;
        bestLength = end - g;
      }
      g = end;
    } else {
      g++;
    }
  }
  let out = "";
  for (let g = 0; g < 8; g++) {
    if (g == bestStart) {
      out += "::";
      g += bestLength - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(":")) out += ":";
    out += ((<u32>b[2 * g] << 8) | b[2 * g + 1]).toString(16);
  }
  return out;
}
