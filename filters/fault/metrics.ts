// The fault filter's stats, on /stats as wasmcustom.fault.<name>. Per-experiment stats carry the experiment's name
// in the middle (fault.experiment.<name>.injected.abort), for a stats_tags regex to turn into a Prometheus label.
import { Counter, Gauge } from "../../assembly";

export enum FaultKind {
  Delay = 0,
  Abort = 1,
  ResponseDelay = 2,
  ResponseThrottle = 3,
  ResponseReplace = 4,
}

export const FAULT_KIND_NAMES: string[] = ["delay", "abort", "response_delay", "response_throttle", "response_replace"];

export class ExperimentMetrics {
  /** Per FaultKind: requests that got it (a delayed abort counts as both). */
  injected: Counter[] = [];
  /** Selected, but outside the time box. */
  passedTimeBox: Counter;
  /** Selected, but max_active faults were active. */
  passedActiveCap: Counter;
  /** Selected, but this minute's max_per_minute were spent. */
  passedBudget: Counter;
  /** Faults of this experiment in progress, over every worker. */
  active: Gauge;

  constructor(name: string) {
    const prefix = "fault.experiment." + name + ".";
    this.passedTimeBox = new Counter(prefix + "passed.time_box");
    this.passedActiveCap = new Counter(prefix + "passed.active_cap");
    this.passedBudget = new Counter(prefix + "passed.budget");
    this.active = new Gauge(prefix + "active");
    for (let i = 0; i < FAULT_KIND_NAMES.length; i++) this.injected.push(new Counter(prefix + "injected." + FAULT_KIND_NAMES[i]));
  }
}

export class FilterMetrics {
  experiments: ExperimentMetrics[] = [];
  /** Faults in progress, every experiment and header fault, over every worker. */
  active: Gauge;
  /** Requests hurt as their fault headers asked. */
  headerInjected: Counter;
  /** Requests whose fault headers were refused (sender not allowed) and removed. */
  headerRefused: Counter;

  constructor(names: string[]) {
    this.active = new Gauge("fault.active");
    this.headerInjected = new Counter("fault.header.injected");
    this.headerRefused = new Counter("fault.header.refused");
    for (let i = 0; i < names.length; i++) this.experiments.push(new ExperimentMetrics(names[i]));
  }
}
