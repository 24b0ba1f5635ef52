// Shared data: a key-value store per Envoy process and vm_id, shared by every worker VM. Writes are guarded by a
// compare-and-swap token: write with the cas you read, retry on CasMismatch. cas 0 writes unconditionally, and a
// key that does not exist yet is always written. There is no delete, so keep the key set fixed.
import { proxy_get_shared_data, proxy_set_shared_data } from "./abi/imports";
import {
  RETURN_EXTRA, RETURN_PTR, RETURN_SIZE, clearReturnSlots, lenOf, ptrOf, scratchBase, takeHostBuffer, toScratch,
} from "./abi/memory";
import { Status } from "./status";

export class SharedValue {
  constructor(public status: Status, public value: ArrayBuffer, public cas: u32) {}
  ok(): bool {
    return this.status == Status.Ok;
  }
}

// status NotFound when the key was never written.
export function getSharedData(key: string): SharedValue {
  const keyLength = toScratch(key, 0);
  clearReturnSlots();
  const status = <Status>proxy_get_shared_data(scratchBase(), keyLength, RETURN_PTR, RETURN_SIZE, RETURN_EXTRA);
  if (status != Status.Ok) return new SharedValue(status, new ArrayBuffer(0), 0);
  const cas = load<u32>(RETURN_EXTRA);
  return new SharedValue(status, takeHostBuffer(), cas);
}

export function setSharedData(key: string, value: ArrayBuffer, cas: u32): Status {
  const keyLength = toScratch(key, 0);
  return proxy_set_shared_data(scratchBase(), keyLength, ptrOf(value), lenOf(value), cas);
}
