// The auth filter's stats, shown on /stats as wasmcustom.auth.<name>. Per-provider counters carry the provider's
// name in the third segment (auth.provider.<name>.<counter>), for a stats_tags regex to turn into a label.
import { Counter } from "../../assembly";
import { Reason } from "./providers/outcome";

export class ProviderMetrics {
  allowed: Counter;
  denied: Counter;

  constructor(provider: string) {
    this.allowed = new Counter("auth.provider." + provider + ".allowed");
    this.denied = new Counter("auth.provider." + provider + ".denied");
  }
}

export class FilterMetrics {
  allowed: Counter = new Counter("auth.allowed");
  publicAllowed: Counter = new Counter("auth.public");
  deniedMissing: Counter = new Counter("auth.denied.missing");
  deniedInvalid: Counter = new Counter("auth.denied.invalid");
  deniedExpired: Counter = new Counter("auth.denied.expired");
  deniedNotYetValid: Counter = new Counter("auth.denied.not_yet_valid");
  deniedUnavailable: Counter = new Counter("auth.denied.unavailable");
  deniedForbidden: Counter = new Counter("auth.denied.forbidden");
  deniedExternal: Counter = new Counter("auth.denied.external");
  deniedNoRule: Counter = new Counter("auth.denied.no_rule");
  deniedInvalidPath: Counter = new Counter("auth.denied.invalid_path");
  deniedInvalidHost: Counter = new Counter("auth.denied.invalid_host");
  jwksFetches: Counter = new Counter("auth.jwks.fetches");
  jwksFetchFailures: Counter = new Counter("auth.jwks.fetch_failures");
  jwksCacheHits: Counter = new Counter("auth.jwks.cache_hits");
  tokenCacheHits: Counter = new Counter("auth.token_cache.hits");
  basicCacheHits: Counter = new Counter("auth.basic_cache.hits");
  externalCalls: Counter = new Counter("auth.external.calls");
  externalFailures: Counter = new Counter("auth.external.failures");
  externalFailureModeAllowed: Counter = new Counter("auth.external.failure_mode_allowed");
  /** Per provider, in configuration order (defineProviders). */
  providers: ProviderMetrics[] = [];

  /** The per-provider counters of a new configuration. */
  defineProviders(names: string[]): void {
    const providers = new Array<ProviderMetrics>();
    for (let i = 0; i < names.length; i++) providers.push(new ProviderMetrics(names[i]));
    this.providers = providers;
  }

  denied(reason: Reason): Counter {
    if (reason == Reason.Expired) return this.deniedExpired;
    if (reason == Reason.NotYetValid) return this.deniedNotYetValid;
    if (reason == Reason.Unavailable) return this.deniedUnavailable;
    if (reason == Reason.Missing) return this.deniedMissing;
    return this.deniedInvalid;
  }
}
