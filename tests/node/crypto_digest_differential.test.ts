// common/SHA-1/256/384/512, HMAC, base64 and Ed25519 verification against node:crypto (OpenSSL) and
// Buffer, through the probe module build/probes/crypto.wasm: at least 10,000 random inputs per algorithm, lengths
// 0..300 so every padding case and block boundary is crossed, and 0 disagreements allowed.
import assert from "node:assert/strict";
import {
  createHash, createHmac, createPublicKey, sign, verify, type KeyObject,
} from "node:crypto";
import { before, describe, it } from "node:test";
import { loadProbe, type Probe } from "../../harness/probe.js";
import { freshKeyPair } from "../shared/key_pairs.js";
import { randomSource, type Random } from "../shared/random.js";

const CASES = 10_000;
const SEED = Number(process.env.CRYPTO_DIFFERENTIAL_SEED ?? Date.now() % 1_000_000);

// The probe's digest numbering: DigestAlgorithm (SHA-256, SHA-384, SHA-512), then SHA-1.
const DIGESTS = [
  { name: "sha256", id: 0 },
  { name: "sha384", id: 1 },
  { name: "sha512", id: 2 },
  { name: "sha1", id: 3 },
] as const;

class CryptoProbe {
  constructor(private readonly probe: Probe) {}

  private call(name: string, ...args: number[]): number {
    return (this.probe.exports[name] as (...values: number[]) => number)(...args);
  }

  private write(...parts: Uint8Array[]): void {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const pointer = this.call("prepareInput", length);
    const view = this.probe.bytes(pointer, length);
    let at = 0;
    for (const part of parts) {
      view.set(part, at);
      at += part.length;
    }
  }

  private output(length: number): Buffer {
    return Buffer.from(this.probe.bytes(this.call("outputPointer"), length));
  }

  digest(id: number, data: Uint8Array): string {
    this.write(data);
    return this.output(this.call("digestInput", id)).toString("hex");
  }

  hmac(id: number, key: Uint8Array, data: Uint8Array, prepared: boolean): string {
    this.write(key, data);
    return this.output(this.call(prepared ? "hmacPreparedInput" : "hmacInput", id, key.length)).toString("hex");
  }

  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    this.write(publicKey, signature, message);
    return this.call("ed25519VerifyInput", publicKey.length, signature.length) === 1;
  }

  base64Encode(data: Uint8Array, url: boolean): string {
    this.write(data);
    return this.output(this.call("base64EncodeInput", url ? 1 : 0)).toString("utf8");
  }

  base64Decode(text: string, url: boolean): string | null {
    this.write(Buffer.from(text, "utf8"));
    const length = this.call(url ? "base64UrlDecodeInput" : "base64DecodeInput");
    return length < 0 ? null : this.output(length).toString("hex");
  }

  /** CPU microseconds per digest of `data`, over `times` digests inside the module. */
  digestMicroseconds(id: number, data: Uint8Array, times: number): number {
    this.write(data);
    return cpuMicroseconds(() => this.call("digestRepeatedly", id, times)) / times;
  }

  /** CPU microseconds per verification with a key prepared once; throws unless the signature verifies. */
  ed25519VerifyMicroseconds(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, times: number): number {
    this.write(publicKey, signature, message);
    let verdict = 0;
    const microseconds = cpuMicroseconds(() => (verdict = this.call("ed25519VerifyRepeatedly", signature.length, times)));
    assert.equal(verdict, 1);
    return microseconds / times;
  }
}

/** CPU time of `work` in microseconds: the machine is shared, so wall time would also count other processes. */
function cpuMicroseconds(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return used.user + used.system;
}

/** Every length 0..300 once (each padding case and block boundary), then random lengths in that range. */
function* lengths(random: Random): Generator<number> {
  for (let length = 0; length <= 300; length++) yield length;
  for (let i = 301; i < CASES; i++) yield random.int(301);
}

describe(`digests, HMAC and base64 agree with node:crypto (seed ${SEED})`, () => {
  let probe: CryptoProbe;
  before(async () => {
    probe = new CryptoProbe(await loadProbe("crypto"));
  });

  for (const { name, id } of DIGESTS) {
    it(`${name}: ${CASES} messages of 0..300 bytes`, () => {
      const random = randomSource(SEED + id);
      const disagreements: string[] = [];
      let compared = 0;
      for (const length of lengths(random)) {
        const data = random.bytes(length);
        const expected = createHash(name).update(data).digest("hex");
        if (probe.digest(id, data) !== expected) disagreements.push(Buffer.from(data).toString("hex"));
        compared++;
      }
      assert.equal(compared, CASES);
      assert.deepEqual(disagreements.slice(0, 5), []);
    });
  }

  for (const { name, id } of DIGESTS.filter((digest) => digest.name !== "sha1")) {
    it(`hmac-${name} and its prepared key: ${CASES} keys of 0..300 bytes (shorter and longer than the block) over 0..300-byte messages`, () => {
      const random = randomSource(SEED + 10 + id);
      const disagreements: string[] = [];
      for (const length of lengths(random)) {
        const key = random.bytes(random.int(301));
        const data = random.bytes(length);
        const expected = createHmac(name, key).update(data).digest("hex");
        if (probe.hmac(id, key, data, false) !== expected || probe.hmac(id, key, data, true) !== expected) {
          disagreements.push(`key ${Buffer.from(key).toString("hex")} data ${Buffer.from(data).toString("hex")}`);
        }
      }
      assert.deepEqual(disagreements.slice(0, 5), []);
    });
  }

  it(`base64 and base64url: ${CASES} encodings as Buffer gives them, and decodings of valid and broken text`, () => {
    const random = randomSource(SEED + 20);
    const disagreements: string[] = [];
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // Occasional characters outside the alphabet ('=' inside the text, the other alphabet's symbols, non-ASCII).
    const strangers = ["=", "+", "/", ".", " ", "\n", "é", "\u0000"];
    for (const length of lengths(random)) {
      const data = Buffer.from(random.bytes(length));
      if (probe.base64Encode(data, false) !== data.toString("base64")) disagreements.push(`encode ${data.toString("hex")}`);
      const url = data.toString("base64url");
      if (probe.base64Encode(data, true) !== url) disagreements.push(`url-encode ${data.toString("hex")}`);
      if (probe.base64Decode(url, true) !== data.toString("hex")) disagreements.push(`decode ${url}`);
      const padded = data.toString("base64");
      if (probe.base64Decode(padded, false) !== data.toString("hex")) disagreements.push(`decode ${padded}`);
      // Random text: base64url is valid exactly when every character is in the alphabet and no single character is
      // left over; padded base64 when the length is a multiple of 4 and at most two '=' end it. Then the bytes are
      // Buffer's.
      let text = "";
      const textLength = random.int(40);
      for (let i = 0; i < textLength; i++) {
        text += random.next() < 0.02 ? strangers[random.int(strangers.length)] : alphabet[random.int(64)];
      }
      const validUrl = /^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1;
      const expectedUrl = validUrl ? Buffer.from(text, "base64url").toString("hex") : null;
      if (probe.base64Decode(text, true) !== expectedUrl) disagreements.push(`url-decode ${JSON.stringify(text)}`);
      const standard = text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat(random.int(4));
      const validStandard = /^[A-Za-z0-9+/]*={0,2}$/.test(standard) && standard.length % 4 === 0;
      const expectedStandard = validStandard ? Buffer.from(standard, "base64").toString("hex") : null;
      if (probe.base64Decode(standard, false) !== expectedStandard) disagreements.push(`decode ${JSON.stringify(standard)}`);
    }
    assert.deepEqual(disagreements.slice(0, 5), []);
  });

  it("reports the speed of SHA-256 and SHA-512 over 1 KiB", (context) => {
    const data = randomSource(SEED).bytes(1024);
    for (const { name, id } of DIGESTS.filter((digest) => digest.name !== "sha1" && digest.name !== "sha384")) {
      probe.digestMicroseconds(id, data, 2000);
      const microseconds = probe.digestMicroseconds(id, data, 20_000);
      context.diagnostic(`${name} of 1 KiB: ${microseconds.toFixed(2)} µs CPU (${(1024 / microseconds).toFixed(0)} MB/s)`);
      assert.ok(microseconds > 0);
    }
  });
});

const L = (1n << 252n) + 27742317777372353535851937790883648493n;

function littleEndian(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function fromLittleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

interface Ed25519Key {
  raw: Uint8Array;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** A fresh Ed25519 key pair and its raw 32-byte public key. */
function ed25519Key(): Ed25519Key {
  const { publicKey, privateKey } = freshKeyPair("ed25519");
  const spki = publicKey.export({ format: "der", type: "spki" });
  // An Ed25519 SubjectPublicKeyInfo ends with the 32-byte public key.
  return { raw: Uint8Array.from(spki.subarray(spki.length - 32)), publicKey, privateKey };
}

/** node:crypto's verdict; a key OpenSSL refuses to import verifies nothing. */
function nodeVerifies(rawKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(rawKey).toString("base64url") }, format: "jwk" });
  } catch {
    return false;
  }
  return verify(null, message, key, signature);
}

function flipBit(data: Uint8Array, random: Random): Uint8Array {
  const out = Uint8Array.from(data);
  if (out.length > 0) out[random.int(out.length)] ^= 1 << random.int(8);
  return out;
}

describe(`Ed25519 verification agrees with node:crypto (seed ${SEED})`, () => {
  let probe: CryptoProbe;
  before(async () => {
    probe = new CryptoProbe(await loadProbe("crypto"));
  });

  it(`${CASES} signatures by fresh keys: valid, and with the message, signature or key tampered`, (context) => {
    const random = randomSource(SEED + 30);
    const disagreements: string[] = [];
    const counts = { accepted: 0, rejected: 0 };
    let key = ed25519Key();
    let earlier = ed25519Key();
    for (let i = 0; i < CASES; i++) {
      if (i % 4 === 0) {
        earlier = key;
        key = ed25519Key();
      }
      const message = random.bytes(random.int(301));
      let signature: Uint8Array = sign(null, message, key.privateKey);
      let checked: Uint8Array = message;
      let rawKey = key.raw;
      const kind = i % 10;
      if (kind <= 3) {
        // valid as signed
      } else if (kind === 4) {
        checked = message.length > 0 && random.next() < 0.8 ? flipBit(message, random) : random.bytes(random.int(5));
      } else if (kind === 5) {
        signature = flipBit(signature, random);
      } else if (kind === 6) {
        // S + L and S + 2^253 still satisfy the equation modulo L but are not canonical: both must be refused.
        const s = fromLittleEndian(signature.subarray(32)) + (random.next() < 0.5 ? L : 1n << 253n);
        signature = Uint8Array.from([...signature.subarray(0, 32), ...littleEndian(s)]);
      } else if (kind === 7) {
        rawKey = flipBit(key.raw, random);
      } else if (kind === 8) {
        rawKey = earlier.raw;
      } else {
        signature = signature.subarray(0, random.next() < 0.5 ? 63 : 64);
        rawKey = random.next() < 0.5 ? rawKey : rawKey.subarray(0, 31);
      }
      const expected = signature.length === 64 && rawKey.length === 32 && nodeVerifies(rawKey, checked, signature);
      const verdict = probe.ed25519Verify(rawKey, checked, signature);
      if (verdict !== expected) {
        disagreements.push(
          `kind ${kind} key ${Buffer.from(rawKey).toString("hex")} message ${Buffer.from(checked).toString("hex")} ` +
            `signature ${Buffer.from(signature).toString("hex")}: node ${expected}`,
        );
      }
      counts[expected ? "accepted" : "rejected"]++;
    }
    context.diagnostic(`accepted ${counts.accepted}, rejected ${counts.rejected}`);
    assert.ok(counts.accepted >= CASES * 0.35 && counts.rejected >= CASES * 0.5, "both verdicts are well represented");
    assert.deepEqual(disagreements.slice(0, 5), []);
  });

  it("reports the speed of a verification with a prepared key, beside node:crypto's", (context) => {
    const key = ed25519Key();
    const message = randomSource(SEED).bytes(200);
    const signature = sign(null, message, key.privateKey);
    probe.ed25519VerifyMicroseconds(key.raw, message, signature, 100);
    const ours = probe.ed25519VerifyMicroseconds(key.raw, message, signature, 1000);
    const native = cpuMicroseconds(() => {
      for (let i = 0; i < 1000; i++) verify(null, message, key.publicKey, signature);
    }) / 1000;
    context.diagnostic(`ed25519 verify of 200 bytes: ${ours.toFixed(1)} µs CPU in the probe, ${native.toFixed(1)} µs in node:crypto`);
    assert.ok(ours > 0);
  });
});
