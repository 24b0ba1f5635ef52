// Runs a program over a string by simulating every thread at once (Thompson/Pike): each input position
// visits each instruction at most once, so a match costs O(input length x program length) whatever the
// pattern, with no backtracking. All state is allocated once per regex and reused by every call.

import { Assertion } from "./ast";
import { isWordChar } from "./char_class";
import { Op, Program } from "./program";

/** A set of pcs with O(1) add, test and clear (Briggs and Torczon's sparse set). */
class ThreadSet {
  dense: StaticArray<i32>;
  sparse: StaticArray<i32>;
  size: i32 = 0;

  constructor(capacity: i32) {
    this.dense = new StaticArray<i32>(capacity);
    this.sparse = new StaticArray<i32>(capacity);
  }

  @inline has(pc: i32): bool {
    const i = unchecked(this.sparse[pc]);
    return <u32>i < <u32>this.size && unchecked(this.dense[i]) == pc;
  }

  @inline add(pc: i32): void {
    unchecked((this.sparse[pc] = this.size));
    unchecked((this.dense[this.size++] = pc));
  }
}

/** The code point at index i of s (a surrogate pair read as one), or -1 past the end. */
@inline function codePointAt(s: usize, length: i32, i: i32): i32 {
  if (i >= length) return -1;
  const first = <i32>load<u16>(s + (<usize>i << 1));
  if ((first & 0xfc00) != 0xd800 || i + 1 == length) return first;
  const second = <i32>load<u16>(s + (<usize>i << 1), 2);
  if ((second & 0xfc00) != 0xdc00) return first;
  return ((first - 0xd800) << 10) + (second - 0xdc00) + 0x10000;
}

/** The assertions that hold between code points before and after (-1 for the text's edges). */
function assertionsAt(before: i32, after: i32): i32 {
  let a = 0;
  if (before == -1) a |= Assertion.BEGIN_TEXT | Assertion.BEGIN_LINE;
  else if (before == 0x0a) a |= Assertion.BEGIN_LINE;
  if (after == -1) a |= Assertion.END_TEXT | Assertion.END_LINE;
  else if (after == 0x0a) a |= Assertion.END_LINE;
  a |= isWordChar(before) != isWordChar(after) ? Assertion.WORD_BOUNDARY : Assertion.NOT_WORD_BOUNDARY;
  return a;
}

export class PikeVm {
  current: ThreadSet;
  next: ThreadSet;
  /** Pending pcs while following splits and assertions; each visited pc pushes at most two. */
  stack: StaticArray<i32>;

  constructor(readonly program: Program) {
    const n = program.length;
    this.current = new ThreadSet(n);
    this.next = new ThreadSet(n);
    this.stack = new StaticArray<i32>(2 * n + 1);
  }

  /** Whether the program matches the whole input (anchored == true) or some substring of it. */
  run(input: string, anchored: bool): bool {
    const prog = this.program;
    const ops = prog.op;
    const xs = prog.x;
    const ys = prog.y;
    const s = changetype<usize>(input);
    const length = input.length;
    let clist = this.current;
    let nlist = this.next;
    clist.size = 0;
    let before = -1;
    let pos = 0;
    let cp = codePointAt(s, length, 0);
    let assertions = assertionsAt(before, cp);
    this.follow(clist, prog.start, assertions);
    while (true) {
      if (!anchored && clist.has(prog.matchPc)) return true;
      if (cp == -1) break;
      if (clist.size == 0 && anchored) return false;
      const after = pos + (cp >= 0x10000 ? 2 : 1);
      const following = codePointAt(s, length, after);
      const nextAssertions = assertionsAt(cp, following);
      nlist.size = 0;
      for (let i = 0; i < clist.size; i++) {
        const pc = unchecked(clist.dense[i]);
        const op = unchecked(ops[pc]);
        let ok = false;
        if (op == Op.Char) ok = unchecked(xs[pc]) == cp;
        else if (op == Op.Class) ok = unchecked(prog.classes[unchecked(xs[pc])]).contains(cp);
        else if (op == Op.Any) ok = true;
        else if (op == Op.AnyNotNewline) ok = cp != 0x0a;
        if (ok) this.follow(nlist, unchecked(ys[pc]), nextAssertions);
      }
      if (!anchored) this.follow(nlist, prog.start, nextAssertions);
      const t = clist;
      clist = nlist;
      nlist = t;
      before = cp;
      cp = following;
      pos = after;
      assertions = nextAssertions;
    }
    return clist.has(prog.matchPc);
  }

  /** Adds pc and everything reachable from it without consuming input, at a position where assertions hold. */
  private follow(set: ThreadSet, pc: i32, assertions: i32): void {
    const ops = this.program.op;
    const xs = this.program.x;
    const ys = this.program.y;
    const stack = this.stack;
    let top = 0;
    unchecked((stack[top++] = pc));
    while (top > 0) {
      const p = unchecked(stack[--top]);
      if (set.has(p)) continue;
      set.add(p);
      const op = unchecked(ops[p]);
      if (op == Op.Split) {
        unchecked((stack[top++] = ys[p]));
        unchecked((stack[top++] = xs[p]));
      } else if (op == Op.Assert) {
        if (unchecked(xs[p]) & assertions) unchecked((stack[top++] = ys[p]));
      }
    }
  }
}
