// Key pairs for differential tests, made safe to export.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/**
 * A fresh key pair whose KeyObjects were imported from DER. Exporting a KeyObject that generateKeyPairSync returned
 * can deadlock node 20: the export holds the key's lock while a garbage collection runs the finished key-generation
 * job's destructor, which takes the same lock.
 */
export function freshKeyPair(
  type: "rsa" | "ec" | "ed25519",
  options: { modulusLength?: number; publicExponent?: number; namedCurve?: string } = {},
): { publicKey: KeyObject; privateKey: KeyObject } {
  const pair = generateKeyPairSync(type as "rsa", {
    ...(options as { modulusLength: number }),
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "der" },
  });
  return {
    publicKey: createPublicKey({ key: pair.publicKey, format: "der", type: "spki" }),
    privateKey: createPrivateKey({ key: pair.privateKey, format: "der", type: "pkcs8" }),
  };
}
