import { DigestAlgorithm } from "../../assembly/lib/crypto/digest";
import { Curve, EcPublicKey, ecdsaVerify } from "../../assembly/lib/crypto/ecdsa";
import { hexBytes } from "./pubkey_hex";

function ascii(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}

function flipped(bytes: Uint8Array, index: i32): Uint8Array {
  const copy = bytes.slice();
  copy[index] ^= 1;
  return copy;
}

// RFC 7515 Appendix A.3: ES256 over the JWS signing input.
const A3_X = hexBytes("7fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445");
const A3_Y = hexBytes("c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad");
const A3_INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A3_SIGNATURE = hexBytes(
  "0ed1215379636c483c2f7f155807d402a3b228033af97c7e17819ac3169ea665c50a07d38c3c70e5d8f12daf084a5480a66590c5f293509a8f3f7f8a83a354d5",
);
const P256_P = hexBytes("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
const P256_N = hexBytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

// RFC 6979 A.2.6: the P-384 key and its deterministic SHA-384 signature of "sample".
const P384_X = hexBytes("ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc13");
const P384_Y = hexBytes("8015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720");
const P384_SAMPLE_SHA384 = hexBytes(
  "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46" +
    "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8",
);
// RFC 6979 A.2.5: the P-256 key and its SHA-256 signature of "sample".
const P256_X = hexBytes("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
const P256_Y = hexBytes("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
const P256_SAMPLE_SHA256 = hexBytes(
  "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
);

describe("EcPublicKey.create", () => {
  it("accepts points on the curve", () => {
    expect(EcPublicKey.create(Curve.P256, A3_X, A3_Y)).not.toBeNull();
    expect(EcPublicKey.create(Curve.P384, P384_X, P384_Y)).not.toBeNull();
  });

  it("refuses a point off the curve, a coordinate not below p, a wrong length, the other curve", () => {
    expect(EcPublicKey.create(Curve.P256, A3_X, flipped(A3_Y, 31))).toBeNull();
    expect(EcPublicKey.create(Curve.P256, P256_P, A3_Y)).toBeNull();
    expect(EcPublicKey.create(Curve.P256, A3_X.subarray(1), A3_Y)).toBeNull();
    expect(EcPublicKey.create(Curve.P384, A3_X, A3_Y)).toBeNull();
    expect(EcPublicKey.create(Curve.P256, new Uint8Array(32), new Uint8Array(32))).toBeNull();
  });
});

describe("ecdsaVerify", () => {
  it("verifies RFC 7515 A.3 (ES256)", () => {
    const key = EcPublicKey.create(Curve.P256, A3_X, A3_Y)!;
    expect(ecdsaVerify(key, DigestAlgorithm.Sha256, ascii(A3_INPUT), A3_SIGNATURE)).toBe(true);
  });

  it("verifies RFC 6979 A.2.5 (P-256, SHA-256) and A.2.6 (P-384, SHA-384)", () => {
    const p256 = EcPublicKey.create(Curve.P256, P256_X, P256_Y)!;
    expect(ecdsaVerify(p256, DigestAlgorithm.Sha256, ascii("sample"), P256_SAMPLE_SHA256)).toBe(true);
    const p384 = EcPublicKey.create(Curve.P384, P384_X, P384_Y)!;
    expect(ecdsaVerify(p384, DigestAlgorithm.Sha384, ascii("sample"), P384_SAMPLE_SHA384)).toBe(true);
    expect(ecdsaVerify(p384, DigestAlgorithm.Sha384, ascii("sampler"), P384_SAMPLE_SHA384)).toBe(false);
  });

  it("rejects a changed message, a changed r or s, another hash, another key", () => {
    const key = EcPublicKey.create(Curve.P256, A3_X, A3_Y)!;
    const message = ascii(A3_INPUT);
    expect(ecdsaVerify(key, DigestAlgorithm.Sha256, flipped(message, 3), A3_SIGNATURE)).toBe(false);
    expect(ecdsaVerify(key, DigestAlgorithm.Sha256, message, flipped(A3_SIGNATURE, 5))).toBe(false);
    expect(ecdsaVerify(key, DigestAlgorithm.Sha256, message, flipped(A3_SIGNATURE, 60))).toBe(false);
    expect(ecdsaVerify(key, DigestAlgorithm.Sha384, message, A3_SIGNATURE)).toBe(false);
    const other = EcPublicKey.create(Curve.P256, P256_X, P256_Y)!;
    expect(ecdsaVerify(other, DigestAlgorithm.Sha256, message, A3_SIGNATURE)).toBe(false);
  });

  it("rejects r or s of zero or not below n, and a signature of the wrong length", () => {
    const key = EcPublicKey.create(Curve.P256, A3_X, A3_Y)!;
    const message = ascii(A3_INPUT);
    const zeroR = A3_SIGNATURE.slice();
    zeroR.fill(0, 0, 32);
    expect(ecdsaVerify(key, DigestAlgorithm.Sha256, message, zeroR)).toBe(false);
    const bigS = A3_SIGNATURE.slice();
    bigS.set(P256_N, 32);
    expect(ecdsaVerify(key, DigestAlgorithm.Sha256, message, bigS)).toBe(false);
    expect(ecdsaVerify(key, DigestAlgorithm.Sha256, message, A3_SIGNATURE.subarray(1))).toBe(false);
  });
});
