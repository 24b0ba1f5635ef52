// The comparison operators of a condition, on strings. Regex and percent are evaluated in condition.ts (they need
// the compiled program, the hash); CIDR membership for source_ip too.
import { lowerCaseAscii } from "../../assembly/wire/ascii";

export enum Op {
  Equal = 0,
  NotEqual = 1,
  Prefix = 2,
  Suffix = 3,
  Contains = 4,
  In = 5,
  NotIn = 6,
  Present = 7,
  Absent = 8,
  Regex = 9,
  /** The value's sticky point (as sticky_split computes it, unsalted) lies in the first `percent` of the line. */
  Percent = 10,
}

export const OP_NAMES: string[] = ["equal", "not_equal", "prefix", "suffix", "contains", "in", "not_in", "present", "absent", "regex", "percent"];

/** The operator called `name`, or -1. */
export function opByName(name: string): i32 {
  return OP_NAMES.indexOf(name);
}

/** Operators that compare against one "value". */
export function takesValue(op: Op): bool {
  return op == Op.Equal || op == Op.NotEqual || op == Op.Prefix || op == Op.Suffix || op == Op.Contains || op == Op.Regex;
}

/** Operators that compare against a list of "values". */
export function takesValues(op: Op): bool {
  return op == Op.In || op == Op.NotIn;
}

// An absent attribute is not equal to anything and in no list, so the negated operators match it; every operator
// that needs a value to look at fails on it.
export function matchesAbsent(op: Op): bool {
  return op == Op.Absent || op == Op.NotEqual || op == Op.NotIn;
}

/** Compares a present value. `value` and `values` are already lower-cased when ignoreCase is set. */
export function compareString(op: Op, actual: string, value: string, values: string[], ignoreCase: bool): bool {
  const subject = ignoreCase ? lowerCaseAscii(actual) : actual;
  switch (op) {
    case Op.Equal: return subject == value;
    case Op.NotEqual: return subject != value;
    case Op.Prefix: return subject.startsWith(value);
    case Op.Suffix: return subject.endsWith(value);
    case Op.Contains: return subject.includes(value);
    case Op.In: return values.includes(subject);
    case Op.NotIn: return !values.includes(subject);
    case Op.Present: return true;
    default: return false;
  }
}
