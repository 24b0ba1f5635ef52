// The auth root context: the configuration, the stats, and the worker's remote JWKS fetches (refreshed from ticks;
// an HTTP context may fetch on demand). Each HTTP context gets the configuration, the stats and the fetches, never
// the root.
import { HttpContext, RootContext, logInfo, readPluginConfiguration } from "../../assembly";
import { AuthConfig, parseConfig } from "./config";
import { AuthHttp } from "./http";
import { JwksCoordinator } from "./jwt/jwks_coordinator";
import { FilterMetrics } from "./metrics";
import { JwtProvider } from "./providers/jwt";
import { ProviderKind } from "./providers/provider";

const TICK_MS: u32 = 500;

export class AuthRoot extends RootContext {
  private config: AuthConfig = new AuthConfig();
  private metrics!: FilterMetrics;
  private jwks!: JwksCoordinator;

  onVmStart(vmConfigurationSize: u32): bool {
    this.metrics = new FilterMetrics();
    this.jwks = new JwksCoordinator(this.metrics);
    return true;
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<AuthConfig>("auth", parseConfig);
    if (!parsed.ok()) return false;
    const config = parsed.value;
    this.config = config;
    const names = new Array<string>();
    let remote = 0;
    for (let i = 0; i < config.providers.length; i++) {
      names.push(config.providers[i].name);
      if (config.providers[i].kind == ProviderKind.Jwt && changetype<JwtProvider>(config.providers[i]).remote !== null) remote++;
    }
    this.metrics.defineProviders(names);
    if (remote > 0) this.setTickPeriod(TICK_MS);
    logInfo("auth: configured " + config.providers.length.toString() + " provider(s), " + config.rules.length.toString() + " rule(s)");
    return true;
  }

  onTick(): void {
    this.jwks.tick(this, this.config.providers);
  }

  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
    this.jwks.refreshAnswered(token, numHeaders, this.getHttpCallResponseHeaders(), this.getHttpCallResponseBody());
  }

  createHttpContext(id: u32): HttpContext | null {
    return new AuthHttp(id, this.config, this.metrics, this.jwks);
  }
}
