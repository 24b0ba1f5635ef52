// Condition groups: a rule assigns its tag when all (or any) of its conditions hold. First matching rule wins.
import { Condition, conditionMatches } from "./conditions";
import { RequestView } from "../../assembly/request_view";

export class Rule {
  name: string = "";
  tag: string = "";
  /** true: any condition suffices; false: all must hold. */
  any: bool = false;
  conditions: Condition[] = [];
}

export function ruleMatches(rule: Rule, request: RequestView, rawPath: bool): bool {
  const conditions = rule.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const hit = conditionMatches(conditions[i], request, rawPath);
    if (rule.any && hit) return true;
    if (!rule.any && !hit) return false;
  }
  return !rule.any;
}

/** The index of the first rule that matches, or -1. */
export function firstMatchingRule(rules: Rule[], request: RequestView, rawPath: bool): i32 {
  for (let i = 0; i < rules.length; i++) if (ruleMatches(rules[i], request, rawPath)) return i;
  return -1;
}
