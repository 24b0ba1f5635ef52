// Conditions combined: a group holds when all (or any) of its conditions hold.
import { RequestView } from "../../assembly/request_view";
import { Condition, conditionMatches } from "./condition";

export class ConditionGroup {
  /** true: any condition suffices; false: all must hold. */
  any: bool = false;
  conditions: Condition[] = [];

  /** `rawPath`: path conditions see :path as sent instead of its canonical form. */
  matches(request: RequestView, rawPath: bool): bool {
    const conditions = this.conditions;
    for (let i = 0; i < conditions.length; i++) {
      const hit = conditionMatches(conditions[i], request, rawPath);
      if (this.any && hit) return true;
      if (!this.any && !hit) return false;
    }
    return !this.any;
  }

  readsPath(): bool {
    for (let i = 0; i < this.conditions.length; i++) if (this.conditions[i].readsPath()) return true;
    return false;
  }
}
