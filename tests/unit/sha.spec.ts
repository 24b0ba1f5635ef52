// FIPS 180-4 example vectors (NIST "Examples with intermediate values": abc, the 448- and 896-bit messages, one
// million 'a') for SHA-1, SHA-256, SHA-384 and SHA-512, plus incremental hashing across block boundaries.
import { toHex } from "../../assembly/wire/hex";
import { sha1 } from "../../common/crypto/sha1";
import { Sha256, sha256 } from "../../common/crypto/sha256";
import { Sha512, sha384, sha512 } from "../../common/crypto/sha512";
import { DigestAlgorithm, digest, digestLength, sharedDigester } from "../../common/crypto/digest";

const M448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const M896 =
  "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

function text(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function millionA(): Uint8Array {
  const data = new Uint8Array(1000000);
  data.fill(0x61);
  return data;
}

function hex(bytes: Uint8Array): string {
  return toHex(bytes.buffer);
}

function counting(length: i32): Uint8Array {
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = <u8>(i * 7 + 3);
  return data;
}

describe("sha256", () => {
  it("hashes the FIPS 180-4 examples", () => {
    expect(hex(sha256(text("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(text(M448)))).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect(hex(sha256(millionA()))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("hashes the empty message", () => {
    expect(hex(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("gives the same digest when fed in pieces of every size around a block", () => {
    const data = counting(300);
    const whole = hex(sha256(data));
    for (let piece = 1; piece <= 130; piece++) {
      const hasher = new Sha256();
      for (let at = 0; at < data.length; at += piece) hasher.update(data.subarray(at, min(at + piece, data.length)));
      expect(hex(hasher.finish())).toBe(whole);
    }
  });
});

describe("sha512 and sha384", () => {
  it("hashes the FIPS 180-4 examples with SHA-512", () => {
    expect(hex(sha512(text("abc")))).toBe(
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    );
    expect(hex(sha512(text(M896)))).toBe(
      "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
    );
    expect(hex(sha512(millionA()))).toBe(
      "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
    );
    expect(hex(sha512(new Uint8Array(0)))).toBe(
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    );
  });

  it("hashes the FIPS 180-4 examples with SHA-384", () => {
    expect(hex(sha384(text("abc")))).toBe(
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    );
    expect(hex(sha384(text(M896)))).toBe(
      "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
    );
    expect(hex(sha384(millionA()))).toBe(
      "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
    );
  });

  it("gives the same digest when fed in pieces of every size around a block", () => {
    const data = counting(400);
    const whole = hex(sha512(data));
    for (let piece = 1; piece <= 260; piece += 3) {
      const hasher = new Sha512();
      for (let at = 0; at < data.length; at += piece) hasher.update(data.subarray(at, min(at + piece, data.length)));
      expect(hex(hasher.finish())).toBe(whole);
    }
  });
});

describe("sha1", () => {
  it("hashes the FIPS 180-4 examples", () => {
    expect(hex(sha1(text("abc")))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(hex(sha1(text(M448)))).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    expect(hex(sha1(millionA()))).toBe("34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    expect(hex(sha1(new Uint8Array(0)))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
  });
});

describe("digest", () => {
  it("dispatches by algorithm and reports each length", () => {
    const data = text("abc");
    expect(hex(digest(DigestAlgorithm.Sha256, data))).toBe(hex(sha256(data)));
    expect(hex(digest(DigestAlgorithm.Sha384, data))).toBe(hex(sha384(data)));
    expect(hex(digest(DigestAlgorithm.Sha512, data))).toBe(hex(sha512(data)));
    expect(digestLength(DigestAlgorithm.Sha256)).toBe(32);
    expect(digestLength(DigestAlgorithm.Sha384)).toBe(48);
    expect(digestLength(DigestAlgorithm.Sha512)).toBe(64);
  });

  it("hashes pieces through the shared digester", () => {
    const hasher = sharedDigester(DigestAlgorithm.Sha384);
    hasher.update(text("a")).update(text("bc"));
    expect(hex(hasher.finish())).toBe(hex(sha384(text("abc"))));
  });
});
