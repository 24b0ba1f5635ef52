// The compiled form the VM runs: an array of instructions (parallel arrays, so the hot loop reads plain i32s)
// and the character classes they test.

import { CharClass } from "./char_class";

export const enum Op {
  /** Consumes the code point x, then goes to y. */
  Char,
  /** Consumes a code point in class x, then goes to y. */
  Class,
  /** Consumes any code point, then goes to y. */
  Any,
  /** Consumes any code point but \n, then goes to y. */
  AnyNotNewline,
  /** Goes to both x and y. */
  Split,
  /** Goes to y if the position satisfies one of the Assertion bits in x. */
  Assert,
  /** The pattern has matched. */
  Match,
}

export class Program {
  constructor(
    public op: StaticArray<i32>,
    public x: StaticArray<i32>,
    public y: StaticArray<i32>,
    public start: i32,
    public matchPc: i32,
    public classes: Array<ClassTable>,
  ) {}

  get length(): i32 {
    return this.op.length;
  }
}

/** A class ready for matching: an ASCII bitmap for the common case, sorted ranges for the rest. */
export class ClassTable {
  ascii: StaticArray<u32> = new StaticArray<u32>(4);
  ranges: CharClass;

  constructor(cls: CharClass) {
    this.ranges = cls;
    for (let cp = 0; cp < 128; cp++) if (cls.contains(cp)) this.ascii[cp >> 5] |= 1 << (cp & 31);
  }

  @inline contains(cp: i32): bool {
    if (cp < 128) return (unchecked(this.ascii[cp >> 5]) & (1 << (cp & 31))) != 0;
    return this.ranges.contains(cp);
  }
}
