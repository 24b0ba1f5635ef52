// Metrics as Envoy keeps them for Wasm: one process-wide stat per name (shown as wasmcustom.<name> on /stats),
// reached from each VM through ids of its own (cpp-host: id += 4, low two bits = the type).
import { MetricType, Status } from "./abi.js";

/** Envoy puts every Wasm metric in this stats namespace. */
export const CUSTOM_STAT_NAMESPACE = "wasmcustom";

export interface Stat {
  name: string;
  type: MetricType;
  /** Counter and gauge value; for a histogram, the number of samples. */
  value: number;
  /** Histogram samples, in the order they were recorded. */
  samples: number[];
}

const TYPE_MASK = 0x3;
const ID_INCREMENT = 0x4;

/** Every metric any VM of the host defined, by name. */
export class StatsStore {
  private readonly stats = new Map<string, Stat>();

  /** The stat called `name` (with or without the wasmcustom. prefix Envoy's /stats shows), if defined. */
  get(name: string): Stat | undefined {
    const prefix = `${CUSTOM_STAT_NAMESPACE}.`;
    return this.stats.get(name.startsWith(prefix) ? name.slice(prefix.length) : name);
  }

  /** Counter or gauge value, or the number of histogram samples; 0 for a metric never defined. */
  value(name: string): number {
    return this.get(name)?.value ?? 0;
  }

  /** Every stat as Envoy's /stats names it (wasmcustom.<name>: value). */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.stats.values()].map((s) => [`${CUSTOM_STAT_NAMESPACE}.${s.name}`, s.value]));
  }

  define(name: string, type: MetricType): Stat {
    let stat = this.stats.get(name);
    if (!stat) this.stats.set(name, (stat = { name, type, value: 0, samples: [] }));
    return stat;
  }
}

/** One VM's metric ids; redefining a name returns a new id for the same stat, as in Envoy. */
export class MetricIds {
  private readonly byId = new Map<number, Stat>();
  private readonly nextId = [MetricType.Counter, MetricType.Gauge, MetricType.Histogram];

  constructor(private readonly store: StatsStore) {}

  define(type: number, name: string): { status: Status; id?: number } {
    if (type > MetricType.Histogram) return { status: Status.BadArgument };
    const id = (this.nextId[type] += ID_INCREMENT);
    this.byId.set(id, this.store.define(name, type));
    return { status: Status.Ok, id };
  }

  /** Counters take only positive offsets; gauges go up or down; histograms take no increments. */
  increment(id: number, offset: bigint): Status {
    const type = id & TYPE_MASK;
    if (type !== MetricType.Counter && type !== MetricType.Gauge) return Status.BadArgument;
    const stat = this.byId.get(id);
    if (!stat) return Status.NotFound;
    if (type === MetricType.Counter && offset <= 0n) return Status.BadArgument;
    stat.value += Number(offset);
    return Status.Ok;
  }

  /** Envoy's record: a counter adds, a gauge is set, a histogram records a sample. */
  record(id: number, value: bigint): Status {
    const stat = this.byId.get(id);
    if (!stat) return Status.NotFound;
    const v = Number(value);
    if (stat.type === MetricType.Counter) stat.value += v;
    else if (stat.type === MetricType.Gauge) stat.value = v;
    else {
      stat.samples.push(v);
      stat.value = stat.samples.length;
    }
    return Status.Ok;
  }

  get(id: number): { status: Status; value?: number } {
    const type = id & TYPE_MASK;
    if (type !== MetricType.Counter && type !== MetricType.Gauge) return { status: Status.BadArgument };
    const stat = this.byId.get(id);
    return stat ? { status: Status.Ok, value: stat.value } : { status: Status.NotFound };
  }
}
