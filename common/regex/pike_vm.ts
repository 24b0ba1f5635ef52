// Runs a program over a string by simulating every thread at once (Thompson/Pike): each input position
// visits each instruction at most once, so a match costs O(input length x program length) whatever the
// pattern, with no backtracking. All state is allocated once per regex and reused by every call.

import { Assertion } from "./ast";
import { isWordChar } from "./char_class";
import { Op, Program } from "./program";

/** The code point at index i of s (a surrogate pair read as one), or -1 past the end. */
@inline function codePointAt(s: usize, length: i32, i: i32): i32 {
  if (i >= length) return -1;
  const first = <i32>load<u16>(s + (<usize>i << 1));
  if ((first & 0xfc00) != 0xd800 || i + 1 == length) return first;
  const second = <i32>load<u16>(s + (<usize>i << 1), 2);
  if ((second & 0xfc00) != 0xdc00) return first;
  return ((first - 0xd800) << 10) + (second - 0xdc00) + 0x10000;
}

/** The code point ending just before index i of s (a surrogate pair read as one), or -1 at the start. */
function codePointBefore(s: usize, i: i32): i32 {
  if (i == 0) return -1;
  const last = <i32>load<u16>(s + (<usize>(i - 1) << 1));
  if ((last & 0xfc00) != 0xdc00 || i == 1) return last;
  const first = <i32>load<u16>(s + (<usize>(i - 2) << 1));
  if ((first & 0xfc00) != 0xd800) return last;
  return ((first - 0xd800) << 10) + (last - 0xdc00) + 0x10000;
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

// Thread lists are sparse sets (Briggs and Torczon: O(1) add, test and clear) over pcs, kept as two i32 arrays.
// The hot loop reads every array through a raw pointer: no managed references, so no GC bookkeeping per step.

@inline function has(dense: usize, sparse: usize, size: i32, pc: i32): bool {
  const i = load<i32>(sparse + (<usize>pc << 2));
  return <u32>i < <u32>size && load<i32>(dense + (<usize>i << 2)) == pc;
}

/**
 * Adds pc and every pc reachable from it without consuming input, at a position where the given assertions hold,
 * to the set (dense, sparse, size). Returns the new size.
 */
function follow(ops: usize, xs: usize, ys: usize, stack: usize, dense: usize, sparse: usize, size: i32, pc: i32, assertions: i32): i32 {
  let top = 1;
  store<i32>(stack, pc);
  while (top > 0) {
    top--;
    const p = load<i32>(stack + (<usize>top << 2));
    if (has(dense, sparse, size, p)) continue;
    store<i32>(sparse + (<usize>p << 2), size);
    store<i32>(dense + (<usize>size << 2), p);
    size++;
    const offset = <usize>p << 2;
    const op = load<i32>(ops + offset);
    if (op == Op.Split) {
      store<i32>(stack + (<usize>top << 2), load<i32>(ys + offset));
      store<i32>(stack + (<usize>top << 2), load<i32>(xs + offset), 4);
      top += 2;
    } else if (op == Op.Assert) {
      if (load<i32>(xs + offset) & assertions) {
        store<i32>(stack + (<usize>top << 2), load<i32>(ys + offset));
        top++;
      }
    }
  }
  return size;
}

export class PikeVm {
  /** Two thread lists (dense and sparse halves each) and the stack of pending pcs: each visited pc pushes at most two. */
  private denseA: StaticArray<i32>;
  private sparseA: StaticArray<i32>;
  private denseB: StaticArray<i32>;
  private sparseB: StaticArray<i32>;
  private stack: StaticArray<i32>;

  constructor(readonly program: Program) {
    const n = program.length;
    this.denseA = new StaticArray<i32>(n);
    this.sparseA = new StaticArray<i32>(n);
    this.denseB = new StaticArray<i32>(n);
    this.sparseB = new StaticArray<i32>(n);
    this.stack = new StaticArray<i32>(2 * n + 1);
  }

  /** Whether the program matches the whole input (anchored == true) or some substring of it. */
  run(input: string, anchored: bool): bool {
    const prog = this.program;
    const ops = changetype<usize>(prog.op);
    const xs = changetype<usize>(prog.x);
    const ys = changetype<usize>(prog.y);
    const stack = changetype<usize>(this.stack);
    const s = changetype<usize>(input);
    const length = input.length;
    const start = prog.start;
    const matchPc = prog.matchPc;
    const first = prog.firstChars;
    const firstAscii = changetype<usize>(prog.firstAsciiBits);
    let cDense = changetype<usize>(this.denseA);
    let cSparse = changetype<usize>(this.sparseA);
    let nDense = changetype<usize>(this.denseB);
    let nSparse = changetype<usize>(this.sparseB);
    let pos = 0;
    let before = -1;
    let cp = codePointAt(s, length, 0);
    let cSize = 0;
    if (anchored) cSize = follow(ops, xs, ys, stack, cDense, cSparse, 0, start, assertionsAt(-1, cp));
    while (true) {
      if (!anchored) {
        if (cSize == 0 && first !== null) {
          // No thread is alive: jump to the next code point that can start a match (a match cannot be empty here).
          while (cp != -1 && !(cp < 128 ? (load<u32>(firstAscii + (<usize>(cp >> 5) << 2)) & (1 << (cp & 31))) != 0 : first.contains(cp))) {
            pos += cp >= 0x10000 ? 2 : 1;
            cp = codePointAt(s, length, pos);
          }
          if (cp == -1) return false;
          before = codePointBefore(s, pos);
        }
        // A match may also start here.
        cSize = follow(ops, xs, ys, stack, cDense, cSparse, cSize, start, assertionsAt(before, cp));
        if (has(cDense, cSparse, cSize, matchPc)) return true;
      }
      if (cp == -1 || (anchored && cSize == 0)) break;
      const after = pos + (cp >= 0x10000 ? 2 : 1);
      const following = codePointAt(s, length, after);
      const nextAssertions = assertionsAt(cp, following);
      let nSize = 0;
      for (let i = 0; i < cSize; i++) {
        const pc = load<i32>(cDense + (<usize>i << 2));
        const offset = <usize>pc << 2;
        const op = load<i32>(ops + offset);
        let ok = false;
        if (op == Op.Char) ok = load<i32>(xs + offset) == cp;
        else if (op == Op.Class) ok = prog.classContains(load<i32>(xs + offset), cp);
        else if (op == Op.Any) ok = true;
        else if (op == Op.AnyNotNewline) ok = cp != 0x0a;
        if (ok) nSize = follow(ops, xs, ys, stack, nDense, nSparse, nSize, load<i32>(ys + offset), nextAssertions);
      }
      let t = cDense;
      cDense = nDense;
      nDense = t;
      t = cSparse;
      cSparse = nSparse;
      nSparse = t;
      cSize = nSize;
      before = cp;
      cp = following;
      pos = after;
    }
    return anchored && cp == -1 && has(cDense, cSparse, cSize, matchPc);
  }
}
