// A rule assigns its tag when its condition group holds. First matching rule wins.
import { RequestView } from "../../assembly/request_view";
import { ConditionGroup } from "../../common/match/condition_group";

export class Rule extends ConditionGroup {
  name: string = "";
  tag: string = "";
}

/** The index of the first rule that matches, or -1. */
export function firstMatchingRule(rules: Rule[], request: RequestView, rawPath: bool): i32 {
  for (let i = 0; i < rules.length; i++) if (rules[i].matches(request, rawPath)) return i;
  return -1;
}
