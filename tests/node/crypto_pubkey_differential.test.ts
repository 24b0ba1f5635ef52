// common/crypto's RSA (PKCS#1 v1.5, PSS) and ECDSA (P-256, P-384) verification against node:crypto's verify
// (OpenSSL), case by case: valid signatures, a changed message, a changed signature bit, the wrong key or hash, and
// encodings crafted with the raw private-key operation to be wrong in exactly one place. Every family runs more than
// 10,000 cases and must agree on every one. PSS is compared with node told the salt is as long as the hash (what JWA
// fixes and what `jose` passes); signatures made with other salt lengths are among the cases.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  constants,
  createHash,
  privateEncrypt,
  randomBytes,
  randomInt,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { performance } from "node:perf_hooks";
import { loadProbe, type Probe } from "../../harness/probe.js";
import { freshKeyPair } from "../shared/key_pairs.js";

const HASHES = ["sha256", "sha384", "sha512"] as const;
type Hash = (typeof HASHES)[number];
const DIGEST_ALGORITHM: Record<Hash, number> = { sha256: 0, sha384: 1, sha512: 2 };
const HASH_LENGTH: Record<Hash, number> = { sha256: 32, sha384: 48, sha512: 64 };
// DER DigestInfo prefixes, for crafting PKCS#1 v1.5 encodings by hand.
const DIGEST_INFO: Record<Hash, string> = {
  sha256: "3031300d060960864801650304020105000420",
  sha384: "3041300d060960864801650304020205000430",
  sha512: "3051300d060960864801650304020305000440",
};
const CURVES = [
  { name: "P-256", id: 0, bytes: 32, order: BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551") },
  { name: "P-384", id: 1, bytes: 48, order: BigInt("0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973") },
] as const;
type CurveInfo = (typeof CURVES)[number];

const CASES_PER_FAMILY = 10_000;

class PubkeyProbe {
  constructor(private readonly probe: Probe) {}

  private call(name: string, ...args: number[]): number {
    return (this.probe.exports[name] as (...a: number[]) => number)(...args);
  }

  private write(...parts: Uint8Array[]): void {
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const pointer = this.call("prepareInput", total);
    const view = this.probe.bytes(pointer, total);
    let offset = 0;
    for (const part of parts) {
      view.set(part, offset);
      offset += part.length;
    }
  }

  clearEcKeys(): void {
    this.call("clearEcKeys");
  }

  rsaKey(n: Uint8Array, e: Uint8Array): number {
    this.write(n, e);
    return this.call("rsaKey", n.length);
  }

  rsaVerify(key: number, pss: boolean, hash: Hash, message: Uint8Array, signature: Uint8Array): boolean {
    this.write(message, signature);
    return this.call("rsaVerify", key, pss ? 1 : 0, DIGEST_ALGORITHM[hash], message.length) === 1;
  }

  ecKey(curve: CurveInfo, x: Uint8Array, y: Uint8Array): number {
    this.write(x, y);
    return this.call("ecKey", curve.id, x.length);
  }

  ecVerify(key: number, hash: Hash, message: Uint8Array, signature: Uint8Array): boolean {
    this.write(message, signature);
    return this.call("ecVerify", key, DIGEST_ALGORITHM[hash], message.length) === 1;
  }
}

/** node:crypto's answer; a signature OpenSSL refuses to parse is a rejection, not an error. */
function nodeVerify(hash: Hash, message: Uint8Array, key: object, signature: Uint8Array): boolean {
  try {
    return verify(hash, message, key as KeyObject, signature);
  } catch {
    return false;
  }
}

function flipBit(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const bit = randomInt(copy.length * 8);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt("0x" + Buffer.from(bytes).toString("hex"));
}

function toBytes(value: bigint, length: number): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(length * 2, "0").slice(-length * 2), "hex"));
}

function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)];
}

/** Tallies cases and keeps the first few disagreements with what is needed to replay them. */
class Tally {
  cases = 0;
  valid = 0;
  readonly disagreements: string[] = [];

  check(kind: string, ours: boolean, theirs: boolean, detail: () => string): void {
    this.cases++;
    if (theirs) this.valid++;
    if (ours !== theirs && this.disagreements.length < 5) this.disagreements.push(`${kind}: ours ${ours}, node ${theirs}; ${detail()}`);
  }

  assertAgreed(minimumCases: number): void {
    assert.deepEqual(this.disagreements, []);
    assert.ok(this.cases >= minimumCases, `${this.cases} cases`);
    // Both outcomes are well represented, so neither "always true" nor "always false" could pass.
    assert.ok(this.valid > this.cases / 20 && this.valid < this.cases * 0.9, `${this.valid} of ${this.cases} valid`);
  }
}

interface RsaKey {
  bits: number;
  privateKey: KeyObject;
  publicKey: KeyObject;
  n: Uint8Array;
  e: Uint8Array;
  handle: number;
  other: number;
  otherPublic: KeyObject;
}

function generateRsaKeys(probe: PubkeyProbe): RsaKey[] {
  // A handful of keys (RSA key generation takes seconds on a busy machine). The "wrong key" is another key of the same
  // byte length, so the signature's length alone does not give it away: the 2048-bit keys and the 2049-bit one (whose
  // encoded message is a byte shorter than the modulus) pair up among themselves; 3072 and 4096 pair with each other
  // only through the length check, so they get their wrong-key cases from the crafted and tampered ones instead.
  const specs = [
    { bits: 2048, e: 65537 },
    { bits: 2048, e: 65537 },
    { bits: 2048, e: 3 },
    { bits: 3072, e: 65537 },
    { bits: 4096, e: 65537 },
    { bits: 2049, e: 65537 },
  ];
  const keys = specs.map(({ bits, e }) => {
    const { privateKey, publicKey } = freshKeyPair("rsa", { modulusLength: bits, publicExponent: e });
    const jwk = publicKey.export({ format: "jwk" });
    const n = Uint8Array.from(Buffer.from(jwk.n!, "base64url"));
    const exponent = Uint8Array.from(Buffer.from(jwk.e!, "base64url"));
    const handle = probe.rsaKey(n, exponent);
    assert.ok(handle >= 0, `RsaPublicKey.create refused a ${bits}-bit key`);
    return { bits, privateKey, publicKey, n, e: exponent, handle, other: -1, otherPublic: publicKey };
  });
  for (const key of keys) {
    const other = keys.find((candidate) => candidate !== key && candidate.n.length === key.n.length);
    if (other === undefined) continue;
    key.other = other.handle;
    key.otherPublic = other.publicKey;
  }
  return keys;
}

/** Sizes weighted toward 2048 bits, the common JWKS key, so signing stays cheap. */
function pickRsaKey(keys: RsaKey[]): RsaKey {
  const roll = randomInt(20);
  const bits = roll < 14 ? 2048 : roll < 17 ? 3072 : roll < 19 ? 4096 : 2049;
  return pick(keys.filter((key) => key.bits === bits));
}

/** The raw RSA private operation on an encoded message: a "signature" of exactly that encoding (null if not below n). */
function rawSign(key: RsaKey, encoded: Uint8Array): Uint8Array | null {
  if (toBigInt(encoded) >= toBigInt(key.n)) return null;
  return Uint8Array.from(privateEncrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, encoded));
}

/** EMSA-PKCS1-v1_5 encodings, correct and wrong in one place each. */
function pkcs1Encoding(k: number, hash: Hash, message: Uint8Array, flaw: number): Uint8Array {
  const prefix = Buffer.from(DIGEST_INFO[hash], "hex");
  const hashValue = createHash(hash).update(message).digest();
  let digestInfo = Buffer.concat([prefix, hashValue]);
  if (flaw === 1) {
    // The AlgorithmIdentifier without its NULL parameters (a form some signers emit), lengths adjusted.
    const bare = Buffer.concat([prefix.subarray(0, 15), prefix.subarray(17)]);
    bare[1] -= 2;
    bare[3] -= 2;
    digestInfo = Buffer.concat([bare, hashValue]);
  }
  if (flaw === 2) digestInfo = Buffer.concat([digestInfo, Buffer.from([0])]); // trailing garbage
  if (flaw === 5) digestInfo[prefix.length - 1] -= 1; // the OCTET STRING length no longer the hash's
  const em = new Uint8Array(k);
  em[1] = flaw === 3 ? 0x02 : 0x01;
  em.fill(0xff, 2, k - digestInfo.length - 1);
  if (flaw === 4) em[5] = 0xfe; // a padding byte that is not FF
  em.set(digestInfo, k - digestInfo.length);
  if (flaw === 6) em[k - digestInfo.length - 1] = 0x01; // no zero separator
  return em;
}

function mgf1(hash: Hash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, offset = 0; offset < length; counter++, offset += HASH_LENGTH[hash]) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
  }
  return out;
}

/** EMSA-PSS encodings (salt = hash length), correct and wrong in one place each; returned as k bytes. */
function pssEncoding(key: RsaKey, hash: Hash, message: Uint8Array, flaw: number): Uint8Array {
  const hLength = HASH_LENGTH[hash];
  const emBits = key.bits - 1;
  const emLength = Math.ceil(emBits / 8);
  const salt = randomBytes(hLength);
  const mHash = createHash(hash).update(message).digest();
  const h = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = new Uint8Array(emLength - hLength - 1);
  db[db.length - hLength - 1] = flaw === 1 ? 0x02 : 0x01;
  if (flaw === 2) db[0] = 0x01; // a nonzero byte in PS
  db.set(salt, db.length - hLength);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  const unused = 8 * emLength - emBits;
  db[0] &= 0xff >> unused;
  if (flaw === 3 && unused > 0) db[0] |= 0x80; // a top bit that must be clear
  const em = new Uint8Array(key.n.length);
  const offset = key.n.length - emLength;
  em.set(db, offset);
  em.set(h, offset + db.length);
  em[key.n.length - 1] = flaw === 4 ? 0xbd : 0xbc;
  return em;
}

describe("RSA and ECDSA verification against node:crypto", () => {
  let probe: PubkeyProbe;
  let rsaKeys: RsaKey[];

  before(async () => {
    probe = new PubkeyProbe(await loadProbe("pubkey"));
    rsaKeys = generateRsaKeys(probe);
  });

  it("RSASSA-PKCS1-v1_5 (RS256/384/512): 0 disagreements", (t) => {
    const tally = new Tally();
    while (tally.cases < CASES_PER_FAMILY) {
      const key = pickRsaKey(rsaKeys);
      const hash = pick(HASHES);
      const message = randomBytes(randomInt(300));
      const signature = Uint8Array.from(sign(hash, message, key.privateKey));
      const replay = () => `${key.bits}-bit, ${hash}, message ${Buffer.from(message).toString("hex")}, signature ${Buffer.from(signature).toString("hex")}`;
      const check = (kind: string, h: Hash, m: Uint8Array, s: Uint8Array, handle = key.handle, publicKey = key.publicKey) =>
        tally.check(kind, probe.rsaVerify(handle, false, h, m, s), nodeVerify(h, m, publicKey, s), () => `${replay()}; case ${Buffer.from(s).toString("hex")}`);

      check("valid", hash, message, signature);
      check("message changed", hash, message.length > 0 ? flipBit(message) : Uint8Array.of(0), signature);
      check("signature bit", hash, message, flipBit(signature));
      check("another signature bit", hash, message, flipBit(signature));
      if (key.other >= 0) check("wrong key", hash, message, signature, key.other, key.otherPublic);
      check("other hash", pick(HASHES.filter((h) => h !== hash)), message, signature);
      const crafted = randomInt(7);
      const craftedSignature = rawSign(key, pkcs1Encoding(key.n.length, hash, message, crafted));
      if (craftedSignature !== null) check(`crafted ${crafted}`, hash, message, craftedSignature);
      const range = randomInt(4);
      const outOfRange =
        range === 0 ? key.n : range === 1 ? toBytes(toBigInt(key.n) + 1n, key.n.length) : range === 2 ? signature.subarray(1) : new Uint8Array(key.n.length);
      check(`out of range ${range}`, hash, message, outOfRange);
    }
    tally.assertAgreed(CASES_PER_FAMILY);
    t.diagnostic(`${tally.cases} cases (${tally.valid} valid), 0 disagreements`);
  });

  it("RSASSA-PSS (PS256/384/512, salt = hash length): 0 disagreements", (t) => {
    const tally = new Tally();
    while (tally.cases < CASES_PER_FAMILY) {
      const key = pickRsaKey(rsaKeys);
      const hash = pick(HASHES);
      const hLength = HASH_LENGTH[hash];
      const message = randomBytes(randomInt(300));
      const options = (saltLength: number, publicKey = key.publicKey) => ({ key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
      const signature = Uint8Array.from(sign(hash, message, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hLength }));
      const replay = () => `${key.bits}-bit, ${hash}, message ${Buffer.from(message).toString("hex")}, signature ${Buffer.from(signature).toString("hex")}`;
      const check = (kind: string, h: Hash, m: Uint8Array, s: Uint8Array, handle = key.handle, publicKey = key.publicKey) =>
        tally.check(kind, probe.rsaVerify(handle, true, h, m, s), nodeVerify(h, m, options(HASH_LENGTH[h], publicKey), s), () => `${replay()}; case ${Buffer.from(s).toString("hex")}`);

      check("valid", hash, message, signature);
      check("message changed", hash, message.length > 0 ? flipBit(message) : Uint8Array.of(0), signature);
      check("signature bit", hash, message, flipBit(signature));
      check("another signature bit", hash, message, flipBit(signature));
      if (key.other >= 0) check("wrong key", hash, message, signature, key.other, key.otherPublic);
      check("other hash", pick(HASHES.filter((h) => h !== hash)), message, signature);
      const range = randomInt(3);
      check(`out of range ${range}`, hash, message, range === 0 ? key.n : range === 1 ? signature.subarray(1) : new Uint8Array(key.n.length));
      // One more private-key operation per round (they are what makes this test slow): another salt length, a
      // PKCS#1 v1.5 signature, or an encoding crafted to be wrong in one place.
      const variant = randomInt(3);
      if (variant === 0) {
        const saltLength = pick([0, 20, hLength - 1, hLength + 1]);
        check(`salt ${saltLength}`, hash, message, Uint8Array.from(sign(hash, message, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })));
      } else if (variant === 1) {
        check("PKCS#1 v1.5 signature", hash, message, Uint8Array.from(sign(hash, message, key.privateKey)));
      } else {
        const crafted = randomInt(5);
        const craftedSignature = rawSign(key, pssEncoding(key, hash, message, crafted));
        if (craftedSignature !== null) check(`crafted ${crafted}`, hash, message, craftedSignature);
      }
    }
    tally.assertAgreed(CASES_PER_FAMILY);
    t.diagnostic(`${tally.cases} cases (${tally.valid} valid), 0 disagreements`);
  });

  it("a signature whose leading zero byte is dropped: PSS still verifies, PKCS#1 v1.5 does not, in both", () => {
    const key = rsaKeys.find((k) => k.bits === 2048)!;
    const pssOptions = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    for (const pss of [true, false]) {
      // About one signature in 256 starts with a zero byte.
      let message: Uint8Array;
      let signature: Uint8Array;
      do {
        message = randomBytes(32);
        signature = Uint8Array.from(sign("sha256", message, pss ? { key: key.privateKey, ...pssOptions } : key.privateKey));
      } while (signature[0] !== 0);
      const shorter = signature.subarray(1);
      const theirs = nodeVerify("sha256", message, pss ? { key: key.publicKey, ...pssOptions } : key.publicKey, shorter);
      assert.equal(theirs, pss);
      assert.equal(probe.rsaVerify(key.handle, pss, "sha256", message, shorter), theirs);
    }
  });

  it("ECDSA (ES256 on P-256, ES384 on P-384, and the other hashes): 0 disagreements", (t) => {
    const tally = new Tally();
    let keysMade = 0;
    let previous: { handle: number; publicKey: KeyObject; curve: CurveInfo } | null = null;
    while (tally.cases < CASES_PER_FAMILY) {
      const curve = randomInt(4) < 3 ? CURVES[0] : CURVES[1];
      // The JWS pairing most of the time, any hash sometimes (the digest is cut or zero-extended to the order).
      const hash: Hash = randomInt(4) > 0 ? (curve.name === "P-256" ? "sha256" : "sha384") : pick(HASHES);
      const { privateKey, publicKey } = freshKeyPair("ec", { namedCurve: curve.name });
      const jwk = publicKey.export({ format: "jwk" });
      const handle = probe.ecKey(curve, Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url"));
      assert.ok(handle >= 0, "EcPublicKey.create refused a node-generated key");
      const message = randomBytes(randomInt(300));
      const signature = Uint8Array.from(sign(hash, message, { key: privateKey, dsaEncoding: "ieee-p1363" }));
      const replay = () => `${curve.name} ${Buffer.from(jwk.x!, "base64url").toString("hex")},${Buffer.from(jwk.y!, "base64url").toString("hex")}, ${hash}, message ${Buffer.from(message).toString("hex")}`;
      const check = (kind: string, h: Hash, m: Uint8Array, s: Uint8Array, keyHandle = handle, key = publicKey) =>
        tally.check(kind, probe.ecVerify(keyHandle, h, m, s), nodeVerify(h, m, { key, dsaEncoding: "ieee-p1363" }, s), () => `${replay()}; signature ${Buffer.from(s).toString("hex")}`);

      const r = toBigInt(signature.subarray(0, curve.bytes));
      const s = toBigInt(signature.subarray(curve.bytes));
      const rs = (a: bigint, b: bigint) => Uint8Array.from([...toBytes(a, curve.bytes), ...toBytes(b, curve.bytes)]);
      check("valid", hash, message, signature);
      check("high s (n - s) is valid too", hash, message, rs(r, curve.order - s));
      check("message changed", hash, message.length > 0 ? flipBit(message) : Uint8Array.of(0), signature);
      check("signature bit", hash, message, flipBit(signature));
      check("other hash", pick(HASHES.filter((h) => h !== hash)), message, signature);
      if (previous !== null && previous.curve === curve) check("wrong key", hash, message, signature, previous.handle, previous.publicKey);
      const allOnes = (1n << BigInt(curve.bytes * 8)) - 1n;
      const malformed = [rs(0n, s), rs(r, 0n), rs(curve.order, s), rs(r, curve.order), rs(allOnes, s), rs(r, allOnes), signature.subarray(1), signature.subarray(0, curve.bytes)];
      const first = randomInt(malformed.length);
      const second = (first + 1 + randomInt(malformed.length - 1)) % malformed.length;
      check(`out of range ${first}`, hash, message, malformed[first]);
      check(`out of range ${second}`, hash, message, malformed[second]);
      check("r and s swapped", hash, message, rs(s, r));
      previous = { handle, publicKey, curve };
      // Keys are cheap; keep the probe's table small.
      if (++keysMade % 500 === 0) {
        probe.clearEcKeys();
        previous = null;
      }
    }
    tally.assertAgreed(CASES_PER_FAMILY);
    t.diagnostic(`${tally.cases} cases (${tally.valid} valid), 0 disagreements`);
  });

  it("verification times in V8 (one verify per new token)", (t) => {
    const time = (label: string, run: () => boolean, count: number, budgetMs: number) => {
      assert.ok(run());
      const start = performance.now();
      for (let i = 0; i < count; i++) assert.ok(run());
      const each = (performance.now() - start) / count;
      t.diagnostic(`${label}: ${(each * 1000).toFixed(0)} µs per verify`);
      // A loose ceiling, far above the measured time, that still catches an accidental slow path on a busy machine.
      assert.ok(each < budgetMs, `${label} took ${each.toFixed(2)} ms`);
    };
    const message = randomBytes(200);
    for (const bits of [2048, 3072, 4096]) {
      const key = rsaKeys.find((k) => k.bits === bits && k.e.length === 3)!;
      const pkcs1 = Uint8Array.from(sign("sha256", message, key.privateKey));
      const pss = Uint8Array.from(sign("sha256", message, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
      time(`RS256 ${bits}-bit`, () => probe.rsaVerify(key.handle, false, "sha256", message, pkcs1), 100, bits === 2048 ? 5 : 40);
      time(`PS256 ${bits}-bit`, () => probe.rsaVerify(key.handle, true, "sha256", message, pss), 100, bits === 2048 ? 5 : 40);
    }
    for (const [curve, hash] of [[CURVES[0], "sha256"], [CURVES[1], "sha384"]] as const) {
      const { privateKey, publicKey } = freshKeyPair("ec", { namedCurve: curve.name });
      const jwk = publicKey.export({ format: "jwk" });
      const handle = probe.ecKey(curve, Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url"));
      const signature = Uint8Array.from(sign(hash, message, { key: privateKey, dsaEncoding: "ieee-p1363" }));
      time(`${curve.name === "P-256" ? "ES256" : "ES384"}`, () => probe.ecVerify(handle, hash, message, signature), 100, 30);
    }
  });
});
