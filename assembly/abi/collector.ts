// When garbage is collected. Filters build with `--runtime minimal` (asconfig.json): allocation does no collector
// work, and nothing is collected until `__collect()` is called. The incremental collector this replaces did a share
// of the work on every allocation (and needs a shadow stack in every function): about 1 µs per request inside
// Envoy's VM for a filter that does nothing. A full collection now and then costs a fraction of that.
//
// A collection is safe only where no managed object is referenced from the stack alone, because this collector
// does not scan the stack. The end of a proxy_on_* callback is such a place; the allocator the host calls in the
// middle of a host call (proxy_on_memory_allocate) is not, so it never collects.

/**
 * About 146 HTTP requests (7 callbacks each), or as many data callbacks of a long connection. A collection marks
 * what the filter keeps (configuration, caches) and sweeps the rest; in Envoy it costs a small filter about 18 µs,
 * so 0.1 µs per request at this period (0.5 µs at 256).
 */
const COLLECT_EVERY_CALLBACKS: u32 = 1024;

/**
 * Sooner when requests are large: the bytes copied in from the host (headers, bodies, call responses) and what a
 * filter decodes from them are most of its garbage, so this bounds the garbage between collections (a client
 * sending 60 KiB of headers per request cannot make the VM's memory grow without bound).
 */
const COLLECT_AFTER_HOST_BYTES: usize = 256 * 1024;

let callbacksSinceCollection: u32 = 0;
let hostBytesSinceCollection: usize = 0;

/** Called by the SDK for every buffer it copies in from the host. */
export function hostBytesCopied(size: usize): void {
  hostBytesSinceCollection += size;
}

/** Called as the last step of every proxy_on_* callback. */
export function callbackEnded(): void {
  if (++callbacksSinceCollection < COLLECT_EVERY_CALLBACKS && hostBytesSinceCollection < COLLECT_AFTER_HOST_BYTES) return;
  callbacksSinceCollection = 0;
  hostBytesSinceCollection = 0;
  __collect();
}
