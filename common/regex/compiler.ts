// AST to program, compiled back to front: each node is compiled knowing the pc that follows it,
// so no jump patching is needed. Counted repetitions are expanded into copies, which is why the
// program size is bounded.

import { Node, NodeKind } from "./ast";
import { CharClass } from "./char_class";
import { Op, Program } from "./program";

/** Patterns compiling to more instructions than this are rejected (x{1000} of a long x, say). */
export const MAX_INSTRUCTIONS: i32 = 10000;

export class CompileResult {
  constructor(public program: Program | null, public error: string) {}
}

export function compile(root: Node): CompileResult {
  const c = new Compiler();
  const matchPc = c.emit(Op.Match, 0, 0);
  const start = c.node(root, matchPc);
  if (c.tooLarge) {
    return new CompileResult(null, "pattern too large: over " + MAX_INSTRUCTIONS.toString() + " instructions after expanding repetitions");
  }
  return new CompileResult(
    new Program(
      StaticArray.fromArray<i32>(c.op),
      StaticArray.fromArray<i32>(c.x),
      StaticArray.fromArray<i32>(c.y),
      start,
      matchPc,
      c.classes,
    ),
    "",
  );
}

class Compiler {
  op: Array<i32> = [];
  x: Array<i32> = [];
  y: Array<i32> = [];
  classes: Array<CharClass> = [];
  tooLarge: bool = false;

  emit(op: Op, x: i32, y: i32): i32 {
    if (this.op.length >= MAX_INSTRUCTIONS) {
      this.tooLarge = true;
      return 0;
    }
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    return this.op.length - 1;
  }

  /** Emits node so that it continues at next; returns its entry pc. */
  node(n: Node, next: i32): i32 {
    if (this.tooLarge) return next;
    switch (n.kind) {
      case NodeKind.Empty:
        return next;
      case NodeKind.Class: {
        const r = n.cls!.ranges;
        if (r.length == 2 && r[0] == r[1]) return this.emit(Op.Char, r[0], next);
        this.classes.push(n.cls!);
        return this.emit(Op.Class, this.classes.length - 1, next);
      }
      case NodeKind.AnyChar:
        return this.emit(Op.Any, 0, next);
      case NodeKind.AnyCharNotNewline:
        return this.emit(Op.AnyNotNewline, 0, next);
      case NodeKind.Assert:
        return this.emit(Op.Assert, n.assertion, next);
      case NodeKind.Concat: {
        let pc = next;
        for (let i = n.subs.length - 1; i >= 0 && !this.tooLarge; i--) pc = this.node(n.subs[i], pc);
        return pc;
      }
      case NodeKind.Alternate: {
        let pc = this.node(n.subs[n.subs.length - 1], next);
        for (let i = n.subs.length - 2; i >= 0 && !this.tooLarge; i--) pc = this.emit(Op.Split, this.node(n.subs[i], next), pc);
        return pc;
      }
      default:
        return this.repeat(n.subs[0], n.min, n.max, next);
    }
  }

  repeat(sub: Node, min: i32, max: i32, next: i32): i32 {
    let pc = next;
    if (max == -1) {
      // x{min,}: a loop (x*), then min - 1 more copies in front when min >= 1 (x+ enters the loop through x).
      const loop = this.emit(Op.Split, 0, next);
      const body = this.node(sub, loop);
      if (this.tooLarge) return next;
      this.x[loop] = body;
      pc = min == 0 ? loop : body;
      for (let i = 1; i < min && !this.tooLarge; i++) pc = this.node(sub, pc);
      return pc;
    }
    // x{min,max}: min copies, then (max - min) nested optional copies: x{0,2} is (x(x)?)?.
    for (let i = 0; i < max - min && !this.tooLarge; i++) pc = this.emit(Op.Split, this.node(sub, pc), next);
    for (let i = 0; i < min && !this.tooLarge; i++) pc = this.node(sub, pc);
    return pc;
  }
}
