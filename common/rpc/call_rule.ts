// Rules over RPC calls, shared by the Dubbo and Thrift filters: a call is a service, a method and string
// attributes (Dubbo's group, version and attachments; Thrift's header values). Rules are tried in order; the first
// whose every given condition equals the call's decides.

/** What a codec read of one call. */
export class CallInfo {
  service: string = "";
  method: string = "";
  /** Attribute name/value pairs. */
  attributes: string[] = [];

  attribute(name: string): string | null {
    for (let i = 0; i < this.attributes.length; i += 2) if (this.attributes[i] == name) return this.attributes[i + 1];
    return null;
  }
}

export enum RuleAction {
  Allow,
  Deny,
}

export class CallMatch {
  service: string | null = null;
  method: string | null = null;
  /** Attribute name/value pairs, each required. */
  attributes: string[] = [];

  requireAttribute(name: string, value: string): void {
    this.attributes.push(name);
    this.attributes.push(value);
  }

  matches(call: CallInfo): bool {
    const service = this.service;
    if (service !== null && service != call.service) return false;
    const method = this.method;
    if (method !== null && method != call.method) return false;
    for (let i = 0; i < this.attributes.length; i += 2) {
      const value = call.attribute(this.attributes[i]);
      if (value === null || value != this.attributes[i + 1]) return false;
    }
    return true;
  }
}

export class CallRule {
  constructor(public name: string, public match: CallMatch, public action: RuleAction, public message: string) {}
}

/** The first rule matching `call`, or null. */
export function firstMatch(rules: CallRule[], call: CallInfo): CallRule | null {
  for (let i = 0; i < rules.length; i++) if (rules[i].match.matches(call)) return rules[i];
  return null;
}
