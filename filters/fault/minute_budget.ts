// A cap on faults per minute across every worker: one shared-data key per experiment holding the current minute
// (wall clock, so every worker agrees on it) and the faults taken in it, updated by compare-and-swap, so the cap holds
// exactly however the requests spread over workers.
import { Status, getSharedData, setSharedData } from "../../assembly";

const MAX_CAS_ATTEMPTS = 64;
const NANOS_PER_MINUTE: u64 = 60_000_000_000;

export class MinuteBudget {
  constructor(private key: string, private cap: u32) {}

  /** Creates the key when the configuration loads (a key's first write cannot be guarded by a swap). */
  create(): void {
    if (getSharedData(this.key).status == Status.NotFound) setSharedData(this.key, new ArrayBuffer(12), 0);
  }

  /** Takes one fault from this minute's budget; false when it is spent (or every swap lost: never over the cap). */
  take(nowNs: u64): bool {
    const minute = nowNs / NANOS_PER_MINUTE;
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const stored = getSharedData(this.key);
      if (!stored.ok()) return false;
      let count: u32 = 0;
      if (stored.ok() && stored.value.byteLength == 12 && load<u64>(changetype<usize>(stored.value)) == minute) {
        count = load<u32>(changetype<usize>(stored.value) + 8);
      }
      if (count >= this.cap) return false;
      const next = new ArrayBuffer(12);
      store<u64>(changetype<usize>(next), minute);
      store<u32>(changetype<usize>(next) + 8, count + 1);
      const written = setSharedData(this.key, next, stored.cas);
      if (written == Status.Ok) return true;
      if (written != Status.CasMismatch) return false;
    }
    return false;
  }
}
