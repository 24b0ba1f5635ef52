// HMAC (RFC 2104) over SHA-256/384/512, as JWS HS256/384/512 use it.
import { DigestAlgorithm, Digester, DigesterSet, digestBlockLength, digestLength } from "./digest";

// HMAC's own hashers and key block, so it never disturbs a caller's half-fed shared digester.
// @ts-ignore: decorator
@lazy const hashers = new DigesterSet();
// @ts-ignore: decorator
@lazy const KEY_BLOCK = new StaticArray<u8>(128);
// @ts-ignore: decorator
@lazy const INNER = new StaticArray<u8>(64);

const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

function xorBlock(block: usize, length: usize, pad: u8): void {
  const pad64 = <u64>pad * 0x0101010101010101;
  for (let i: usize = 0; i < length; i += 8) store<u64>(block + i, load<u64>(block + i) ^ pad64);
}

export function hmac(algorithm: DigestAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmacRaw(algorithm, key, data.dataStart, <usize>data.length);
}

/** HMAC of `length` bytes at `src` (e.g. a JWS signing input still inside the header value). */
export function hmacRaw(algorithm: DigestAlgorithm, key: Uint8Array, src: usize, length: usize): Uint8Array {
  const hasher = hashers.get(algorithm);
  const blockBytes = <usize>digestBlockLength(algorithm);
  const block = changetype<usize>(KEY_BLOCK);
  memory.fill(block, 0, blockBytes);
  // A key longer than the block is replaced by its digest (RFC 2104 §2).
  if (<usize>key.length > blockBytes) hasher.reset().update(key).finishRaw(block);
  else memory.copy(block, key.dataStart, <usize>key.length);

  xorBlock(block, blockBytes, IPAD);
  const inner = changetype<usize>(INNER);
  hasher.reset().updateRaw(block, blockBytes).updateRaw(src, length).finishRaw(inner);

  xorBlock(block, blockBytes, IPAD ^ OPAD);
  hasher.reset().updateRaw(block, blockBytes).updateRaw(inner, <usize>digestLength(algorithm));
  return hasher.finish();
}

/**
 * An HMAC key prepared once (per JWKS `oct` key): the key blocks XORed with ipad and opad are hashed ahead, so each
 * MAC costs two compressions fewer than `hmac`.
 */
export class HmacKey {
  private readonly inner: Digester;
  private readonly outer: Digester;
  private readonly work: Digester;

  constructor(readonly algorithm: DigestAlgorithm, key: Uint8Array) {
    this.inner = new Digester(algorithm);
    this.outer = new Digester(algorithm);
    this.work = new Digester(algorithm);
    const blockBytes = <usize>digestBlockLength(algorithm);
    const block = changetype<usize>(KEY_BLOCK);
    memory.fill(block, 0, blockBytes);
    if (<usize>key.length > blockBytes) this.work.reset().update(key).finishRaw(block);
    else memory.copy(block, key.dataStart, <usize>key.length);
    xorBlock(block, blockBytes, IPAD);
    this.inner.updateRaw(block, blockBytes);
    xorBlock(block, blockBytes, IPAD ^ OPAD);
    this.outer.updateRaw(block, blockBytes);
  }

  mac(data: Uint8Array): Uint8Array {
    return this.macRaw(data.dataStart, <usize>data.length);
  }

  /** The MAC of `length` bytes at `src`. */
  macRaw(src: usize, length: usize): Uint8Array {
    const inner = changetype<usize>(INNER);
    this.work.copyFrom(this.inner).updateRaw(src, length).finishRaw(inner);
    return this.work.copyFrom(this.outer).updateRaw(inner, <usize>digestLength(this.algorithm)).finish();
  }
}
