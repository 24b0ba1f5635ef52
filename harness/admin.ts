import { setTimeout as sleep } from "node:timers/promises";

export interface ListenerAddress {
  name: string;
  host: string;
  port: number;
}

/** Envoy's admin API: readiness, stats as numbers, listeners and the config dump. */
export class AdminClient {
  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<string> {
    const response = await fetch(this.baseUrl + path);
    const body = await response.text();
    if (!response.ok) throw new Error(`admin GET ${path}: ${response.status} ${body.slice(0, 200)}`);
    return body;
  }

  async ready(): Promise<boolean> {
    try {
      const response = await fetch(this.baseUrl + "/ready");
      await response.text();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** Counters and gauges by name (custom Wasm stats appear without their `wasmcustom.` prefix). */
  async stats(): Promise<Map<string, number>> {
    const dump = JSON.parse(await this.get("/stats?format=json")) as { stats: { name?: string; value?: number }[] };
    const values = new Map<string, number>();
    for (const stat of dump.stats) if (stat.name !== undefined && typeof stat.value === "number") values.set(stat.name, stat.value);
    return values;
  }

  /** One counter or gauge; 0 when Envoy has not created it. */
  async stat(name: string): Promise<number> {
    return (await this.stats()).get(name) ?? 0;
  }

  async prometheus(): Promise<string> {
    return this.get("/stats/prometheus");
  }

  /**
   * Polls until `predicate` holds for stat `name`, for values Envoy updates asynchronously (ticks, queues, closes).
   * Gives up after `timeoutMs` and returns the last value, so the caller's assertion reports what was seen.
   */
  async waitForStat(name: string, predicate: (value: number) => boolean, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.stat(name);
      if (predicate(value) || Date.now() > deadline) return value;
      await sleep(50);
    }
  }

  /** Each listener's bound address; listeners configured with port 0 report the port the kernel chose. */
  async listeners(): Promise<ListenerAddress[]> {
    const dump = JSON.parse(await this.get("/listeners?format=json")) as {
      listener_statuses: { name: string; local_address: { socket_address: { address: string; port_value: number } } }[];
    };
    return dump.listener_statuses.map((l) => ({
      name: l.name,
      host: l.local_address.socket_address.address,
      port: l.local_address.socket_address.port_value,
    }));
  }

  async configDump(): Promise<unknown> {
    return JSON.parse(await this.get("/config_dump"));
  }

  /** The `version` line of /server_info, e.g. `<sha>/1.40.0/Clean/RELEASE/BoringSSL`. */
  async version(): Promise<string> {
    return (JSON.parse(await this.get("/server_info")) as { version: string }).version;
  }
}
