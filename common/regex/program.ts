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
  /** Each class's ASCII members as 128 bits (4 words per class), so the VM tests ASCII through a raw pointer. */
  readonly asciiBits: StaticArray<u32>;
  /**
   * The code points a match can start with, or null when a match may be empty or start with any code point.
   * find() skips input that cannot start a match while no thread is alive.
   */
  readonly firstChars: CharClass | null;
  readonly firstAsciiBits: StaticArray<u32> = new StaticArray<u32>(4);

  constructor(
    public op: StaticArray<i32>,
    public x: StaticArray<i32>,
    public y: StaticArray<i32>,
    public start: i32,
    public matchPc: i32,
    public classes: Array<CharClass>,
  ) {
    this.asciiBits = new StaticArray<u32>(4 * classes.length);
    for (let i = 0; i < classes.length; i++) setAsciiBits(classes[i], this.asciiBits, 4 * i);
    const first = this.startingChars();
    if (first !== null) setAsciiBits(first.normalize(), this.firstAsciiBits, 0);
    this.firstChars = first;
  }

  get length(): i32 {
    return this.op.length;
  }

  /** Whether class index cls contains cp. */
  @inline classContains(cls: i32, cp: i32): bool {
    if (cp < 128) return (load<u32>(changetype<usize>(this.asciiBits) + ((<usize>(cls << 2) + (cp >> 5)) << 2)) & (1 << (cp & 31))) != 0;
    return unchecked(this.classes[cls]).contains(cp);
  }

  /** Every code point a consuming instruction reachable from start without input accepts (assertions assumed to hold). */
  private startingChars(): CharClass | null {
    const first = new CharClass();
    const seen = new StaticArray<bool>(this.op.length);
    const pending: Array<i32> = [this.start];
    while (pending.length > 0) {
      const pc = pending.pop();
      if (seen[pc]) continue;
      seen[pc] = true;
      const op = this.op[pc];
      if (op == Op.Char) first.addRange(this.x[pc], this.x[pc]);
      else if (op == Op.Class) first.addClass(this.classes[this.x[pc]]);
      else if (op == Op.Split) {
        pending.push(this.x[pc]);
        pending.push(this.y[pc]);
      } else if (op == Op.Assert) pending.push(this.y[pc]);
      else return null; // Any, or Match: a match may be empty
    }
    return first;
  }
}

function setAsciiBits(cls: CharClass, bits: StaticArray<u32>, at: i32): void {
  for (let cp = 0; cp < 128; cp++) if (cls.contains(cp)) bits[at + (cp >> 5)] |= 1 << (cp & 31);
}
