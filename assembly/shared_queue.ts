// Shared queues: messages between VMs of the same vm_id. The VM that registered a queue last is the one notified
// through RootContext.onQueueReady.
import {
  proxy_dequeue_shared_queue, proxy_enqueue_shared_queue, proxy_register_shared_queue, proxy_resolve_shared_queue,
} from "./abi/imports";
import { RETURN_EXTRA, RETURN_PTR, RETURN_SIZE, clearReturnSlots, lenOf, ptrOf, takeHostBuffer } from "./abi/memory";
import { Result, Status, returnedU32 } from "./status";

// The token of the queue `name`, created when absent; this VM's root context becomes its listener.
export function registerSharedQueue(name: string): Result<u32> {
  const n = String.UTF8.encode(name);
  return returnedU32(proxy_register_shared_queue(ptrOf(n), lenOf(n), RETURN_EXTRA));
}

// The token of an existing queue; vmId "" means this VM's own vm_id.
export function resolveSharedQueue(vmId: string, name: string): Result<u32> {
  const v = String.UTF8.encode(vmId);
  const n = String.UTF8.encode(name);
  return returnedU32(proxy_resolve_shared_queue(ptrOf(v), lenOf(v), ptrOf(n), lenOf(n), RETURN_EXTRA));
}

export function enqueueSharedQueue(token: u32, data: ArrayBuffer): Status {
  return proxy_enqueue_shared_queue(token, ptrOf(data), lenOf(data));
}

// status Empty when there is nothing to take.
export function dequeueSharedQueue(token: u32): Result<ArrayBuffer> {
  clearReturnSlots();
  const status = <Status>proxy_dequeue_shared_queue(token, RETURN_PTR, RETURN_SIZE);
  return new Result<ArrayBuffer>(status, status == Status.Ok ? takeHostBuffer() : new ArrayBuffer(0));
}
