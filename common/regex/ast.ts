// The parsed form of a pattern: what the compiler turns into a program.
// Literals are single-member classes, so the compiler and the VM treat every character test alike.

import { CharClass } from "./char_class";

export const enum NodeKind {
  /** Matches the empty string. */
  Empty,
  /** One code point from cls. */
  Class,
  /** Any code point, newline included ((?s) dot). */
  AnyChar,
  /** Any code point but \n (the default dot). */
  AnyCharNotNewline,
  /** An empty-width assertion; assertion is one Assertion bit. */
  Assert,
  Concat,
  Alternate,
  /** subs[0] repeated min..max times; max -1 means no upper bound. */
  Repeat,
}

/** Empty-width assertions as bits, so the VM can test a position's whole set at once. */
export namespace Assertion {
  export const BEGIN_LINE: i32 = 1;
  export const END_LINE: i32 = 2;
  export const BEGIN_TEXT: i32 = 4;
  export const END_TEXT: i32 = 8;
  export const WORD_BOUNDARY: i32 = 16;
  export const NOT_WORD_BOUNDARY: i32 = 32;
}

export class Node {
  cls: CharClass | null = null;
  assertion: i32 = 0;
  subs: Array<Node> = [];
  min: i32 = 0;
  max: i32 = 0;

  constructor(public kind: NodeKind) {}

  static ofClass(cls: CharClass): Node {
    const n = new Node(NodeKind.Class);
    n.cls = cls.normalize();
    return n;
  }

  static ofAssertion(assertion: i32): Node {
    const n = new Node(NodeKind.Assert);
    n.assertion = assertion;
    return n;
  }

  static ofList(kind: NodeKind, subs: Array<Node>): Node {
    if (subs.length == 1) return subs[0];
    if (subs.length == 0) return new Node(NodeKind.Empty);
    const n = new Node(kind);
    n.subs = subs;
    return n;
  }

  static ofRepeat(sub: Node, min: i32, max: i32): Node {
    const n = new Node(NodeKind.Repeat);
    n.subs = [sub];
    n.min = min;
    n.max = max;
    return n;
  }
}
