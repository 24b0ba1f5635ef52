// Clocks through WASI, as the ABI recommends (proxy_get_current_time_nanoseconds is deprecated).
// In Envoy the wall clock is the dispatcher's time, so it is the same for every callback of one event.
import { wasi_clock_time_get } from "./abi/imports";
import { RETURN_EXTRA } from "./abi/memory";

const REALTIME: u32 = 0;
const MONOTONIC: u32 = 1;

// Nanoseconds since the Unix epoch.
export function nowNanos(): u64 {
  store<u64>(RETURN_EXTRA, 0);
  wasi_clock_time_get(REALTIME, 1, RETURN_EXTRA);
  return load<u64>(RETURN_EXTRA);
}

// Nanoseconds from an arbitrary origin; never goes backwards. Use it to measure durations.
export function monotonicNanos(): u64 {
  store<u64>(RETURN_EXTRA, 0);
  wasi_clock_time_get(MONOTONIC, 1, RETURN_EXTRA);
  return load<u64>(RETURN_EXTRA);
}
