// The auth root context: configuration, stats, and the remote JWKS refreshes (one key set per worker, refreshed
// from ticks; an HTTP context may fetch on demand and hands the answer here).
import {
  HttpContext, Pair, RootContext, findHttpContext, logError, logInfo, logWarn, nowNanos, setEffectiveContext,
} from "../../assembly";
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
  /** Requests paused until a JWKS fetch in flight ends: provider name -> HTTP context ids. */
  private waiting: Map<string, u32[]> = new Map<string, u32[]>();

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
      if (remote === null) continue;
      // Waiters of a fetch whose answer was lost (its stream ended first) are not left hanging.
      if (!remote.inFlight(nowMs)) this.wakeWaiters(provider, 0);
      if (!remote.refreshDue(nowMs)) continue;
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
    this.jwksAnswered(provider, numHeaders, this.getHttpCallResponseHeaders(), this.getHttpCallResponseBody(), 0);
  }

  waitForKeys(provider: JwtProvider, contextId: u32): void {
    if (!this.waiting.has(provider.name)) this.waiting.set(provider.name, []);
    this.waiting.get(provider.name).push(contextId);
  }

  /**
   * A JWKS fetch's answer, from a tick's refresh or a request's on-demand fetch (`callerId`, 0 for the root). The
   * requests waiting for it go on; the caller's stream is made the effective context again afterwards.
   */
  jwksAnswered(provider: JwtProvider, numHeaders: u32, headers: Pair[], body: ArrayBuffer | null, callerId: u32): void {
    const remote = provider.remote;
    if (remote === null) return;
    let status = "";
    for (let i = 0; i < headers.length && numHeaders > 0; i++) if (headers[i].key == ":status") status = headers[i].value;
    const error = remote.answered(status, body, nowNanos() / 1_000_000);
    if (error.length > 0) {
      this.metrics.jwksFetchFailures.increment();
      logWarn("auth: provider '" + provider.name + "': " + error + (remote.keys === null ? " (no keys yet: its tokens are refused)" : " (keeping the keys in hand)"));
    }
    this.wakeWaiters(provider, callerId);
  }

  // Each waiting stream is made the host's effective context before it goes on, as the SDK does for call answers.
  private wakeWaiters(provider: JwtProvider, callerId: u32): void {
    if (!this.waiting.has(provider.name)) return;
    const ids = this.waiting.get(provider.name);
    if (ids.length == 0) return;
    this.waiting.set(provider.name, []);
    for (let i = 0; i < ids.length; i++) {
      const context = findHttpContext(ids[i]);
      if (context === null) continue;
      setEffectiveContext(ids[i]);
      changetype<AuthHttp>(context).keysArrived();
    }
    if (callerId != 0) setEffectiveContext(callerId);
  }

  createHttpContext(id: u32): HttpContext | null {
    return new AuthHttp(id, this);
  }
}
