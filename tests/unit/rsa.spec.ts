import { DigestAlgorithm } from "../../common/crypto/digest";
import { RsaPublicKey, rsaVerifyPkcs1v15, rsaVerifyPss } from "../../common/crypto/rsa";
import { hexBytes } from "./pubkey_hex";

function ascii(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}

function flipped(bytes: Uint8Array, index: i32): Uint8Array {
  const copy = bytes.slice();
  copy[index] ^= 1;
  return copy;
}

const E = hexBytes("010001");

// RFC 7515 Appendix A.2: RS256 over the JWS signing input, with the RFC 7517 Appendix A.1 key.
const A2_N = hexBytes(
  "a1f8160ae2e3c9b465ce8d2d656263362b927dbe29e1f02477fc1625cc90a136e38bd93497c5b6ea63dd7711e67c7429f956b0fb8a8f089adc4b69893cc1333f" +
    "53edd019b87784252fec914fe4857769594bea4280d32c0f55bf62944f130396bc6e9bdf6ebdd2bda3678eeca0c668f701b38dbffb38c8342ce2fe6d27fade4a" +
    "5a4874979dd4b9cf9adec4c75b05852c2c0f5ef8a5c1750392f944e8ed64c110c6b647609aa4783aeb9c6c9ad755313050638b83665c6f6f7a82a396702a1f64" +
    "1b82d3ebf2392219491fb686872c5716f50af8358d9a8b9d17c340728f7f87d89a18d8fcab67ad84590c2ecf759339363c07034d6f606f9e21e05456cae5e9a1",
);
const A2_INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A2_SIGNATURE = hexBytes(
  "702e218943e88fd11eb5d82dbf7845f34106ae1b81fff7731116add1717d83656d420afd3c96eedd73a2663e5166687b000b87226e0187ed1073f945e582adfc" +
    "ef16d85a798ee8c66ddb3db8975b17d09402beedd5d9d97007108db28160d5f8040ca7445762b81fbe7ff9d92e0ae76f24f25b33bbe6f44ae61eb1040acb2004" +
    "4d3ef9128ed40130795bd4bd3b41eecad066ab651981fde48df77f372dc38b9fafdd3befb18b5da3cc3c2eb02f9e3a41d612caad15911273a05f23b9e838faaf" +
    "849d698429ef5a1e88798236c3d40e604522a544c8f27a7a2db80663d16cf7caea56de405cb2215a45b2c25566b55ac1a748a070dfc8a32a469543d019eefb47",
);

// RFC 7520 section 4.1 (RS256) and 4.2 (PS384), both with the RFC 7520 section 3.4 key "bilbo.baggins@hobbiton.example".
const BILBO_N = hexBytes(
  "9f810fb4038273d02591e4073f31d2b6001b82cedb4d92f050165d47cfcab8a3c41cb778ac7553793f8ef975768d1a2374d8712564c3bcd77b9ea434544899" +
    "407cff0099920a931a24c4414852ab29bdb0a95c0653f36c60e60bf90b6258dda56f37047ba5c2d1d029af9c9d40bac7aa41c78a0dd1068add699e808fea011e" +
    "a1441d8a4f7bb4e97be39f55f1ddd44e9c4ba335159703d4d34b603e65147a4f23d6d3c0996c75edee846a82d190ae10783c961cf0387aed2106d2d0555b6fd9" +
    "37fad5535387e0ff72ffbe78941402b0b822ea2a74b6058c1dabf9b34a76cb63b87faa2c6847b8e2837fff91186e6b1c14911cf989a89092a81ce601ddacd3f9cf",
);
const RFC7520_PAYLOAD =
  "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24n" +
  "dCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4";
const RFC7520_41_INPUT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9." + RFC7520_PAYLOAD;
const RFC7520_41_SIGNATURE = hexBytes(
  "3118dd925cbbffea133d34b70173f8d6240818a6bcd00d19993b95e4c11a1e8c675b67b9099e4d94ab5a8a7a0598a668a5d1ccd4ed94e26c3325d431f7dea2be" +
    "9f37c6e825208ecf3438bce309c1f810e4a01c00efcd7ce615fe12ce092309832c92b795f5916be5ed2f446796db98bfbe3a8984e1fea1d10faf0136dd6e48d0" +
    "ab5024c90ede5a004eb1f305b52adf5e468e103e871269d9c75c5c67b7c22cf54ce911157478f3d074bb96dc84bf75edf1c88ac368b19d8e5b8fc540216fa2f6" +
    "69789cd54d76a6874653428b510484fe823e66798a277178b8e6439dde9065626eb21678d40c5ffdf7087bcbbd8a91fce28828ade7bbbe36d4e72d7c903aae0e",
);
const RFC7520_42_INPUT = "eyJhbGciOiJQUzM4NCIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9." + RFC7520_PAYLOAD;
const RFC7520_42_SIGNATURE = hexBytes(
  "72edb6781aa46032a02254e9cc35c6bda15fcfa586a33edf50371f4f49243b2e369a2021daac81ce4d7112c9e4d88a4debeb4f89de95ae494792ab06a83a87" +
    "09d3fa3bc4d30797430c8b65955a3aff538b3e971b52b8625123316db5d4bddbd65f383e503f1b8a245e40595fcf6f3319656c76234051ff199f23c4815167e3" +
    "8d9974daa254946606aad84577bc3ff8a343ba7c55dcf44d3af151e4f7966f1df6c867af695f253f089948ef000d977b3d8c969f1c044e5ac03cd3d2a2349fab" +
    "a23f568237fdbf8cb01e41396a447b5f6bae1041252614002354a3db0728bbc61a34b9339c6c7e75d1ae8662625401f9968f067aa03e227caa3c0d833e5fbd846b",
);

describe("RsaPublicKey.create", () => {
  it("accepts the RFC keys, with or without a leading zero byte", () => {
    expect(RsaPublicKey.create(A2_N, E)).not.toBeNull();
    const padded = new Uint8Array(A2_N.length + 1);
    padded.set(A2_N, 1);
    expect(RsaPublicKey.create(padded, E)!.byteLength).toBe(256);
  });

  it("refuses an even modulus, one under 1024 bits, and an exponent that is even, below 3, not below n or over 64 bits", () => {
    expect(RsaPublicKey.create(flipped(A2_N, A2_N.length - 1), E)).toBeNull();
    expect(RsaPublicKey.create(A2_N.subarray(129), E)).toBeNull();
    expect(RsaPublicKey.create(A2_N, hexBytes("010000"))).toBeNull();
    expect(RsaPublicKey.create(A2_N, hexBytes("01"))).toBeNull();
    expect(RsaPublicKey.create(A2_N, hexBytes("0001"))).toBeNull();
    expect(RsaPublicKey.create(A2_N, hexBytes("03"))).not.toBeNull();
    expect(RsaPublicKey.create(A2_N, A2_N)).toBeNull();
    expect(RsaPublicKey.create(A2_N, hexBytes("ffffffffffffffff"))).not.toBeNull();
    expect(RsaPublicKey.create(A2_N, hexBytes("010000000000000001"))).toBeNull();
  });
});

describe("rsaVerifyPkcs1v15", () => {
  it("verifies RFC 7515 A.2 (RS256)", () => {
    const key = RsaPublicKey.create(A2_N, E)!;
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, ascii(A2_INPUT), A2_SIGNATURE)).toBe(true);
  });

  it("verifies RFC 7520 4.1 (RS256)", () => {
    const key = RsaPublicKey.create(BILBO_N, E)!;
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, ascii(RFC7520_41_INPUT), RFC7520_41_SIGNATURE)).toBe(true);
  });

  it("rejects a changed message, a changed signature, another hash, another key", () => {
    const key = RsaPublicKey.create(A2_N, E)!;
    const message = ascii(A2_INPUT);
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, flipped(message, 10), A2_SIGNATURE)).toBe(false);
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, message, flipped(A2_SIGNATURE, 100))).toBe(false);
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha384, message, A2_SIGNATURE)).toBe(false);
    expect(rsaVerifyPkcs1v15(RsaPublicKey.create(BILBO_N, E)!, DigestAlgorithm.Sha256, message, A2_SIGNATURE)).toBe(false);
  });

  it("rejects a signature that is not exactly k bytes, or not below n", () => {
    const key = RsaPublicKey.create(A2_N, E)!;
    const message = ascii(A2_INPUT);
    const longer = new Uint8Array(257);
    longer.set(A2_SIGNATURE, 1);
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, message, longer)).toBe(false);
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, message, A2_SIGNATURE.subarray(1))).toBe(false);
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, message, A2_N)).toBe(false);
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha256, message, new Uint8Array(256))).toBe(false);
  });

  it("does not verify a PSS signature", () => {
    const key = RsaPublicKey.create(BILBO_N, E)!;
    expect(rsaVerifyPkcs1v15(key, DigestAlgorithm.Sha384, ascii(RFC7520_42_INPUT), RFC7520_42_SIGNATURE)).toBe(false);
  });
});

describe("rsaVerifyPss", () => {
  it("verifies RFC 7520 4.2 (PS384)", () => {
    const key = RsaPublicKey.create(BILBO_N, E)!;
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha384, ascii(RFC7520_42_INPUT), RFC7520_42_SIGNATURE)).toBe(true);
  });

  it("rejects a changed message, a changed signature, another hash", () => {
    const key = RsaPublicKey.create(BILBO_N, E)!;
    const message = ascii(RFC7520_42_INPUT);
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha384, flipped(message, 0), RFC7520_42_SIGNATURE)).toBe(false);
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha384, message, flipped(RFC7520_42_SIGNATURE, 255))).toBe(false);
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha256, message, RFC7520_42_SIGNATURE)).toBe(false);
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha512, message, RFC7520_42_SIGNATURE)).toBe(false);
  });

  it("reads a signature shorter than the modulus as left-padded (as OpenSSL does for PSS), never a longer one", () => {
    const key = RsaPublicKey.create(BILBO_N, E)!;
    const message = ascii(RFC7520_42_INPUT);
    const padded = new Uint8Array(257);
    padded.set(RFC7520_42_SIGNATURE, 1);
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha384, message, padded)).toBe(false);
    // The RFC signature has no leading zero byte: dropping its first byte changes the integer.
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha384, message, RFC7520_42_SIGNATURE.subarray(1))).toBe(false);
  });

  it("does not verify a PKCS#1 v1.5 signature", () => {
    const key = RsaPublicKey.create(BILBO_N, E)!;
    expect(rsaVerifyPss(key, DigestAlgorithm.Sha256, ascii(RFC7520_41_INPUT), RFC7520_41_SIGNATURE)).toBe(false);
  });
});
