// The memory contract with the host (DESIGN.md decision 3).
// The host asks the module for memory through `malloc` (cpp-host looks it up first) or `proxy_on_memory_allocate`,
// copies data in, and writes the pointer and size into return slots. We hand out unmanaged blocks so the garbage
// collector can never reclaim them between the host's write and our read; `takeHostBuffer` copies each block into a
// managed ArrayBuffer and frees it at once. Pointer 0 means "empty": nothing was allocated, nothing to free.
import { hostBytesCopied } from "./collector";

export function proxy_on_memory_allocate(size: usize): usize {
  return heap.alloc(size);
}
export { proxy_on_memory_allocate as malloc };

// Return slots for host calls. The VM is single-threaded and our allocator never calls back into the SDK, so one
// set of slots serves every call.
export const RETURN_PTR: usize = memory.data(8);
export const RETURN_SIZE: usize = memory.data(8);
export const RETURN_EXTRA: usize = memory.data(8);

// The block the host left in the return slots, read in place (decoded straight into strings, without a managed
// copy first); releaseHostBlock() frees it.
export function hostBlockPtr(): usize {
  return load<usize>(RETURN_PTR);
}
export function hostBlockSize(): usize {
  return <usize>load<u32>(RETURN_SIZE);
}
export function releaseHostBlock(): void {
  const ptr = load<usize>(RETURN_PTR);
  hostBytesCopied(<usize>load<u32>(RETURN_SIZE));
  if (ptr != 0) heap.free(ptr);
}

// Copies the block the host left in the return slots into a managed buffer and frees the block.
export function takeHostBuffer(): ArrayBuffer {
  const ptr = load<usize>(RETURN_PTR);
  const size = load<u32>(RETURN_SIZE);
  const out = new ArrayBuffer(<i32>size);
  hostBytesCopied(<usize>size);
  if (ptr != 0) {
    memory.copy(changetype<usize>(out), ptr, size);
    heap.free(ptr);
  }
  return out;
}

// Clears the slots before a call, so a host that reports success without writing reads back as empty.
export function clearReturnSlots(): void {
  store<usize>(RETURN_PTR, 0);
  store<u32>(RETURN_SIZE, 0);
  store<u64>(RETURN_EXTRA, 0);
}

// Pointer and length of managed data passed to the host for the duration of one call.
@inline export function ptrOf(buffer: ArrayBuffer): usize {
  return changetype<usize>(buffer);
}
@inline export function lenOf(buffer: ArrayBuffer): usize {
  return <usize>buffer.byteLength;
}

// Strings handed to the host for the length of one call (header names and values, shared-data keys) are encoded
// into one unmanaged scratch block, which the host copies from before the call returns: a header read or edit
// allocates nothing. Encode every string of a call, then take scratchBase(): growing the block may move it.
let scratch: usize = 0;
let scratchCapacity: usize = 0;

// Encodes `text` as UTF-8 at `offset` in the scratch block; returns the number of bytes written.
export function toScratch(text: string, offset: usize): usize {
  const needed = offset + (<usize>text.length) * 3;
  if (needed > scratchCapacity) {
    const capacity = max<usize>(needed, 256);
    scratch = scratch == 0 ? heap.alloc(capacity) : heap.realloc(scratch, capacity);
    scratchCapacity = capacity;
  }
  return String.UTF8.encodeUnsafe(changetype<usize>(text), text.length, scratch + offset);
}

export function scratchBase(): usize {
  return scratch;
}
