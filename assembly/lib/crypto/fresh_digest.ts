// A digest through its own hasher rather than digest()'s shared, lazily built table: AS 0.27 emits that table's lazy
// initialisation into a start function without the local it needs, which binaryen rejects ("local.set index must be
// small enough") in any module that has no other start-up code, such as a module using only the public-key checks.
import { DigestAlgorithm, Digester } from "./digest";

export function freshDigest(algorithm: DigestAlgorithm, data: Uint8Array): Uint8Array {
  return new Digester(algorithm).update(data).finish();
}
