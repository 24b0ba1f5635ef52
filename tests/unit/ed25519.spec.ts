// RFC 8032 §7.1 Ed25519 test vectors (tests 1, 2, 3 and SHA(abc)), and what verification must reject:
// tampered messages and signatures, S >= L, and public keys that are not canonical encodings of curve points.
import { Ed25519PublicKey, ed25519Verify } from "../../common/crypto/ed25519";

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = <u8>I32.parseInt(hex.substr(i << 1, 2), 16);
  return out;
}

function flipped(data: Uint8Array, index: i32, mask: u8): Uint8Array {
  const out = data.slice(0);
  out[index] ^= mask;
  return out;
}

const KEY_1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const SIG_1 =
  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
const KEY_2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
const SIG_2 =
  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
const KEY_3 = "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025";
const SIG_3 =
  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a";
const KEY_ABC = "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf";
const MESSAGE_ABC =
  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
const SIG_ABC =
  "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704";

// The base point B, and the signature (R = B, S = 1) that any small-order key A satisfies cofactorlessly.
const BASE = "5866666666666666666666666666666666666666666666666666666666666666";
const ONE = "0100000000000000000000000000000000000000000000000000000000000000";

describe("ed25519Verify (RFC 8032 §7.1)", () => {
  it("accepts test 1 (empty message)", () => {
    expect(ed25519Verify(fromHex(KEY_1), new Uint8Array(0), fromHex(SIG_1))).toBe(true);
  });

  it("accepts test 2 (one byte)", () => {
    expect(ed25519Verify(fromHex(KEY_2), fromHex("72"), fromHex(SIG_2))).toBe(true);
  });

  it("accepts test 3 (two bytes)", () => {
    expect(ed25519Verify(fromHex(KEY_3), fromHex("af82"), fromHex(SIG_3))).toBe(true);
  });

  it("accepts test SHA(abc)", () => {
    expect(ed25519Verify(fromHex(KEY_ABC), fromHex(MESSAGE_ABC), fromHex(SIG_ABC))).toBe(true);
  });

  it("rejects another key's signature and a changed message", () => {
    expect(ed25519Verify(fromHex(KEY_2), new Uint8Array(0), fromHex(SIG_1))).toBe(false);
    expect(ed25519Verify(fromHex(KEY_2), fromHex("73"), fromHex(SIG_2))).toBe(false);
    expect(ed25519Verify(fromHex(KEY_3), fromHex("af"), fromHex(SIG_3))).toBe(false);
  });

  it("rejects a signature with any bit of R or S flipped", () => {
    const key = fromHex(KEY_3);
    const message = fromHex("af82");
    const signature = fromHex(SIG_3);
    for (let i = 0; i < 64; i++) {
      for (let bit = 0; bit < 8; bit++) expect(ed25519Verify(key, message, flipped(signature, i, <u8>(<i32>1 << bit)))).toBe(false);
    }
  });

  it("rejects S + L, which satisfies the equation but is not canonical", () => {
    const withSPlusL =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901554c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b";
    expect(ed25519Verify(fromHex(KEY_1), new Uint8Array(0), fromHex(withSPlusL))).toBe(false);
  });

  it("rejects keys and signatures of the wrong length", () => {
    expect(ed25519Verify(fromHex(KEY_1).subarray(0, 31), new Uint8Array(0), fromHex(SIG_1))).toBe(false);
    expect(ed25519Verify(fromHex(KEY_1), new Uint8Array(0), fromHex(SIG_1).subarray(0, 63))).toBe(false);
  });

  it("rejects a key whose y has no x on the curve (y = 2)", () => {
    const key = "0200000000000000000000000000000000000000000000000000000000000000";
    expect(ed25519Verify(fromHex(key), new Uint8Array(0), fromHex(BASE + ONE))).toBe(false);
  });

  it("verifies cofactorlessly: the identity key accepts R = B, S = 1, as OpenSSL does", () => {
    expect(ed25519Verify(fromHex(ONE), fromHex("6869"), fromHex(BASE + ONE))).toBe(true);
  });

  it("rejects non-canonical key encodings of that identity (RFC 8032 §5.1.3, stricter than OpenSSL 3.0)", () => {
    const yIsPPlusOne = "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
    const xZeroWithSignBit = "0100000000000000000000000000000000000000000000000000000000000080";
    expect(ed25519Verify(fromHex(yIsPPlusOne), fromHex("6869"), fromHex(BASE + ONE))).toBe(false);
    expect(ed25519Verify(fromHex(xZeroWithSignBit), fromHex("6869"), fromHex(BASE + ONE))).toBe(false);
  });
});

describe("Ed25519PublicKey", () => {
  it("is created once and verifies many messages", () => {
    const key = Ed25519PublicKey.create(fromHex(KEY_3));
    expect(key).not.toBeNull();
    const prepared = <Ed25519PublicKey>key;
    expect(prepared.verify(fromHex("af82"), fromHex(SIG_3))).toBe(true);
    expect(prepared.verify(fromHex("af83"), fromHex(SIG_3))).toBe(false);
    expect(prepared.verify(fromHex("af82"), fromHex(SIG_3))).toBe(true);
  });

  it("refuses encodings that are not public keys", () => {
    expect(Ed25519PublicKey.create(fromHex("0200000000000000000000000000000000000000000000000000000000000000"))).toBeNull();
    expect(Ed25519PublicKey.create(fromHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))).toBeNull();
    expect(Ed25519PublicKey.create(fromHex(KEY_3).subarray(1))).toBeNull();
  });
});
