// Process-wide state that every VM of the emulated host shares, as cpp-host keeps it: the shared-data key/value
// store (shared_data.cc) and the shared-queue table (shared_queue.cc), both keyed by vm_id.
import { Status } from "./abi.js";

export interface SharedValue {
  value: Uint8Array;
  cas: number;
}

/** Shared data: one namespace per vm_id, compare-and-swap versions from one process-wide counter. */
export class SharedDataStore {
  private readonly namespaces = new Map<string, Map<string, SharedValue>>();
  private nextCasValue = 1;

  get(vmId: string, key: string): SharedValue | undefined {
    const found = this.namespaces.get(vmId)?.get(key);
    return found && { value: found.value.slice(), cas: found.cas };
  }

  /**
   * cpp-host's SharedData::set: an existing key with a non-zero cas that differs is CasMismatch; cas 0 writes
   * unconditionally; an absent key is always written, whatever the cas.
   */
  set(vmId: string, key: string, value: Uint8Array, cas = 0): Status {
    let namespace = this.namespaces.get(vmId);
    if (!namespace) this.namespaces.set(vmId, (namespace = new Map()));
    const existing = namespace.get(key);
    if (existing && cas !== 0 && cas !== existing.cas) return Status.CasMismatch;
    namespace.set(key, { value: value.slice(), cas: this.nextCas() });
    return Status.Ok;
  }

  keys(vmId: string): string[] {
    return [...(this.namespaces.get(vmId)?.keys() ?? [])];
  }

  private nextCas(): number {
    const cas = this.nextCasValue;
    this.nextCasValue = (this.nextCasValue + 1) >>> 0 || 1;
    return cas;
  }
}

/** Who hears proxy_on_queue_ready for a queue: the root context of the VM that registered it last. */
export interface QueueListener {
  queueReady(rootContextId: number, token: number): void;
}

interface Queue {
  items: Uint8Array[];
  listener: QueueListener;
  rootContextId: number;
}

/** Shared queues: tokens by (vm_id, name); enqueue from anywhere, onQueueReady posted to the registrant. */
export class SharedQueueTable {
  private readonly tokens = new Map<string, number>();
  private readonly queues = new Map<number, Queue>();
  private nextToken = 1;

  /** @param post runs a task after the current VM call, as Envoy posts onQueueReady to the listener's thread. */
  constructor(private readonly post: (task: () => void) => void) {}

  /** Registering an existing name keeps its items and token but moves the listener to the caller. */
  register(vmId: string, name: string, listener: QueueListener, rootContextId: number): number {
    const key = `${vmId}\0${name}`;
    let token = this.tokens.get(key);
    if (token === undefined) this.tokens.set(key, (token = this.nextToken++));
    const items = this.queues.get(token)?.items ?? [];
    this.queues.set(token, { items, listener, rootContextId });
    return token;
  }

  /** The token of a registered queue, or 0 when there is none. */
  resolve(vmId: string, name: string): number {
    return this.tokens.get(`${vmId}\0${name}`) ?? 0;
  }

  enqueue(token: number, data: Uint8Array): Status {
    const queue = this.queues.get(token);
    if (!queue) return Status.NotFound;
    queue.items.push(data.slice());
    this.post(() => queue.listener.queueReady(queue.rootContextId, token));
    return Status.Ok;
  }

  dequeue(token: number): { status: Status; data?: Uint8Array } {
    const queue = this.queues.get(token);
    if (!queue) return { status: Status.NotFound };
    const data = queue.items.shift();
    return data ? { status: Status.Ok, data } : { status: Status.Empty };
  }

  /** Items waiting in the queue `name` of `vmId` (for tests). */
  pending(vmId: string, name: string): number {
    return this.queues.get(this.resolve(vmId, name))?.items.length ?? 0;
  }
}
