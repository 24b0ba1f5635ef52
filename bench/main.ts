// Standalone entry for `npm run bench` (the CLI's `bench` verb calls the same runBench).
import { runBench } from "./run.js";

runBench(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
