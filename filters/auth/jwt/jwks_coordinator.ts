// The remote JWKS fetches of one worker: the refreshes its ticks send, and the requests paused until a fetch in
// flight ends (whoever sent it: a tick, or another request). One answer may wake many streams.
import { Context, HttpContext, Pair, findHttpContext, logWarn, nowNanos, setEffectiveContext } from "../../../assembly";
import { FilterMetrics } from "../metrics";
import { JwtProvider } from "../providers/jwt";
import { Provider, ProviderKind } from "../providers/provider";

/** A stream that can wait for keys: told when the fetch it waits for has ended. */
export abstract class KeyWaiter extends HttpContext {
  abstract keysArrived(): void;
}

export class JwksCoordinator {
  /** Periodic refresh calls in flight: call token -> provider. */
  private refreshes: Map<u32, JwtProvider> = new Map<u32, JwtProvider>();
  /** Requests paused until a JWKS fetch in flight ends: provider name -> HTTP context ids. */
  private waiting: Map<string, u32[]> = new Map<string, u32[]>();

  constructor(private metrics: FilterMetrics) {}

  /** From the root's onTick: refreshes the key sets that are due; `caller` sends the calls. */
  tick(caller: Context, providers: Provider[]): void {
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
      const call = caller.httpCall(remote.cluster, remote.callHeaders(), new ArrayBuffer(0), [], remote.timeoutMs);
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

  /** The answer to a tick's refresh; false when `token` is none of them. */
  refreshAnswered(token: u32, numHeaders: u32, headers: Pair[], body: ArrayBuffer | null): bool {
    if (!this.refreshes.has(token)) return false;
    const provider = this.refreshes.get(token);
    this.refreshes.delete(token);
    this.jwksAnswered(provider, numHeaders, headers, body, 0);
    return true;
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
      changetype<KeyWaiter>(context).keysArrived();
    }
    if (callerId != 0) setEffectiveContext(callerId);
  }
}
