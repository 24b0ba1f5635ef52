// `npm start`: every filter's demo scenario booted side by side, each printing what it is and what to try.
import { buildFilters } from "./build.js";
import { FILTERS } from "./filters.js";
import { provision } from "./provision.js";

/** A command to paste and what it shows. */
export type Try = [command: string, what: string];

export interface RunningDemo {
  /** Lines describing where things listen. */
  summary: string[];
  tries: Try[];
  /** Things the demo already did to show itself (a burst limited, a split counted), printed as they are. */
  shown?: string[];
  stop(): Promise<void>;
}

export interface Demo {
  name: string;
  start(): Promise<RunningDemo>;
}

export async function runDemos(log: (line: string) => void = console.log): Promise<void> {
  // A filter joins `npm start` through the demo of its catalogue entry.
  const DEMOS = FILTERS.flatMap((entry) => (entry.demo ? [entry.demo()] : []));
  const toolchain = await provision(log);
  buildFilters(log);
  log(`starting ${DEMOS.length} demo(s), each its own Envoy (${toolchain.envoyVersion}) through func-e...`);
  const running: RunningDemo[] = [];
  try {
    for (const demo of DEMOS) {
      const started = await demo.start();
      running.push(started);
      printDemo(demo.name, started, log);
    }
    log("\nCtrl-C stops every Envoy and upstream.");
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
  } finally {
    await Promise.all(running.map((demo) => demo.stop()));
  }
}

function printDemo(name: string, demo: RunningDemo, log: (line: string) => void): void {
  const width = Math.max(...demo.tries.map(([command]) => command.length)) + 2;
  log(`\n== ${name}`);
  for (const line of demo.summary) log(`  ${line}`);
  for (const line of demo.shown ?? []) log(`  ${line}`);
  log("  try:");
  for (const [command, what] of demo.tries) log(`    ${command.padEnd(width)}# ${what}`);
}
