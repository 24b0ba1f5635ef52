// Reading Hessian2 (http://hessian.caucho.com/doc/hessian-serialization.html) as Dubbo writes request and response
// bodies: the few strings and ints a codec needs are read, every other value is skipped exactly, whatever its type,
// without building it. Strings count UTF-16 units, not bytes, so skipping one walks its UTF-8 lead bytes. Object
// instances need their class definition's field count, so class definitions are remembered; references and type
// names need nothing. Any byte the grammar does not allow, or a value running past the end, fails the reader.
import { decodeUtf8 } from "../../assembly/wire/utf8";

/** Nesting deeper than this (lists in maps in objects ...) fails the reader instead of growing the stack. */
export const MAX_DEPTH: i32 = 64;

export class Hessian2Reader {
  /** Set by the first malformed byte; every read after it returns a neutral value. */
  failed: bool = false;
  private classFieldCounts: i32[] = [];

  constructor(private bytes: Uint8Array, public at: i32, private end: i32) {}

  /** Reads `bytes[at, end)` from the start, as a new reader would. */
  reset(bytes: Uint8Array, at: i32, end: i32): void {
    this.bytes = bytes;
    this.at = at;
    this.end = end;
    this.failed = false;
    this.classFieldCounts.length = 0;
  }

  get atEnd(): bool {
    return this.at >= this.end;
  }

  private fail(): bool {
    this.failed = true;
    return false;
  }

  private byte(): i32 {
    if (this.at >= this.end) {
      this.fail();
      return -1;
    }
    return <i32>this.bytes[this.at++];
  }

  private skipBytes(count: i32): bool {
    if (count < 0 || this.end - this.at < count) return this.fail();
    this.at += count;
    return true;
  }

  private uint(count: i32): u64 {
    if (this.end - this.at < count) {
      this.fail();
      return 0;
    }
    let value: u64 = 0;
    for (let i = 0; i < count; i++) value = (value << 8) | <u64>this.bytes[this.at++];
    return value;
  }

  /** The next value's tag, without taking it; -1 at the end. */
  peek(): i32 {
    return this.at < this.end ? <i32>this.bytes[this.at] : -1;
  }

  /** Skips `chars` UTF-16 units of UTF-8 (a 4-byte sequence is two units, as Java counts a surrogate pair). */
  private skipChars(chars: i32): bool {
    let left = chars;
    while (left > 0) {
      if (this.at >= this.end) return this.fail();
      const lead = <i32>this.bytes[this.at];
      let size = 1;
      if (lead >= 0xf0 && lead <= 0xf7) {
        size = 4;
        left--;
      } else if (lead >= 0xe0) {
        size = lead <= 0xef ? 3 : 0;
      } else if (lead >= 0xc0) {
        size = 2;
      } else if (lead >= 0x80) {
        size = 0;
      }
      if (size == 0) return this.fail();
      if (!this.skipBytes(size)) return false;
      left--;
    }
    return left == 0 || this.fail();
  }

  /** An int in any of its encodings; fails on any other tag. */
  readInt(): i32 {
    const tag = this.byte();
    if (tag >= 0x80 && tag <= 0xbf) return tag - 0x90;
    if (tag >= 0xc0 && tag <= 0xcf) return ((tag - 0xc8) << 8) | this.byte();
    if (tag >= 0xd0 && tag <= 0xd7) return ((tag - 0xd4) << 16) | <i32>this.uint(2);
    if (tag == 0x49) return <i32>this.uint(4);
    this.fail();
    return 0;
  }

  /** A string (all its chunks), or null for Hessian2's null; fails on any other tag. */
  readString(): string | null {
    const tag = this.peek();
    if (tag == 0x4e) {
      this.at++;
      return null;
    }
    const start = this.at;
    // The usual case: one chunk, decoded straight from the bytes.
    if (tag >= 0x00 && tag <= 0x1f) {
      this.at++;
      const from = this.at;
      if (this.skipChars(tag)) return decodeUtf8(this.bytes.dataStart + <usize>from, <usize>(this.at - from));
      this.at = start;
      return null;
    }
    const pieces = new Array<string>();
    let final = false;
    while (!final && !this.failed) {
      const chunk = this.byte();
      let chars = 0;
      if (chunk >= 0x00 && chunk <= 0x1f) {
        chars = chunk;
        final = true;
      } else if (chunk >= 0x30 && chunk <= 0x33) {
        chars = ((chunk - 0x30) << 8) | this.byte();
        final = true;
      } else if (chunk == 0x53 || chunk == 0x52) {
        chars = <i32>this.uint(2);
        final = chunk == 0x53;
      } else {
        this.fail();
        break;
      }
      const from = this.at;
      if (!this.skipChars(chars)) break;
      pieces.push(decodeUtf8(this.bytes.dataStart + <usize>from, <usize>(this.at - from)));
    }
    if (this.failed) {
      this.at = start;
      return null;
    }
    return pieces.length == 1 ? pieces[0] : pieces.join("");
  }

  /** A string chunk sequence, skipped; `tag` already taken. */
  private skipStringFrom(tag: i32): bool {
    let current = tag;
    while (true) {
      let chars = 0;
      let final = true;
      if (current >= 0x00 && current <= 0x1f) chars = current;
      else if (current >= 0x30 && current <= 0x33) chars = ((current - 0x30) << 8) | this.byte();
      else if (current == 0x53 || current == 0x52) {
        chars = <i32>this.uint(2);
        final = current == 0x53;
      } else return this.fail();
      if (this.failed || !this.skipChars(chars)) return false;
      if (final) return true;
      current = this.byte();
      if (current < 0) return false;
    }
  }

  /** A binary chunk sequence, skipped; `tag` already taken. */
  private skipBinaryFrom(tag: i32): bool {
    let current = tag;
    while (true) {
      let size = 0;
      let final = true;
      if (current >= 0x20 && current <= 0x2f) size = current - 0x20;
      else if (current >= 0x34 && current <= 0x37) size = ((current - 0x34) << 8) | this.byte();
      else if (current == 0x42 || current == 0x41) {
        size = <i32>this.uint(2);
        final = current == 0x42;
      } else return this.fail();
      if (this.failed || !this.skipBytes(size)) return false;
      if (final) return true;
      current = this.byte();
      if (current < 0) return false;
    }
  }

  /** A list's or map's or object's type: a type name (string) or a reference to an earlier one (int). */
  private skipType(): bool {
    const tag = this.peek();
    if ((tag >= 0x00 && tag <= 0x1f) || (tag >= 0x30 && tag <= 0x33) || tag == 0x52 || tag == 0x53) {
      this.at++;
      return this.skipStringFrom(tag);
    }
    this.readInt();
    return !this.failed;
  }

  private skipUntilEnd(depth: i32, pairs: bool): bool {
    while (true) {
      const tag = this.peek();
      if (tag < 0) return this.fail();
      if (tag == 0x5a) {
        this.at++;
        return true;
      }
      if (!this.skipValueAt(depth)) return false;
      if (pairs && !this.skipValueAt(depth)) return false;
    }
  }

  private skipCount(count: i32, depth: i32): bool {
    if (count < 0) return this.fail();
    for (let i = 0; i < count; i++) if (!this.skipValueAt(depth)) return false;
    return true;
  }

  private skipObject(classIndex: i32, depth: i32): bool {
    if (classIndex < 0 || classIndex >= this.classFieldCounts.length) return this.fail();
    return this.skipCount(this.classFieldCounts[classIndex], depth);
  }

  /** Skips one value of any type. */
  skipValue(): bool {
    return this.skipValueAt(0);
  }

  private skipValueAt(parentDepth: i32): bool {
    const depth = parentDepth + 1;
    if (depth > MAX_DEPTH || this.failed) return this.fail();
    const tag = this.byte();
    if (tag < 0) return false;
    if (tag <= 0x1f || (tag >= 0x30 && tag <= 0x33) || tag == 0x52 || tag == 0x53) return this.skipStringFrom(tag);
    if ((tag >= 0x20 && tag <= 0x2f) || (tag >= 0x34 && tag <= 0x37) || tag == 0x41 || tag == 0x42) return this.skipBinaryFrom(tag);
    if (tag >= 0x80 && tag <= 0xbf) return true; // int, one byte
    if (tag >= 0xc0 && tag <= 0xcf) return this.skipBytes(1); // int, two bytes
    if (tag >= 0xd0 && tag <= 0xd7) return this.skipBytes(2); // int, three bytes
    if (tag >= 0xd8 && tag <= 0xef) return true; // long, one byte
    if (tag >= 0xf0) return this.skipBytes(1); // long, two bytes
    if (tag >= 0x38 && tag <= 0x3f) return this.skipBytes(2); // long, three bytes
    if (tag >= 0x60 && tag <= 0x6f) return this.skipObject(tag - 0x60, depth);
    if (tag >= 0x70 && tag <= 0x77) return this.skipType() && this.skipCount(tag - 0x70, depth);
    if (tag >= 0x78 && tag <= 0x7f) return this.skipCount(tag - 0x78, depth);
    switch (tag) {
      case 0x4e: // N null
      case 0x54: // T true
      case 0x46: // F false
      case 0x5b: // double 0.0
      case 0x5c: // double 1.0
        return true;
      case 0x5d: return this.skipBytes(1); // double from a byte
      case 0x5e: return this.skipBytes(2); // double from a short
      case 0x5f: return this.skipBytes(4); // double as float / millis
      case 0x44: return this.skipBytes(8); // D double
      case 0x49: return this.skipBytes(4); // I int
      case 0x4c: return this.skipBytes(8); // L long
      case 0x59: return this.skipBytes(4); // long as 32 bits
      case 0x4a: return this.skipBytes(8); // J date in ms
      case 0x4b: return this.skipBytes(4); // K date in minutes
      case 0x51: { // Q reference to an earlier value
        this.readInt();
        return !this.failed;
      }
      case 0x48: return this.skipUntilEnd(depth, true); // H untyped map
      case 0x4d: return this.skipType() && this.skipUntilEnd(depth, true); // M typed map
      case 0x55: return this.skipType() && this.skipUntilEnd(depth, false); // U typed list, open
      case 0x57: return this.skipUntilEnd(depth, false); // W untyped list, open
      case 0x56: { // V typed list, counted
        if (!this.skipType()) return false;
        const count = this.readInt();
        return !this.failed && this.skipCount(count, depth);
      }
      case 0x58: { // X untyped list, counted
        const count = this.readInt();
        return !this.failed && this.skipCount(count, depth);
      }
      case 0x43: { // C class definition, then the value that uses it
        const name = this.byte();
        if (name < 0 || !this.skipStringFrom(name)) return false;
        const fields = this.readInt();
        if (this.failed || fields < 0) return this.fail();
        for (let i = 0; i < fields; i++) {
          const field = this.byte();
          if (field < 0 || !this.skipStringFrom(field)) return false;
        }
        this.classFieldCounts.push(fields);
        return this.skipValueAt(parentDepth);
      }
      case 0x4f: { // O object of a class defined earlier
        const index = this.readInt();
        return !this.failed && this.skipObject(index, depth);
      }
    }
    return this.fail();
  }

  /**
   * From a map whose keys and values are strings (Dubbo's attachments), the `wanted` keys that have string values, as
   * name/value pairs into `pairs` (emptied first); every other entry is skipped without decoding it. Null reads as no
   * map.
   */
  readStringMap(wanted: string[], pairs: string[]): string[] {
    pairs.length = 0;
    const tag = this.byte();
    if (tag == 0x4e) return pairs;
    if (tag == 0x4d) {
      if (!this.skipType()) return pairs;
    } else if (tag != 0x48) {
      this.fail();
      return pairs;
    }
    while (!this.failed) {
      const next = this.peek();
      if (next < 0) {
        this.fail();
        return pairs;
      }
      if (next == 0x5a) {
        this.at++;
        return pairs;
      }
      const index = this.wantedKey(wanted);
      if (index < 0) {
        if (!this.skipValueAt(1) || !this.skipValueAt(1)) return pairs;
        continue;
      }
      if (!this.skipValueAt(1)) return pairs;
      if (!this.isStringTag(this.peek())) {
        if (!this.skipValueAt(1)) return pairs;
        continue;
      }
      const value = this.readString();
      if (value === null) return pairs;
      pairs.push(wanted[index]);
      pairs.push(value);
    }
    return pairs;
  }

  /** Which of `wanted` (ASCII names) the string at the reader is, without taking it; -1 for none or not a string. */
  private wantedKey(wanted: string[]): i32 {
    const tag = this.peek();
    // One-chunk strings: 0x00-0x1f hold up to 31 chars, 0x30-0x33 and a byte up to 1023. Of ASCII, each char is a byte.
    let length = -1;
    let from = this.at + 1;
    if (tag >= 0x00 && tag <= 0x1f) length = tag;
    else if (tag >= 0x30 && tag <= 0x33 && this.end - this.at >= 2) {
      length = ((tag - 0x30) << 8) | <i32>this.bytes[this.at + 1];
      from++;
    }
    if (length < 0 || this.end - from < length) return -1;
    for (let w = 0; w < wanted.length; w++) {
      const name = wanted[w];
      if (name.length != length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) same = <i32>this.bytes[from + i] == name.charCodeAt(i);
      if (same) return w;
    }
    return -1;
  }

  private isStringTag(tag: i32): bool {
    return (tag >= 0x00 && tag <= 0x1f) || (tag >= 0x30 && tag <= 0x33) || tag == 0x52 || tag == 0x53;
  }
}
