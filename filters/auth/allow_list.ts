// Per-rule authorization of an authenticated identity: which consumers, and which claims (scope contains a word,
// an array such as groups includes a value, or any claim equals a value). Every listed condition must hold.
import { ConfigReader } from "../../assembly/config/reader";
import { Identity } from "./identity";
import { claimAt, claimText } from "./jwt/claims";

export enum ClaimTest {
  /** A space-separated string (OAuth scope) contains the word, or an array holds it. */
  Contains = 0,
  /** An array (such as groups) holds the value. */
  Includes = 1,
  Equals = 2,
}

export class ClaimCondition {
  constructor(public path: string[], public test: ClaimTest, public value: string) {}

  holds(identity: Identity): bool {
    const claims = identity.claims;
    if (claims === null) return false;
    const claim = claimAt(claims, this.path);
    if (claim === null) return false;
    if (claim.isArray()) {
      if (this.test == ClaimTest.Equals) return false;
      const items = claim.asArray();
      for (let i = 0; i < items.length; i++) if (items[i].isString() && items[i].asString() == this.value) return true;
      return false;
    }
    if (this.test == ClaimTest.Includes) return false;
    const text = claimText(claim);
    if (text === null) return false;
    if (this.test == ClaimTest.Contains) return text.split(" ").includes(this.value);
    return text == this.value;
  }
}

export class AllowList {
  consumers: string[] = [];
  claims: ClaimCondition[] = [];

  /** The identity the rule judges is the first provider's (any_of: the one that succeeded). */
  allows(identity: Identity): bool {
    if (this.consumers.length > 0 && !this.consumers.includes(identity.consumer)) return false;
    for (let i = 0; i < this.claims.length; i++) if (!this.claims[i].holds(identity)) return false;
    return true;
  }
}

export function parseAllowList(r: ConfigReader): AllowList {
  r.onlyFields(["consumers", "claims"]);
  const allow = new AllowList();
  allow.consumers = r.stringArray("consumers");
  const claims = r.objects("claims");
  for (let i = 0; i < claims.length && r.ok(); i++) {
    const c = claims[i];
    c.onlyFields(["claim", "contains", "includes", "equals"]);
    const claim = c.requiredString("claim");
    if (c.ok() && claim.length == 0) c.fail("claim", "expected a claim name or dotted path");
    const given = (c.has("contains") ? 1 : 0) + (c.has("includes") ? 1 : 0) + (c.has("equals") ? 1 : 0);
    if (c.ok() && given != 1) {
      c.fail("", "expected exactly one of \"contains\", \"includes\" or \"equals\"");
      break;
    }
    const test = c.has("contains") ? ClaimTest.Contains : c.has("includes") ? ClaimTest.Includes : ClaimTest.Equals;
    const field = test == ClaimTest.Contains ? "contains" : test == ClaimTest.Includes ? "includes" : "equals";
    allow.claims.push(new ClaimCondition(claim.split("."), test, c.string(field, "")));
  }
  return allow;
}
