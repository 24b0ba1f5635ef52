// The SHA-2 digests by algorithm, as JWS (HS/RS/PS/ES 256/384/512) and HMAC name them.
import { Sha256 } from "./sha256";
import { Sha512 } from "./sha512";

export enum DigestAlgorithm {
  Sha256,
  Sha384,
  Sha512,
}

export function digestLength(algorithm: DigestAlgorithm): i32 {
  return algorithm == DigestAlgorithm.Sha256 ? 32 : algorithm == DigestAlgorithm.Sha384 ? 48 : 64;
}

export function digestBlockLength(algorithm: DigestAlgorithm): i32 {
  return algorithm == DigestAlgorithm.Sha256 ? 64 : 128;
}

/** One incremental hasher per algorithm, for callers that feed pieces (HMAC, PSS's M'). */
export class Digester {
  private small: Sha256 | null = null;
  private large: Sha512 | null = null;

  constructor(readonly algorithm: DigestAlgorithm) {
    if (algorithm == DigestAlgorithm.Sha256) this.small = new Sha256();
    else this.large = new Sha512(algorithm == DigestAlgorithm.Sha384);
  }

  reset(): Digester {
    const small = this.small;
    if (small !== null) small.reset();
    else changetype<Sha512>(this.large).reset();
    return this;
  }

  /** Takes over `other`'s progress; both must be for the same algorithm. */
  copyFrom(other: Digester): Digester {
    const small = this.small;
    if (small !== null) small.copyFrom(changetype<Sha256>(other.small));
    else changetype<Sha512>(this.large).copyFrom(changetype<Sha512>(other.large));
    return this;
  }

  update(data: Uint8Array): Digester {
    return this.updateRaw(data.dataStart, <usize>data.length);
  }

  updateRaw(src: usize, length: usize): Digester {
    const small = this.small;
    if (small !== null) small.updateRaw(src, length);
    else changetype<Sha512>(this.large).updateRaw(src, length);
    return this;
  }

  /** Writes `digestLength(algorithm)` bytes to `out`; reset before reuse. */
  finishRaw(out: usize): void {
    const small = this.small;
    if (small !== null) small.finishRaw(out);
    else changetype<Sha512>(this.large).finishRaw(out);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(digestLength(this.algorithm));
    this.finishRaw(out.dataStart);
    return out;
  }
}

/** One digester per algorithm. (Fields, not an array literal of objects, which AssemblyScript 0.27 with
 * --runtime minimal compiles into an invalid start function.) */
export class DigesterSet {
  private sha256: Digester = new Digester(DigestAlgorithm.Sha256);
  private sha384: Digester = new Digester(DigestAlgorithm.Sha384);
  private sha512: Digester = new Digester(DigestAlgorithm.Sha512);

  get(algorithm: DigestAlgorithm): Digester {
    if (algorithm == DigestAlgorithm.Sha256) return this.sha256;
    return algorithm == DigestAlgorithm.Sha384 ? this.sha384 : this.sha512;
  }
}

const shared = new DigesterSet();

/** A reset hasher for `algorithm`, shared module-wide: finish it before asking for the same algorithm again. */
export function sharedDigester(algorithm: DigestAlgorithm): Digester {
  return shared.get(algorithm).reset();
}

export function digest(algorithm: DigestAlgorithm, data: Uint8Array): Uint8Array {
  return sharedDigester(algorithm).update(data).finish();
}
