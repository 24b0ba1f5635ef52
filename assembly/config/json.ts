// A strict JSON (RFC 8259) parser that builds a value tree.
//
// It runs inside Envoy, where an abort is a VM trap that takes the whole filter down, so every malformed input is
// reported as an error value carrying the UTF-8 byte offset of the problem; nothing here throws. Text is scanned as
// UTF-8 bytes so the offsets match what an operator sees in the configuration file, and bytes from the network (JWT
// segments, bodies) are parsed as they arrive, rejecting ill-formed UTF-8 instead of decoding it leniently.
import { decimalToDouble } from "./decimal_to_double";
import { hexDigitValue } from "../wire/hex";

export enum JsonKind { Null, Bool, Number, String, Array, Object }

/** Deeper documents are rejected so that hostile input cannot exhaust the wasm stack through recursion. */
const MAX_DEPTH = 64;

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  private flag: bool = false;
  private num: f64 = 0;
  private str: string = "";
  private items: JsonValue[] | null = null;
  private names: string[] | null = null;
  private members: Map<string, JsonValue> | null = null;

  static nullValue(): JsonValue {
    return new JsonValue();
  }

  static fromBool(b: bool): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Bool;
    v.flag = b;
    return v;
  }

  static fromNumber(n: f64): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.num = n;
    return v;
  }

  static fromString(s: string): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.String;
    v.str = s;
    return v;
  }

  static fromArray(items: JsonValue[]): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    v.items = items;
    return v;
  }

  static emptyObject(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    v.names = [];
    v.members = new Map<string, JsonValue>();
    return v;
  }

  isNull(): bool { return this.kind == JsonKind.Null; }
  isBool(): bool { return this.kind == JsonKind.Bool; }
  isNumber(): bool { return this.kind == JsonKind.Number; }
  isString(): bool { return this.kind == JsonKind.String; }
  isArray(): bool { return this.kind == JsonKind.Array; }
  isObject(): bool { return this.kind == JsonKind.Object; }

  // The accessors return a neutral value for the wrong kind instead of aborting; callers check the kind first.
  asBool(): bool { return this.flag; }
  asNumber(): f64 { return this.num; }
  asString(): string { return this.str; }

  asArray(): JsonValue[] {
    const items = this.items;
    return items === null ? [] : items;
  }

  /** The member named `key`, or null when absent or when this is not an object. */
  get(key: string): JsonValue | null {
    const members = this.members;
    if (members === null || !members.has(key)) return null;
    return members.get(key);
  }

  /** Member names in document order (a copy, so callers cannot desynchronise it from the members). */
  keys(): string[] {
    const names = this.names;
    return names === null ? [] : names.slice(0);
  }

  /** Adds a member; false when the name is already present. */
  set(key: string, value: JsonValue): bool {
    const members = this.members;
    const names = this.names;
    if (members === null || names === null || members.has(key)) return false;
    members.set(key, value);
    names.push(key);
    return true;
  }
}

export class JsonParseResult {
  constructor(public value: JsonValue | null, public error: string) {}
}

export function parseJson(text: string): JsonParseResult {
  const bytes = String.UTF8.encode(text);
  return parseFrom(new Parser(bytes, changetype<usize>(bytes), bytes.byteLength));
}

/**
 * Parses UTF-8 bytes. Ill-formed UTF-8 (overlong forms, encoded surrogates, truncated sequences, bytes above F4) is
 * an error naming its offset. A leading byte order mark is skipped, as TextDecoder does.
 */
export function parseJsonBytes(bytes: Uint8Array): JsonParseResult {
  let base = bytes.dataStart;
  let len = bytes.length;
  if (len >= 3 && load<u8>(base) == 0xef && load<u8>(base + 1) == 0xbb && load<u8>(base + 2) == 0xbf) {
    base += 3;
    len -= 3;
  }
  return parseFrom(new Parser(bytes.buffer, base, len));
}

function parseFrom(parser: Parser): JsonParseResult {
  const value = parser.document();
  return value === null ? new JsonParseResult(null, parser.error) : new JsonParseResult(value, "");
}

const LBRACE: i32 = 0x7b;
const RBRACE: i32 = 0x7d;
const LBRACKET: i32 = 0x5b;
const RBRACKET: i32 = 0x5d;
const COLON: i32 = 0x3a;
const COMMA: i32 = 0x2c;
const QUOTE: i32 = 0x22;
const BACKSLASH: i32 = 0x5c;
const MINUS: i32 = 0x2d;
const PLUS: i32 = 0x2b;
const DOT: i32 = 0x2e;
const ZERO: i32 = 0x30;
const NINE: i32 = 0x39;
const END: i32 = -1;

class Parser {
  private base: usize;
  private len: i32;
  private pos: i32 = 0;
  error: string = "";

  // `buf` is kept as a field so the collector sees it alive while `base` points into it.
  constructor(private buf: ArrayBuffer, base: usize, len: i32) {
    this.base = base;
    this.len = len;
  }

  document(): JsonValue | null {
    this.skipSpace();
    const value = this.value(0);
    if (value === null) return null;
    this.skipSpace();
    if (this.pos < this.len) return this.fail<JsonValue>("trailing characters", this.pos);
    return value;
  }

  // Every read goes through peek/byteAt, which return END past the buffer, so no load can leave it.
  private peek(): i32 {
    return this.byteAt(this.pos);
  }

  private byteAt(at: i32): i32 {
    return at < this.len ? <i32>load<u8>(this.base + <usize>at) : END;
  }

  private skipSpace(): void {
    let c = this.peek();
    while (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) { // the four RFC 8259 whitespace bytes
      this.pos++;
      c = this.peek();
    }
  }

  private fail<T>(message: string, at: i32): T | null {
    if (this.error.length == 0) this.error = message + " at offset " + at.toString();
    return null;
  }

  private unexpected<T>(): T | null {
    const c = this.peek();
    if (c == END) return this.fail<T>("unexpected end of input", this.pos);
    if (c >= 0x20 && c < 0x7f) return this.fail<T>("unexpected character '" + String.fromCharCode(c) + "'", this.pos);
    return this.fail<T>("unexpected byte 0x" + (c < 0x10 ? "0" : "") + c.toString(16), this.pos);
  }

  private value(depth: i32): JsonValue | null {
    const c = this.peek();
    if (c == LBRACE) return this.object(depth + 1);
    if (c == LBRACKET) return this.array(depth + 1);
    if (c == QUOTE) {
      const s = this.string();
      return s === null ? null : JsonValue.fromString(s);
    }
    if (c == MINUS || (c >= ZERO && c <= NINE)) return this.number();
    if (c == 0x74 /* t */) return this.literal("true") ? JsonValue.fromBool(true) : null;
    if (c == 0x66 /* f */) return this.literal("false") ? JsonValue.fromBool(false) : null;
    if (c == 0x6e /* n */) return this.literal("null") ? JsonValue.nullValue() : null;
    return this.unexpected<JsonValue>();
  }

  private literal(word: string): bool {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() != word.charCodeAt(i)) {
        this.unexpected<JsonValue>();
        return false;
      }
      this.pos++;
    }
    return true;
  }

  private object(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return this.fail<JsonValue>("nesting deeper than " + MAX_DEPTH.toString(), this.pos);
    this.pos++;
    const obj = JsonValue.emptyObject();
    this.skipSpace();
    if (this.peek() == RBRACE) {
      this.pos++;
      return obj;
    }
    while (true) {
      if (this.peek() != QUOTE) return this.unexpected<JsonValue>();
      const keyAt = this.pos;
      const key = this.string();
      if (key === null) return null;
      this.skipSpace();
      if (this.peek() != COLON) return this.unexpected<JsonValue>();
      this.pos++;
      this.skipSpace();
      const member = this.value(depth);
      if (member === null) return null;
      // Duplicate names are legal grammar but ambiguous (RFC 8259 §4); a config that says two things is an error.
      if (!obj.set(key, member)) return this.fail<JsonValue>("duplicate key '" + key + "'", keyAt);
      this.skipSpace();
      const c = this.peek();
      if (c == RBRACE) {
        this.pos++;
        return obj;
      }
      if (c != COMMA) return this.unexpected<JsonValue>();
      this.pos++;
      this.skipSpace();
    }
  }

  private array(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return this.fail<JsonValue>("nesting deeper than " + MAX_DEPTH.toString(), this.pos);
    this.pos++;
    const items = new Array<JsonValue>();
    this.skipSpace();
    if (this.peek() == RBRACKET) {
      this.pos++;
      return JsonValue.fromArray(items);
    }
    while (true) {
      const item = this.value(depth);
      if (item === null) return null;
      items.push(item);
      this.skipSpace();
      const c = this.peek();
      if (c == RBRACKET) {
        this.pos++;
        return JsonValue.fromArray(items);
      }
      if (c != COMMA) return this.unexpected<JsonValue>();
      this.pos++;
      this.skipSpace();
    }
  }

  // Validates the RFC grammar first ("+1", ".5", "1." and "Infinity" are not JSON), then converts exactly.
  private number(): JsonValue | null {
    const start = this.pos;
    if (this.peek() == MINUS) this.pos++;
    const first = this.peek();
    if (first == ZERO) {
      this.pos++;
      if (isDigit(this.peek())) return this.fail<JsonValue>("invalid number (leading zero)", start);
    } else if (!this.digits()) {
      return this.unexpected<JsonValue>();
    }
    if (this.peek() == DOT) {
      this.pos++;
      if (!this.digits()) return this.unexpected<JsonValue>();
    }
    const e = this.peek();
    if (e == 0x65 /* e */ || e == 0x45 /* E */) {
      this.pos++;
      const sign = this.peek();
      if (sign == PLUS || sign == MINUS) this.pos++;
      if (!this.digits()) return this.unexpected<JsonValue>();
    }
    const n = decimalToDouble(this.base, start, this.pos);
    if (!isFinite(n)) return this.fail<JsonValue>("number out of range", start);
    return JsonValue.fromNumber(n);
  }

  private digits(): bool {
    const start = this.pos;
    while (isDigit(this.peek())) this.pos++;
    return this.pos > start;
  }

  // Runs of plain bytes are decoded in one piece; escapes are appended between them.
  private string(): string | null {
    const open = this.pos;
    this.pos++;
    const parts = new Array<string>();
    let runStart = this.pos;
    while (true) {
      const c = this.peek();
      if (c == END) return this.fail<string>("unterminated string", open);
      if (c == QUOTE || c == BACKSLASH) {
        if (this.pos > runStart) {
          parts.push(String.UTF8.decodeUnsafe(this.base + <usize>runStart, <usize>(this.pos - runStart)));
        }
        if (c == QUOTE) {
          this.pos++;
          return parts.length == 1 ? parts[0] : parts.join("");
        }
        const escaped = this.escape(open);
        if (escaped === null) return null;
        parts.push(escaped);
        runStart = this.pos;
        continue;
      }
      if (c < 0x20) return this.fail<string>("unescaped control character in string", this.pos);
      if (c < 0x80) {
        this.pos++;
        continue;
      }
      const length = this.utf8SequenceLength(c);
      if (length == 0) return this.fail<string>("invalid UTF-8", this.pos);
      this.pos += length;
    }
  }

  // The length of the well-formed UTF-8 sequence starting with `lead` at pos, or 0 (Unicode 15, table 3-7).
  private utf8SequenceLength(lead: i32): i32 {
    const second = this.byteAt(this.pos + 1);
    let length = 0;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0) low = 0xa0; // shorter forms are overlong
      if (lead == 0xed) high = 0x9f; // above are the encoded surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0) low = 0x90; // overlong
      if (lead == 0xf4) high = 0x8f; // above U+10FFFF
    } else return 0;
    if (second < low || second > high) return 0;
    for (let i = 2; i < length; i++) {
      const next = this.byteAt(this.pos + i);
      if (next < 0x80 || next > 0xbf) return 0;
    }
    return length;
  }

  private escape(open: i32): string | null {
    const at = this.pos;
    const c = this.byteAt(at + 1);
    this.pos += 2;
    if (c == QUOTE) return "\"";
    if (c == BACKSLASH) return "\\";
    // The byte after the backslash: / b f n r t u
    if (c == 0x2f) return "/";
    if (c == 0x62) return "\b";
    if (c == 0x66) return "\f";
    if (c == 0x6e) return "\n";
    if (c == 0x72) return "\r";
    if (c == 0x74) return "\t";
    if (c == 0x75) return this.unicodeEscape(at);
    if (c == END) return this.fail<string>("unterminated string", open);
    return this.fail<string>("invalid escape", at);
  }

  // \uXXXX names a UTF-16 code unit; a surrogate is only meaningful as a high+low pair, so a lone one is rejected
  // rather than smuggled into header values as ill-formed UTF-8.
  private unicodeEscape(at: i32): string | null {
    const unit = this.hex4(at + 2);
    if (unit < 0) return this.fail<string>("invalid unicode escape", at);
    this.pos = at + 6;
    if (unit >= 0xdc00 && unit <= 0xdfff) return this.fail<string>("unpaired surrogate", at);
    if (unit < 0xd800 || unit > 0xdbff) return String.fromCharCode(unit);
    if (this.byteAt(at + 6) != BACKSLASH || this.byteAt(at + 7) != 0x75 /* u */) return this.fail<string>("unpaired surrogate", at);
    const low = this.hex4(at + 8);
    if (low < 0) return this.fail<string>("invalid unicode escape", at + 6);
    if (low < 0xdc00 || low > 0xdfff) return this.fail<string>("unpaired surrogate", at);
    this.pos = at + 12;
    return String.fromCharCodes([unit, low]);
  }

  private hex4(at: i32): i32 {
    let unit = 0;
    for (let i = 0; i < 4; i++) {
      const d = hexDigitValue(this.byteAt(at + i));
      if (d < 0) return -1;
      unit = (unit << 4) | d;
    }
    return unit;
  }
}

function isDigit(c: i32): bool {
  return c >= ZERO && c <= NINE;
}

