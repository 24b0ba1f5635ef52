// RE2-syntax regular expressions matched in linear time (see README.md for the supported subset).
//
//   const compiled = compileRegex("^/api/v[0-9]+/");
//   if (compiled.regex === null) reject(compiled.error);   // "missing closing ) at offset 4 ..."
//   compiled.regex!.fullMatch(path);                        // the whole input, as Envoy's safe_regex
//   compiled.regex!.find(path);                             // anywhere, as RE2::PartialMatch

import { compile } from "./compiler";
import { parse } from "./parser";
import { PikeVm } from "./pike_vm";
import { Program } from "./program";

export { MAX_INSTRUCTIONS } from "./compiler";
export { MAX_NESTING, MAX_REPEAT } from "./parser";

export class Regex {
  private vm: PikeVm;

  constructor(readonly pattern: string, program: Program) {
    this.vm = new PikeVm(program);
  }

  /** Whether the whole input matches (as Envoy's safe_regex and Istio's header regex match). */
  fullMatch(input: string): bool {
    return this.vm.run(input, true);
  }

  /** Whether some part of the input matches (unanchored, as RE2::PartialMatch). */
  find(input: string): bool {
    return this.vm.run(input, false);
  }

  /** Instructions in the compiled program: the factor in the O(input x program) cost. */
  get programSize(): i32 {
    return this.vm.program.length;
  }
}

export class CompiledRegex {
  constructor(
    public regex: Regex | null,
    /** "" when the pattern compiled, else what is wrong and where, e.g. "missing closing ) at offset 4 (group opened at offset 0)". */
    public error: string,
  ) {}
}

export function compileRegex(pattern: string): CompiledRegex {
  const parsed = parse(pattern);
  if (parsed.node === null) return new CompiledRegex(null, parsed.error);
  const compiled = compile(parsed.node!);
  if (compiled.program === null) return new CompiledRegex(null, compiled.error);
  return new CompiledRegex(new Regex(pattern, compiled.program!), "");
}
