// Verified tokens per worker: a repeated token costs a hash and a lookup instead of a signature check. Bounded
// (oldest entry out first), keyed by a hash of the whole token but compared on the token itself (the hash is not
// cryptographic), and only valid for the key-set generation that verified it, so a key dropped from the JWKS stops
// its tokens at once. Time claims are checked again on every hit.
import { mix64 } from "../../../assembly/lib/hash";
import { Identity } from "../identity";

export class CachedToken {
  constructor(public token: string, public identity: Identity, public exp: i64, public nbf: i64, public generation: u32) {}
}

export class TokenCache {
  private entries: Map<u64, CachedToken> = new Map<u64, CachedToken>();
  private order: u64[] = [];
  private next: i32 = 0;

  constructor(public capacity: i32) {}

  get(token: string, generation: u32): CachedToken | null {
    if (this.capacity == 0) return null;
    const key = tokenHash(token);
    if (!this.entries.has(key)) return null;
    const entry = this.entries.get(key);
    return entry.token == token && entry.generation == generation ? entry : null;
  }

  put(entry: CachedToken): void {
    if (this.capacity == 0) return;
    const key = tokenHash(entry.token);
    if (this.entries.has(key)) {
      this.entries.set(key, entry);
      return;
    }
    if (this.order.length < this.capacity) {
      this.order.push(key);
    } else {
      this.entries.delete(this.order[this.next]);
      this.order[this.next] = key;
      this.next = (this.next + 1) % this.capacity;
    }
    this.entries.set(key, entry);
  }
}

/**
 * The token's UTF-16 units hashed in place, eight bytes a step: a lookup copies nothing. The key only lives in this
 * worker's memory, so it need not be stable; a collision is a miss, as entries are compared on the token.
 */
function tokenHash(token: string): u64 {
  const base = changetype<usize>(token);
  const size = <usize>token.length << 1;
  let h: u64 = <u64>size;
  let i: usize = 0;
  for (; i + 8 <= size; i += 8) h = (rotl<u64>(h, 23) ^ load<u64>(base + i)) * 0x9e3779b97f4a7c15;
  for (; i < size; i += 2) h = (rotl<u64>(h, 23) ^ <u64>load<u16>(base + i)) * 0x9e3779b97f4a7c15;
  return mix64(h);
}
