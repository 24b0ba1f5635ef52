// A stable, well-mixed 64-bit hash for sticky assignments, shared-data keys and configuration fingerprints.
//
// FNV-1a over the UTF-8 bytes, then the splitmix64 finalizer: FNV-1a alone leaves similar keys ("user-1",
// "user-2") in neighbouring low bits, and the finalizer spreads every input bit over the whole word, so `hash % 10000`
// is uniform. The value never changes between releases (stickiness depends on it). Not a cryptographic hash: never
// use it where an attacker gains from a collision (a verified-token cache must compare the token itself).

const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

export function hashBytes64(data: ArrayBuffer): u64 {
  const base = changetype<usize>(data);
  const n = <usize>data.byteLength;
  let h = FNV_OFFSET;
  for (let i: usize = 0; i < n; i++) h = (h ^ <u64>load<u8>(base + i)) * FNV_PRIME;
  return mix64(h);
}

export function stableHash64(text: string): u64 {
  return hashBytes64(String.UTF8.encode(text));
}

/** splitmix64's finalizer: a bijection on u64 in which every output bit depends on every input bit. */
export function mix64(x: u64): u64 {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
  x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
  return x ^ (x >> 31);
}

const DIGITS = "0123456789abcdef";

/** Sixteen lowercase hex digits, leading zeros kept, so keys built from hashes have a fixed width. */
export function toHex64(h: u64): string {
  let out = "";
  for (let shift = 60; shift >= 0; shift -= 4) out += DIGITS.charAt(<i32>((h >> <u64>shift) & 0xf));
  return out;
}
