// The auth HTTP context: selects the rule, asks its providers in order, then lets the request through with the
// verified identity as headers, or answers 401/403 itself. External auth and an on-demand JWKS fetch pause the
// request; their answers come back here and the evaluation goes on where it stopped.
import { Action, NO_GRPC_STATUS, Pair, nowNanos } from "../../assembly";
import { PATH_PROBLEM_TEXT, PathProblem } from "../../assembly/request/path";
import { Denial, errorCode } from "./deny";
import { Identity, identityHeaders, passIdentityUpstream, upstreamHeaders } from "./identity";
import { ExternalProvider } from "./providers/external";
import { JwtProvider } from "./providers/jwt";
import { Outcome, Reason, Verdict } from "./providers/outcome";
import { Provider, ProviderKind } from "./providers/provider";
import { RequestView } from "../../assembly/request_view";
import { AuthConfig } from "./config";
import { JwksCoordinator, KeyWaiter } from "./jwt/jwks_coordinator";
import { FilterMetrics } from "./metrics";
import { Rule, RuleMode, selectRule } from "./rules";

/** What a public path passes upstream: no identity, so only client-sent protected headers are dropped. */
const NO_HEADERS = new Array<Pair>(0);
const NO_NAMES = new Array<string>(0);

enum Pending {
  None = 0,
  External = 1,
  Jwks = 2,
}

export class AuthHttp extends KeyWaiter {
  // Set by onRequestHeaders before any other callback reads them: no placeholder objects per request.
  private request!: RequestView;
  private rule!: Rule;
  /** The provider of rule.providers being asked. */
  private cursor: i32 = 0;
  /** The first verified identity; the rest (all_of with several providers) in `others`, made only then. */
  private identity: Identity | null = null;
  private others: Identity[] | null = null;
  /** any_of: the first rejection, reported when no provider succeeds. */
  private failure: Outcome | null = null;
  private failedProvider: Provider | null = null;
  private pending: Pending = Pending.None;

  constructor(id: u32, private config: AuthConfig, private metrics: FilterMetrics, private jwks: JwksCoordinator) {
    super(id);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    const config = this.config;
    this.request = new RequestView(true);
    const rule = selectRule(config.rules, config.defaultRule, config.rawPath, this.request);
    if (rule === null) {
      this.refuseAmbiguous();
      return Action.Pause;
    }
    this.rule = rule;
    if (rule.mode == RuleMode.Public) {
      this.metrics.publicAllowed.increment();
      passIdentityUpstream(this, this.request, NO_HEADERS, config.protectedHeaders, NO_NAMES);
      return Action.Continue;
    }
    if (rule.mode == RuleMode.Deny) {
      this.metrics.deniedNoRule.increment();
      this.refuse(new Denial(403, "forbidden", "no rule allows this request", []));
      return Action.Pause;
    }
    return this.evaluate(false);
  }

  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
    const pending = this.pending;
    this.pending = Pending.None;
    const provider = this.config.providers[this.rule.providers[this.cursor]];
    if (pending == Pending.Jwks) {
      this.jwks.jwksAnswered(changetype<JwtProvider>(provider), numHeaders, this.getHttpCallResponseHeaders(), this.getHttpCallResponseBody(), this.id);
      this.keysArrived();
      return;
    }
    if (this.record(provider, this.externalAnswer(changetype<ExternalProvider>(provider), numHeaders))) return;
    this.cursor++;
    this.evaluate(true);
  }

  /** A JWKS fetch this request waited for has ended: ask the provider again; a second miss is final (no fetch loop). */
  keysArrived(): void {
    this.pending = Pending.None;
    const provider = this.config.providers[this.rule.providers[this.cursor]];
    if (this.record(provider, changetype<JwtProvider>(provider).authenticateWithoutFetch(this.request))) return;
    this.cursor++;
    this.evaluate(true);
  }

  /** Asks the providers from the cursor on; Pause while a call is out or after answering. */
  private evaluate(paused: bool): Action {
    const providers = this.config.providers;
    for (; this.cursor < this.rule.providers.length; this.cursor++) {
      const provider = providers[this.rule.providers[this.cursor]];
      if (provider.kind == ProviderKind.External) {
        if (this.callExternal(changetype<ExternalProvider>(provider))) return Action.Pause;
        continue;
      }
      let outcome = provider.authenticate(this.request);
      if (outcome.verdict == Verdict.KeysNeeded) {
        const jwt = changetype<JwtProvider>(provider);
        if (this.fetchKeys(jwt)) return Action.Pause;
        outcome = jwt.keysMissingOutcome();
      }
      if (this.record(provider, outcome)) return Action.Pause;
    }
    return this.decide(paused);
  }

  /** Notes one provider's outcome; true when the request was answered (denied) already. */
  private record(provider: Provider, outcome: Outcome): bool {
    const metrics = this.metrics.providers[this.rule.providers[this.cursor]];
    if (outcome.cacheHit) {
      if (provider.kind == ProviderKind.Basic) this.metrics.basicCacheHits.increment();
      else this.metrics.tokenCacheHits.increment();
    }
    else if (outcome.remoteKeysUsed) this.metrics.jwksCacheHits.increment();
    if (outcome.verdict == Verdict.Authenticated) {
      metrics.allowed.increment();
      this.addIdentity(outcome.identity!);
      // any_of: the first valid credential decides.
      if (this.rule.mode == RuleMode.AnyOf) this.cursor = this.rule.providers.length;
      return false;
    }
    if (outcome.verdict == Verdict.Rejected) metrics.denied.increment();
    if (this.rule.mode == RuleMode.AllOf) {
      this.denyUnauthenticated(provider, outcome);
      return true;
    }
    if (outcome.verdict == Verdict.Rejected && this.failure === null) {
      this.failure = outcome;
      this.failedProvider = provider;
    }
    return false;
  }

  private decide(paused: bool): Action {
    const identity = this.identity;
    if (identity === null) {
      const failure = this.failure;
      const provider = this.failedProvider;
      if (failure !== null && provider !== null) this.denyUnauthenticated(provider, failure);
      else this.denyMissing();
      return Action.Pause;
    }
    if (!this.rule.allow.allows(identity)) {
      this.metrics.deniedForbidden.increment();
      this.refuse(new Denial(403, "forbidden", "'" + identity.consumer + "' is not allowed here", []));
      return Action.Pause;
    }
    this.metrics.allowed.increment();
    const others = this.others;
    if (others === null) {
      passIdentityUpstream(this, this.request, upstreamHeaders(identity), this.config.protectedHeaders, identity.stripped);
    } else {
      const all: Identity[] = [identity];
      for (let i = 0; i < others.length; i++) all.push(others[i]);
      passIdentityUpstream(this, this.request, identityHeaders(all), this.config.protectedHeaders, strippedHeaders(all));
    }
    if (paused) this.resumeRequest();
    return Action.Continue;
  }

  private addIdentity(identity: Identity): void {
    if (this.identity === null) {
      this.identity = identity;
      return;
    }
    let others = this.others;
    if (others === null) {
      others = new Array<Identity>();
      this.others = others;
    }
    others.push(identity);
  }

  private denyMissing(): void {
    this.metrics.deniedMissing.increment();
    const challenges = new Array<string>();
    const providers = this.config.providers;
    for (let i = 0; i < this.rule.providers.length; i++) {
      const challenge = providers[this.rule.providers[i]].challenge(this.config.realm, null);
      if (challenge !== null && !challenges.includes(challenge)) challenges.push(challenge);
    }
    this.refuse(new Denial(401, errorCode(Reason.Missing), "credentials are missing", challenges));
  }

  private denyUnauthenticated(provider: Provider, outcome: Outcome): void {
    const external = outcome.response;
    if (external !== null) {
      this.metrics.deniedExternal.increment();
      this.sendLocalResponse(external.status, "auth.external", external.body, external.headers, NO_GRPC_STATUS);
      return;
    }
    if (outcome.verdict == Verdict.Missing) {
      this.metrics.deniedMissing.increment();
    } else {
      this.metrics.denied(outcome.reason).increment();
    }
    const challenge = provider.challenge(this.config.realm, outcome.verdict == Verdict.Missing ? null : outcome);
    const challenges = challenge === null ? new Array<string>() : [challenge];
    this.refuse(new Denial(401, errorCode(outcome.reason), outcome.description, challenges));
  }

  /** 400: a rule needed the path or the host, and the request's means different things to different servers. */
  private refuseAmbiguous(): void {
    const problem = this.request.canonicalPath().problem;
    if (problem != PathProblem.None) {
      this.metrics.deniedInvalidPath.increment();
      this.refuse(new Denial(400, "invalid_path", PATH_PROBLEM_TEXT[problem], []));
    } else {
      this.metrics.deniedInvalidHost.increment();
      this.refuse(new Denial(400, "invalid_host", "the host ends in a dot", []));
    }
  }

  private refuse(denial: Denial): void {
    this.sendLocalResponse(denial.status, "auth." + denial.error, denial.body(), denial.headers(), NO_GRPC_STATUS);
  }

  private callExternal(provider: ExternalProvider): bool {
    this.metrics.externalCalls.increment();
    const call = this.httpCall(provider.cluster, provider.callHeaders(this.request), new ArrayBuffer(0), [], provider.timeoutMs);
    if (call.ok()) {
      this.pending = Pending.External;
      return true;
    }
    return this.record(provider, this.externalFailed(provider));
  }

  private externalAnswer(provider: ExternalProvider, numHeaders: u32): Outcome {
    if (numHeaders == 0) return this.externalFailed(provider);
    const headers = this.getHttpCallResponseHeaders();
    let status: u32 = 0;
    for (let i = 0; i < headers.length; i++) if (headers[i].key == ":status") status = <u32>I32.parseInt(headers[i].value);
    if (status >= 200 && status < 300) return Outcome.authenticated(provider.identityFrom(headers));
    const body = this.getHttpCallResponseBody();
    if (status < 100 || status > 599 || isEnvoyCallFailure(status, body)) return this.externalFailed(provider);
    const forwarded = new Array<Pair>();
    for (let i = 0; i < headers.length; i++) {
      const name = headers[i].key;
      if (name == "content-type" || name == "www-authenticate" || name == "location") forwarded.push(headers[i]);
    }
    return Outcome.externalDenial(status, body === null ? new ArrayBuffer(0) : body, forwarded);
  }

  private externalFailed(provider: ExternalProvider): Outcome {
    this.metrics.externalFailures.increment();
    if (provider.failureModeAllow) {
      this.metrics.externalFailureModeAllowed.increment();
      return Outcome.authenticated(provider.failureModeIdentity());
    }
    const denial = new Denial(provider.statusOnError, "auth_unavailable", "the authorization service did not answer", []);
    return Outcome.externalDenial(denial.status, denial.body(), denial.headers());
  }

  /** True when the request now waits for keys: its own fetch, or one already out (another request's or a tick's). */
  private fetchKeys(provider: JwtProvider): bool {
    const remote = provider.remote;
    if (remote === null) return false;
    const nowMs = nowNanos() / 1_000_000;
    if (remote.inFlight(nowMs)) {
      this.jwks.waitForKeys(provider, this.id);
      this.pending = Pending.Jwks;
      return true;
    }
    if (!remote.mayFetch(nowMs)) return false;
    this.metrics.jwksFetches.increment();
    const call = this.httpCall(remote.cluster, remote.callHeaders(), new ArrayBuffer(0), [], remote.timeoutMs);
    if (!call.ok()) {
      this.metrics.jwksFetchFailures.increment();
      remote.failed();
      return false;
    }
    remote.started(nowMs);
    this.pending = Pending.Jwks;
    return true;
  }
}

// Envoy answers a call that timed out or could not connect with its own local reply (504 "upstream request timeout",
// 503 "upstream connect error ..." / "no healthy upstream"), not with a failed callback: those are failures of the
// service, not its decision.
function isEnvoyCallFailure(status: u32, body: ArrayBuffer | null): bool {
  if (status != 503 && status != 504) return false;
  const text = body === null ? "" : String.UTF8.decode(body);
  return text == "upstream request timeout" || text.startsWith("upstream connect error") || text == "no healthy upstream";
}

/** Every identity's headers to drop. */
function strippedHeaders(identities: Identity[]): string[] {
  const stripped = new Array<string>();
  for (let i = 0; i < identities.length; i++) {
    const own = identities[i].stripped;
    for (let j = 0; j < own.length; j++) stripped.push(own[j]);
  }
  return stripped;
}
