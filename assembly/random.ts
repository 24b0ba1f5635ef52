// Cryptographically secure randomness from the host (WASI random_get, BoringSSL in Envoy).
import { wasi_random_get } from "./abi/imports";

// Envoy serves at most 64 KiB per call.
const MAX_RANDOM_BYTES: i32 = 65536;

export function randomBytes(size: i32): ArrayBuffer {
  const out = new ArrayBuffer(size);
  for (let offset = 0; offset < size; offset += MAX_RANDOM_BYTES) {
    const chunk = min(MAX_RANDOM_BYTES, size - offset);
    wasi_random_get(changetype<usize>(out) + <usize>offset, <usize>chunk);
  }
  return out;
}

export function randomU64(): u64 {
  return load<u64>(changetype<usize>(randomBytes(8)));
}
