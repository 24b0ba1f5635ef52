// Verified credentials per worker: a repeated JWT costs a hash and a lookup instead of a signature check, a repeated
// Basic credential one instead of base64 and a password hash. Bounded (oldest entry out first), keyed by a hash of
// the whole credential but compared on the credential itself (the hash is not cryptographic). A JWT entry is only
// valid for the key-set generation that verified it, so a key dropped from the JWKS stops its tokens at once, and
// its time claims are checked again on every hit. A new configuration makes new providers, with empty caches.
import { mix64 } from "../../common/hash";
import { Identity } from "./identity";
import { Outcome } from "./providers/outcome";

export class CachedCredential {
  /** The answer on a hit when it never changes (Basic); a JWT's is made per hit, as its time claims are checked. */
  answer: Outcome | null = null;
  constructor(public credential: string, public identity: Identity, public exp: i64, public nbf: i64, public generation: u32) {}
}

export class CredentialCache {
  private entries: Map<u64, CachedCredential> = new Map<u64, CachedCredential>();
  private order: u64[] = [];
  private next: i32 = 0;

  constructor(public capacity: i32) {}

  get(credential: string, generation: u32): CachedCredential | null {
    if (this.capacity == 0) return null;
    const key = credentialHash(credential);
    if (!this.entries.has(key)) return null;
    const entry = this.entries.get(key);
    return entry.credential == credential && entry.generation == generation ? entry : null;
  }

  put(entry: CachedCredential): void {
    if (this.capacity == 0) return;
    const key = credentialHash(entry.credential);
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
 * The credential's UTF-16 units hashed in place, eight bytes a step: a lookup copies nothing. The key only lives in
 * this worker's memory, so it need not be stable; a collision is a miss, as entries are compared on the credential.
 */
function credentialHash(credential: string): u64 {
  const base = changetype<usize>(credential);
  const size = <usize>credential.length << 1;
  let h: u64 = <u64>size;
  let i: usize = 0;
  for (; i + 8 <= size; i += 8) h = (rotl<u64>(h, 23) ^ load<u64>(base + i)) * 0x9e3779b97f4a7c15;
  for (; i < size; i += 2) h = (rotl<u64>(h, 23) ^ <u64>load<u16>(base + i)) * 0x9e3779b97f4a7c15;
  return mix64(h);
}
