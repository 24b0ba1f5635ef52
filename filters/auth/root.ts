// The auth root context: configuration, stats, and the remote JWKS refreshes (one key set per worker, refreshed
// from ticks; an HTTP context may fetch on demand and hands the answer here).
import { HttpContext, Pair, RootContext, logError, logInfo, logWarn, nowNanos } from "../../assembly";
import { AuthConfig, parseConfig } from "./config";
import { AuthHttp } from "./http";
import { FilterMetrics, ProviderMetrics } from "./metrics";
import { JwtProvider } from "./providers/jwt";
import { ProviderKind } from "./providers/provider";

const TICK_MS: u32 = 500;

export class AuthRoot extends RootContext {
  config: AuthConfig = new AuthConfig();
  providerMetrics: ProviderMetrics[] = [];
  metrics!: FilterMetrics;
  /** Periodic refresh calls in flight: call token -> provider. */
  private refreshes: Map<u32, JwtProvider> = new Map<u32, JwtProvider>();

  onVmStart(vmConfigurationSize: u32): bool {
    this.metrics = new FilterMetrics();
    return true;
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = parseConfig(String.UTF8.decode(this.getPluginConfiguration()));
    const config = parsed.config;
    if (config === null) {
      logError("auth: invalid configuration: " + parsed.error);
      return false;
    }
    this.config = config;
    this.providerMetrics = [];
    let remote = 0;
    for (let i = 0; i < config.providers.length; i++) {
      this.providerMetrics.push(new ProviderMetrics(config.providers[i].name));
      if (config.providers[i].kind == ProviderKind.Jwt && changetype<JwtProvider>(config.providers[i]).remote !== null) remote++;
    }
    if (remote > 0) this.setTickPeriod(TICK_MS);
    logInfo("auth: configured " + config.providers.length.toString() + " provider(s), " + config.rules.length.toString() + " rule(s)");
    return true;
  }

  onTick(): void {
    const providers = this.config.providers;
    const nowMs = nowNanos() / 1_000_000;
    for (let i = 0; i < providers.length; i++) {
      if (providers[i].kind != ProviderKind.Jwt) continue;
      const provider = changetype<JwtProvider>(providers[i]);
      const remote = provider.remote;
      if (remote === null || !remote.refreshDue(nowMs)) continue;
      this.metrics.jwksFetches.increment();
      const call = this.httpCall(remote.cluster, remote.callHeaders(), new ArrayBuffer(0), [], remote.timeoutMs);
      if (!call.ok()) {
        this.metrics.jwksFetchFailures.increment();
        logWarn("auth: JWKS fetch for provider '" + provider.name + "' could not be sent (cluster '" + remote.cluster + "')");
        remote.started(nowMs);
        remote.failed();
        continue;
      }
      remote.started(nowMs);
      this.refreshes.set(call.value, provider);
    }
  }

  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
    if (!this.refreshes.has(token)) return;
    const provider = this.refreshes.get(token);
    this.refreshes.delete(token);
    this.jwksAnswered(provider, numHeaders, this.getHttpCallResponseHeaders(), this.getHttpCallResponseBody());
  }

  /** A JWKS fetch's answer, from a tick's refresh or a request's on-demand fetch. */
  jwksAnswered(provider: JwtProvider, numHeaders: u32, headers: Pair[], body: ArrayBuffer | null): void {
    const remote = provider.remote;
    if (remote === null) return;
    let status = "";
    for (let i = 0; i < headers.length && numHeaders > 0; i++) if (headers[i].key == ":status") status = headers[i].value;
    const error = remote.answered(status, body, nowNanos() / 1_000_000);
    if (error.length == 0) return;
    this.metrics.jwksFetchFailures.increment();
    logWarn("auth: provider '" + provider.name + "': " + error + (remote.keys === null ? " (no keys yet: its tokens are refused)" : " (keeping the keys in hand)"));
  }

  createHttpContext(id: u32): HttpContext | null {
    return new AuthHttp(id, this);
  }
}
