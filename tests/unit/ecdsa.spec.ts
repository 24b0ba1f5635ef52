import { DigestAlgorithm } from "../../common/crypto/digest";
import { Curve, EcPublicKey, ecdsaVerify } from "../../common/crypto/ecdsa";
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

// Keys whose point is the generator (d = 1) or its negation (d = n - 1), with signatures of "sample" made and checked
// by node:crypto: they drive the point additions into their special cases (adding a point to itself, and G + Q = 0).
const P256_GX = hexBytes("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
const P256_GY = hexBytes("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
const P256_NEG_GY = hexBytes("b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a");
const P256_D1_SIGNATURE = hexBytes(
  "d973f11d450c87266c7b9935934bda14358f619d657c2f1952877bd48557b203e0c27ac19e3987bc6cbce58993b60f17f569feef0c580f145b156e73d6a32564",
);
const P256_DN1_SIGNATURE = hexBytes(
  "5d021581353744186ce59b901cc73e58ff46286601f5a334b2770ecc1227b551cb312dcf44a08fdf1c7594f9bb0adfa7c81418247c690239b36c7df6337a13bf",
);
const P384_GX = hexBytes("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7");
const P384_GY = hexBytes("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f");
const P384_NEG_GY = hexBytes("c9e821b569d9d390a26167406d6d23d6070be242d765eb831625ceec4a0f473ef59f4e30e2817e6285bce2846f15f1a0");
const P384_D1_SIGNATURE = hexBytes(
  "717145fe29941215c5d5678031d4d0a432abb20ffc8b41e066b00b4f5d767711d900d0ef646ff38ec47b4590f3582d7c" +
    "cab9451905943ebd0676c86049a8af662cc7e9897960b4e7f44b4c4480646b2cdaed18b17ef9474524b6e247f2d3be11",
);
const P384_DN1_SIGNATURE = hexBytes(
  "27870c582f3d0a2c78b4dac51b2b1d862715dc5f921d1cecfb8fffdb93bb7479f412784252d464f7d71570a6b1705736" +
    "f333dbf5ece0d8d716369a3ec6c9fedcb8ea71ee1d6e517a96a25b94bbb584828d14525c5c06431b20f0110e17b0a2f7",
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

  it("verifies with Q = G and Q = -G, where the additions meet P + P and P + (-P)", () => {
    const sample = ascii("sample");
    const p256 = EcPublicKey.create(Curve.P256, P256_GX, P256_GY)!;
    expect(ecdsaVerify(p256, DigestAlgorithm.Sha256, sample, P256_D1_SIGNATURE)).toBe(true);
    expect(ecdsaVerify(p256, DigestAlgorithm.Sha256, sample, P256_DN1_SIGNATURE)).toBe(false);
    const p256Negated = EcPublicKey.create(Curve.P256, P256_GX, P256_NEG_GY)!;
    expect(ecdsaVerify(p256Negated, DigestAlgorithm.Sha256, sample, P256_DN1_SIGNATURE)).toBe(true);
    const p384 = EcPublicKey.create(Curve.P384, P384_GX, P384_GY)!;
    expect(ecdsaVerify(p384, DigestAlgorithm.Sha384, sample, P384_D1_SIGNATURE)).toBe(true);
    const p384Negated = EcPublicKey.create(Curve.P384, P384_GX, P384_NEG_GY)!;
    expect(ecdsaVerify(p384Negated, DigestAlgorithm.Sha384, sample, P384_DN1_SIGNATURE)).toBe(true);
    expect(ecdsaVerify(p384Negated, DigestAlgorithm.Sha384, sample, P384_D1_SIGNATURE)).toBe(false);
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
