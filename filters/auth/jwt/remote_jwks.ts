// A JWKS fetched from a URL through an Envoy cluster, per worker. The copy in hand keeps serving while a refresh is
// out and after a failed one (stale beats down); until one fetch has succeeded, tokens are refused (fail closed).
// Refreshes run on a period (root ticks) and on demand when a token names an unknown kid, at most once per
// min_refetch_seconds so a flood of made-up kids cannot flood the JWKS server.
import { Pair } from "../../../assembly";
import { ConfigReader } from "../../../assembly/config/reader";
import { Jwk, parseJwks } from "../../../common/crypto/jwk";
import { parseJsonBytes } from "../../../assembly/config/json";

export class RemoteJwks {
  cluster: string = "";
  authority: string = "";
  path: string = "";
  timeoutMs: u32 = 1000;
  refreshMs: u64 = 300_000;
  minRefetchMs: u64 = 10_000;
  keys: Jwk[] | null = null;
  /** Bumped whenever the key set changes, so cached verifications made with an older set lapse. */
  generation: u32 = 0;
  private fetchingSinceMs: u64 = 0;
  private lastAttemptMs: u64 = 0;
  private lastSuccessMs: u64 = 0;

  callHeaders(): Pair[] {
    return [new Pair(":method", "GET"), new Pair(":path", this.path), new Pair(":authority", this.authority), new Pair("accept", "application/json")];
  }

  /** A fetch for an unknown kid or a first key set: none out, and none started within min_refetch_seconds. */
  mayFetch(nowMs: u64): bool {
    if (this.inFlight(nowMs)) return false;
    return this.lastAttemptMs == 0 || nowMs - this.lastAttemptMs >= this.minRefetchMs;
  }

  /**
   * A periodic refresh: refresh_seconds after the last success; while the last attempt has not succeeded (never
   * fetched, or the server failing), retried at most once per min_refetch_seconds.
   */
  refreshDue(nowMs: u64): bool {
    if (this.inFlight(nowMs)) return false;
    if (this.keys !== null && this.lastSuccessMs >= this.lastAttemptMs) return nowMs - this.lastSuccessMs >= this.refreshMs;
    return this.mayFetch(nowMs);
  }

  started(nowMs: u64): void {
    this.fetchingSinceMs = nowMs;
    this.lastAttemptMs = nowMs;
  }

  failed(): void {
    this.fetchingSinceMs = 0;
  }

  /** Takes a fetch's answer; the error text, or "" when the keys were replaced. */
  answered(status: string, body: ArrayBuffer | null, nowMs: u64): string {
    this.fetchingSinceMs = 0;
    if (status != "200") return "JWKS fetch answered " + (status.length == 0 ? "nothing" : status);
    if (body === null) return "JWKS fetch answered an empty body";
    const parsed = parseJsonBytes(Uint8Array.wrap(body));
    const document = parsed.value;
    if (document === null) return "JWKS is not JSON: " + parsed.error;
    const jwks = parseJwks(document, false);
    if (jwks.error.length > 0) return "JWKS unusable: " + jwks.error;
    this.keys = jwks.keys;
    this.generation++;
    this.lastSuccessMs = nowMs;
    return "";
  }

  // A call whose answer never came back (its stream ended first) must not block fetching forever.
  inFlight(nowMs: u64): bool {
    return this.fetchingSinceMs != 0 && nowMs - this.fetchingSinceMs < <u64>this.timeoutMs + 1000;
  }
}

export function parseRemoteJwks(r: ConfigReader): RemoteJwks {
  r.onlyFields(["cluster", "authority", "path", "timeout_ms", "refresh_seconds", "min_refetch_seconds"]);
  const remote = new RemoteJwks();
  remote.cluster = r.requiredString("cluster");
  if (r.ok() && remote.cluster.length == 0) r.fail("cluster", "expected a non-empty string");
  remote.authority = r.string("authority", remote.cluster);
  remote.path = r.requiredString("path");
  if (r.ok() && !remote.path.startsWith("/")) r.fail("path", "expected a path starting with \"/\"");
  remote.timeoutMs = <u32>r.int("timeout_ms", 1000, 1, 60000);
  remote.refreshMs = <u64>r.int("refresh_seconds", 300, 1, 86400) * 1000;
  remote.minRefetchMs = <u64>r.int("min_refetch_seconds", 10, 0, 3600) * 1000;
  return remote;
}
