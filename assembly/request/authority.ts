// Host matching as Envoy picks a virtual host: against the whole :authority, port included (unless the listener
// strips it, which Envoy does before any filter runs), case-insensitively, with the forms of a virtual host's
// `domains`: an exact name, `*` alone, a suffix wildcard (`*.example.com`) and a prefix wildcard (`example.com:*`,
// the form Istio generates for every port). A wildcard matches at least one character. So a rule for
// `status.example.com` does not apply to `status.example.com:8080`, which Envoy would not route to that host either.
import { lowerCaseAscii } from "../wire/ascii";

export enum WildcardKind {
  None = 0,
  Any = 1,
  Suffix = 2,
  Prefix = 3,
}

export class HostPattern {
  private constructor(readonly text: string, private kind: WildcardKind, private fixed: string) {}

  /** A `domains` entry, lower-cased; null when a `*` stands anywhere but first or last, or twice. */
  static parse(text: string): HostPattern | null {
    const lower = lowerCaseAscii(text);
    if (lower.length == 0) return null;
    if (lower == "*") return new HostPattern(lower, WildcardKind.Any, "");
    const star = lower.indexOf("*");
    if (star < 0) return new HostPattern(lower, WildcardKind.None, lower);
    if (lower.lastIndexOf("*") != star) return null;
    if (star == 0) return new HostPattern(lower, WildcardKind.Suffix, lower.substring(1));
    if (star == lower.length - 1) return new HostPattern(lower, WildcardKind.Prefix, lower.substring(0, star));
    return null;
  }

  /** `authority` must be lower-case already (hostOf gives it so). */
  matches(authority: string): bool {
    switch (this.kind) {
      case WildcardKind.Any: return true;
      case WildcardKind.Suffix: return authority.length > this.fixed.length && authority.endsWith(this.fixed);
      case WildcardKind.Prefix: return authority.length > this.fixed.length && authority.startsWith(this.fixed);
      default: return authority == this.fixed;
    }
  }
}

/** The name part of an authority (without port; a bracketed IPv6 literal keeps its brackets). */
export function hostName(authority: string): string {
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    return close < 0 ? authority : authority.substring(0, close + 1);
  }
  const colon = authority.lastIndexOf(":");
  return colon < 0 ? authority : authority.substring(0, colon);
}

/**
 * True when the host name ends in a dot (`partner.example.com.`): Envoy routes it as another host than the name
 * without the dot (unless the listener's strip_trailing_host_dot removes it before any filter), while most
 * upstreams treat the two as one. Filters that match on hosts refuse it.
 */
export function hasTrailingDot(authority: string): bool {
  const name = hostName(authority);
  return name.length > 1 && name.endsWith(".");
}
