// AssemblyScript runtime hooks wired in by asconfig.json (`--use abort=sdkAbort`, `--use seed=sdkSeed`), so the
// module imports nothing from `env` that Envoy lacks (env.abort, env.seed).
import { proxy_log, wasi_random_get } from "./imports";

const CRITICAL: u32 = 5;

// Reached only by a bug (failed assertion, out-of-range access): log where, then the compiler's `unreachable`
// traps and Envoy reports the VM failure with an in-VM backtrace.
// @ts-ignore: decorator
@global export function sdkAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort: " + (message !== null ? message : "(no message)");
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  const bytes = String.UTF8.encode(text);
  proxy_log(CRITICAL, changetype<usize>(bytes), <usize>bytes.byteLength);
}

// Seeds Math.random from the host's CSPRNG (WASI random_get).
// @ts-ignore: decorator
@global export function sdkSeed(): f64 {
  const slot = memory.data(8);
  wasi_random_get(slot, 8);
  return <f64>load<u64>(slot);
}
