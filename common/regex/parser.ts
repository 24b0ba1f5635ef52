// RE2 syntax to an AST, accepting and rejecting what Go's regexp/syntax (Perl flags) does,
// so a pattern that Envoy's RE2 takes means the same here. Unicode classes (\p), \C and
// look-arounds are rejected with a message naming them and the offset.

import { Assertion, Node, NodeKind } from "./ast";
import { CharClass, MAX_CODE_POINT, perlClass, posixClass } from "./char_class";
import { hexDigitValue } from "../../assembly/wire/hex";

const FOLD_CASE: i32 = 1;
const MULTI_LINE: i32 = 2;
const DOT_NEWLINE: i32 = 4;

/** RE2's limit on a counted repetition {n,m}, and on the product of nested counts. */
export const MAX_REPEAT: i32 = 1000;
/** Group nesting, bounded so that parsing and compiling (both recursive) cannot exhaust the stack. */
export const MAX_NESTING: i32 = 100;

export class ParseResult {
  constructor(public node: Node | null, public error: string) {}
}

export function parse(pattern: string): ParseResult {
  const p = new Parser(pattern);
  const node = p.parseAlternation(0);
  if (!p.failed && p.pos < pattern.length) p.fail("unexpected )", p.pos);
  return p.failed ? new ParseResult(null, p.error) : new ParseResult(node, "");
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

function isAlnum(c: i32): bool {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}


function width(cp: i32): i32 {
  return cp >= 0x10000 ? 2 : 1;
}

/** Whether a counted repetition nests within RE2's budget of 1000 copies of the innermost thing (as Go's repeatIsValid). */
function repeatIsValid(node: Node, budget: i32): bool {
  if (node.kind == NodeKind.Repeat) {
    let m = node.max;
    if (m == 0) return true;
    if (m < 0) m = node.min;
    if (m > budget) return false;
    if (m > 0) budget /= m;
  }
  for (let i = 0; i < node.subs.length; i++) if (!repeatIsValid(node.subs[i], budget)) return false;
  return true;
}

class Parser {
  pos: i32 = 0;
  flags: i32 = 0;
  failed: bool = false;
  error: string = "";

  constructor(readonly src: string) {}

  fail(message: string, offset: i32, detail: string = ""): void {
    if (this.failed) return;
    this.failed = true;
    this.error = message + " at offset " + offset.toString() + detail;
  }

  peek(): i32 {
    return this.src.codePointAt(this.pos);
  }

  peekAt(offset: i32): i32 {
    return this.pos + offset < this.src.length ? <i32>this.src.charCodeAt(this.pos + offset) : -1;
  }

  parseAlternation(depth: i32): Node {
    const alternatives = [this.parseConcat(depth)];
    while (!this.failed && this.peek() == 0x7c) {
      this.pos++;
      alternatives.push(this.parseConcat(depth));
    }
    return Node.ofList(NodeKind.Alternate, alternatives);
  }

  /** Items up to |, ) or the end. A repetition applies to the item before it; two in a row are an error, as in RE2. */
  parseConcat(depth: i32): Node {
    const items = new Array<Node>();
    let lastWasRepeat = false;
    while (!this.failed) {
      const c = this.peek();
      if (c == -1 || c == 0x7c || c == 0x29) break;
      const start = this.pos;
      let isRepeat = false;
      if (c == 0x28) {
        const group = this.parseGroup(depth);
        if (group !== null) items.push(group);
      } else if (c == 0x2a || c == 0x2b || c == 0x3f) {
        this.pos++;
        this.applyRepeat(items, c == 0x2b ? 1 : 0, c == 0x3f ? 1 : -1, start, lastWasRepeat);
        isRepeat = true;
      } else if (c == 0x7b) {
        isRepeat = this.parseCountedRepeat(items, lastWasRepeat);
      } else if (c == 0x5b) {
        items.push(this.parseClass());
      } else if (c == 0x2e) {
        this.pos++;
        items.push(new Node(this.flags & DOT_NEWLINE ? NodeKind.AnyChar : NodeKind.AnyCharNotNewline));
      } else if (c == 0x5e) {
        this.pos++;
        items.push(Node.ofAssertion(this.flags & MULTI_LINE ? Assertion.BEGIN_LINE : Assertion.BEGIN_TEXT));
      } else if (c == 0x24) {
        this.pos++;
        items.push(Node.ofAssertion(this.flags & MULTI_LINE ? Assertion.END_LINE : Assertion.END_TEXT));
      } else if (c == 0x5c) {
        this.parseEscapeItem(items);
      } else {
        this.pos += width(c);
        items.push(this.literal(c));
      }
      lastWasRepeat = isRepeat;
    }
    return Node.ofList(NodeKind.Concat, items);
  }

  literal(cp: i32): Node {
    const cls = CharClass.of(cp, cp);
    if (this.flags & FOLD_CASE) cls.foldCase();
    return Node.ofClass(cls);
  }

  /** A group, or null for a flags-only group such as (?i), which changes the flags to the end of the enclosing group. */
  parseGroup(depth: i32): Node | null {
    const open = this.pos;
    if (depth >= MAX_NESTING) {
      this.fail("groups nested too deeply", open);
      return null;
    }
    this.pos++;
    const saved = this.flags;
    if (this.peek() == 0x3f) {
      this.pos++;
      if (!this.parseGroupHead(open)) return null;
      if (this.src.charCodeAt(this.pos - 1) == 0x29) return null;
    }
    const sub = this.parseAlternation(depth + 1);
    if (this.failed) return null;
    if (this.peek() != 0x29) {
      this.fail("missing closing )", this.pos, " (group opened at offset " + open.toString() + ")");
      return null;
    }
    this.pos++;
    this.flags = saved;
    return sub;
  }

  /**
   * After "(?": a name (?P<name> or (?<name>, or flags [imsU] with an optional "-" part ended by ")" or ":".
   * Returns false after failing. On success pos is just past the ">", ")" or ":".
   */
  parseGroupHead(open: i32): bool {
    const c = this.peek();
    if (c == 0x3d || c == 0x21 || (c == 0x3c && (this.peekAt(1) == 0x3d || this.peekAt(1) == 0x21))) {
      this.fail("look-around assertions are not supported (RE2 has none)", open);
      return false;
    }
    if (c == 0x3c || (c == 0x50 && this.peekAt(1) == 0x3c)) {
      const nameStart = this.pos + (c == 0x3c ? 1 : 2);
      const end = this.src.indexOf(">", nameStart);
      let valid = end > nameStart;
      for (let i = nameStart; valid && i < end; i++) {
        const ch = <i32>this.src.charCodeAt(i);
        if (!isAlnum(ch) && ch != 0x5f) valid = false;
      }
      if (!valid) {
        this.fail("invalid named group", open);
        return false;
      }
      this.pos = end + 1;
      return true;
    }
    let flags = this.flags;
    let negated = false;
    let sawFlag = false;
    while (true) {
      const f = this.peek();
      if (f == -1) break;
      this.pos += width(f);
      let bit = 0;
      if (f == 0x69) bit = FOLD_CASE;
      else if (f == 0x6d) bit = MULTI_LINE;
      else if (f == 0x73) bit = DOT_NEWLINE;
      else if (f == 0x55) bit = -1; // (?U) swaps greedy and lazy, which no match/no-match answer depends on
      if (bit != 0) {
        if (bit > 0) flags = negated ? flags & ~bit : flags | bit;
        sawFlag = true;
        continue;
      }
      if (f == 0x2d && !negated) {
        negated = true;
        sawFlag = false;
        continue;
      }
      if ((f == 0x29 || f == 0x3a) && (!negated || sawFlag)) {
        this.flags = flags;
        return true;
      }
      break;
    }
    this.fail("invalid or unsupported group syntax", open);
    return false;
  }

  /** Replaces the last item with its repetition. */
  applyRepeat(items: Array<Node>, min: i32, max: i32, start: i32, lastWasRepeat: bool): void {
    if (this.peek() == 0x3f) this.pos++; // lazy form: same language
    if (lastWasRepeat) {
      this.fail("invalid nested repetition operator", start);
      return;
    }
    if (items.length == 0) {
      this.fail("missing argument to repetition operator", start);
      return;
    }
    const node = Node.ofRepeat(items[items.length - 1], min, max);
    if (max != -1 && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      this.fail("repetition count over " + MAX_REPEAT.toString() + " (nested counts multiply)", start);
      return;
    }
    items[items.length - 1] = node;
  }

  /** {n}, {n,} or {n,m}; anything else starting with { is a literal {, as in RE2. Returns whether it was a repetition. */
  parseCountedRepeat(items: Array<Node>, lastWasRepeat: bool): bool {
    const start = this.pos;
    let i = start + 1;
    const minEnd = this.digitsEnd(i);
    if (minEnd < 0) return this.literalBrace(items);
    const min = this.number(i, minEnd);
    let max = min;
    i = minEnd;
    if (i < this.src.length && this.src.charCodeAt(i) == 0x2c) {
      i++;
      if (i < this.src.length && this.src.charCodeAt(i) == 0x7d) {
        max = -1;
      } else {
        const maxEnd = this.digitsEnd(i);
        if (maxEnd < 0) return this.literalBrace(items);
        max = this.number(i, maxEnd);
        if (max < 0) max = MAX_REPEAT + 1;
        i = maxEnd;
      }
    }
    if (i >= this.src.length || this.src.charCodeAt(i) != 0x7d) return this.literalBrace(items);
    this.pos = i + 1;
    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      this.fail("invalid repetition count " + this.src.substring(start, i + 1) + " (the limit is " + MAX_REPEAT.toString() + ")", start);
      return true;
    }
    this.applyRepeat(items, min, max, start, lastWasRepeat);
    return true;
  }

  literalBrace(items: Array<Node>): bool {
    this.pos++;
    items.push(this.literal(0x7b));
    return false;
  }

  /** End of a run of decimal digits starting at i, or -1 if there is none or it has a leading zero (RE2 then reads a literal). */
  digitsEnd(i: i32): i32 {
    const s = this.src;
    if (i >= s.length || !isDigit(s.charCodeAt(i))) return -1;
    if (s.charCodeAt(i) == 0x30 && i + 1 < s.length && isDigit(s.charCodeAt(i + 1))) return -1;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    return i;
  }

  /** The value of digits [from, to), or -1 when it is too large to be a valid count. */
  number(from: i32, to: i32): i32 {
    let n = 0;
    for (let i = from; i < to; i++) {
      if (n >= 100000000) return -1;
      n = n * 10 + (<i32>this.src.charCodeAt(i) - 0x30);
    }
    return n;
  }

  parseEscapeItem(items: Array<Node>): void {
    const start = this.pos;
    const c = this.peekAt(1);
    if (c == 0x41 || c == 0x7a || c == 0x62 || c == 0x42) {
      this.pos += 2;
      const kind =
        c == 0x41 ? Assertion.BEGIN_TEXT : c == 0x7a ? Assertion.END_TEXT : c == 0x62 ? Assertion.WORD_BOUNDARY : Assertion.NOT_WORD_BOUNDARY;
      items.push(Node.ofAssertion(kind));
      return;
    }
    if (c == 0x51) {
      // \Q...\E: everything up to \E (or the end) is literal, one item per character.
      let end = this.src.indexOf("\\E", start + 2);
      if (end < 0) end = this.src.length;
      this.pos = start + 2;
      while (this.pos < end) {
        const cp = this.peek();
        this.pos += width(cp);
        items.push(this.literal(cp));
      }
      this.pos = end < this.src.length ? end + 2 : end;
      return;
    }
    const group = this.perlGroup();
    if (group !== null) {
      items.push(Node.ofClass(group));
      return;
    }
    if (this.failed) return;
    const cp = this.parseEscape();
    if (!this.failed) items.push(this.literal(cp));
  }

  /** \d \D \s \S \w \W at pos (folded before negation, as RE2 does); null if pos holds no such escape or \p/\C (then failed). */
  perlGroup(): CharClass | null {
    const c = this.peekAt(1);
    if (c == 0x70 || c == 0x50) {
      this.fail("Unicode classes \\p and \\P are not supported", this.pos);
      return null;
    }
    if (c == 0x43) {
      this.fail("\\C (any byte) is not supported", this.pos);
      return null;
    }
    const lower = c | 0x20;
    const cls = perlClass(lower);
    if (cls === null) return null;
    this.pos += 2;
    if (this.flags & FOLD_CASE) cls.foldCase();
    return c == lower ? cls : cls.negate();
  }

  /** An escaped single character at pos ("\\" first); -1 after failing. */
  parseEscape(): i32 {
    const start = this.pos;
    this.pos++;
    const c = this.peek();
    if (c == -1) {
      this.fail("trailing \\ at the end of the pattern", start);
      return -1;
    }
    this.pos += width(c);
    if (c >= 0x30 && c <= 0x37) {
      if (c != 0x30 && !this.isOctalAt(this.pos)) {
        this.fail("backreferences are not supported (" + this.src.substring(start, this.pos) + ")", start);
        return -1;
      }
      let r = c - 0x30;
      for (let i = 1; i < 3 && this.isOctalAt(this.pos); i++) {
        r = r * 8 + (<i32>this.src.charCodeAt(this.pos) - 0x30);
        this.pos++;
      }
      return r;
    }
    if (c == 0x78) return this.parseHexEscape(start);
    if (c == 0x61) return 0x07;
    if (c == 0x66) return 0x0c;
    if (c == 0x6e) return 0x0a;
    if (c == 0x72) return 0x0d;
    if (c == 0x74) return 0x09;
    if (c == 0x76) return 0x0b;
    if (c < 0x80 && !isAlnum(c)) return c;
    this.fail("invalid escape sequence " + this.src.substring(start, this.pos), start);
    return -1;
  }

  isOctalAt(i: i32): bool {
    if (i >= this.src.length) return false;
    const c = <i32>this.src.charCodeAt(i);
    return c >= 0x30 && c <= 0x37;
  }

  /** After "\x": two hex digits or {hex...} up to U+10FFFF. */
  parseHexEscape(start: i32): i32 {
    const s = this.src;
    if (this.peek() == 0x7b) {
      this.pos++;
      let r = 0;
      let digits = 0;
      while (this.pos < s.length && s.charCodeAt(this.pos) != 0x7d) {
        const v = hexDigitValue(s.charCodeAt(this.pos));
        if (v < 0) break;
        r = r * 16 + v;
        digits++;
        this.pos++;
        if (r > MAX_CODE_POINT) break;
      }
      if (digits > 0 && r <= MAX_CODE_POINT && this.pos < s.length && s.charCodeAt(this.pos) == 0x7d) {
        this.pos++;
        return r;
      }
    } else {
      const hi = this.pos < s.length ? hexDigitValue(s.charCodeAt(this.pos)) : -1;
      const lo = this.pos + 1 < s.length ? hexDigitValue(s.charCodeAt(this.pos + 1)) : -1;
      if (hi >= 0 && lo >= 0) {
        this.pos += 2;
        return hi * 16 + lo;
      }
    }
    this.fail("invalid escape sequence \\x", start);
    return -1;
  }

  /** A bracketed class [...] at pos. */
  parseClass(): Node {
    const open = this.pos;
    const s = this.src;
    this.pos++;
    let negated = false;
    if (this.peek() == 0x5e) {
      negated = true;
      this.pos++;
    }
    const cls = new CharClass();
    let first = true; // ] is a member when it comes first
    while (!this.failed) {
      const c = this.peek();
      if (c == -1) {
        this.fail("missing closing ] for the class opened", open);
        break;
      }
      if (c == 0x5d && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c == 0x5b && this.peekAt(1) == 0x3a && this.pos + 2 < s.length) {
        const end = s.indexOf(":]", this.pos + 2);
        if (end >= 0) {
          let name = s.substring(this.pos + 2, end);
          const negatedName = name.startsWith("^");
          if (negatedName) name = name.substring(1);
          const group = posixClass(name);
          if (group === null) {
            this.fail("unknown POSIX class " + s.substring(this.pos, end + 2), this.pos);
            break;
          }
          if (this.flags & FOLD_CASE) group.foldCase();
          cls.addClass(negatedName ? group.negate() : group);
          this.pos = end + 2;
          continue;
        }
      }
      if (c == 0x5c) {
        const group = this.perlGroup();
        if (group !== null) {
          cls.addClass(group);
          continue;
        }
        if (this.failed) break;
      }
      const rangeStart = this.pos;
      const lo = this.classChar(open);
      let hi = lo;
      if (this.failed) break;
      if (this.peek() == 0x2d && this.peekAt(1) != -1 && this.peekAt(1) != 0x5d) {
        this.pos++;
        hi = this.classChar(open);
        if (this.failed) break;
        if (hi < lo) {
          this.fail("invalid class range " + s.substring(rangeStart, this.pos), rangeStart);
          break;
        }
      }
      const range = CharClass.of(lo, hi);
      if (this.flags & FOLD_CASE) range.foldCase();
      cls.addClass(range);
    }
    if (negated) cls.negate();
    return Node.ofClass(cls);
  }

  classChar(open: i32): i32 {
    const c = this.peek();
    if (c == -1) {
      this.fail("missing closing ] for the class opened", open);
      return -1;
    }
    if (c == 0x5c) return this.parseEscape();
    this.pos += width(c);
    return c;
  }
}
