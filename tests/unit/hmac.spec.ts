// RFC 4231 test cases 1-7 for HMAC-SHA-256/384/512 (case 5 compares the 128-bit truncation, as the RFC does).
import { toHex } from "../../assembly/wire/hex";
import { DigestAlgorithm } from "../../common/crypto/digest";
import { HmacKey, hmac } from "../../common/crypto/hmac";
import { constantTimeEquals } from "../../common/crypto/constant_time";

function text(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function repeat(byte: u8, count: i32): Uint8Array {
  const out = new Uint8Array(count);
  out.fill(byte);
  return out;
}

function counting(count: i32): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = <u8>(i + 1);
  return out;
}

function check(key: Uint8Array, data: Uint8Array, sha256: string, sha384: string, sha512: string): void {
  expect(toHex(hmac(DigestAlgorithm.Sha256, key, data).buffer)).toBe(sha256);
  expect(toHex(hmac(DigestAlgorithm.Sha384, key, data).buffer)).toBe(sha384);
  expect(toHex(hmac(DigestAlgorithm.Sha512, key, data).buffer)).toBe(sha512);
}

describe("hmac (RFC 4231)", () => {
  it("test case 1: 20-byte key", () => {
    check(repeat(0x0b, 20), text("Hi There"),
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
      "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
  });

  it("test case 2: key shorter than the output", () => {
    check(text("Jefe"), text("what do ya want for nothing?"),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
  });

  it("test case 3: 50 bytes of 0xdd", () => {
    check(repeat(0xaa, 20), repeat(0xdd, 50),
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
      "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
      "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb");
  });

  it("test case 4: 25-byte key 0x01..0x19", () => {
    check(counting(25), repeat(0xcd, 50),
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
      "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
      "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd");
  });

  it("test case 5: truncation to 128 bits", () => {
    const key = repeat(0x0c, 20);
    const data = text("Test With Truncation");
    expect(toHex(hmac(DigestAlgorithm.Sha256, key, data).slice(0, 16).buffer)).toBe("a3b6167473100ee06e0c796c2955552b");
    expect(toHex(hmac(DigestAlgorithm.Sha384, key, data).slice(0, 16).buffer)).toBe("3abf34c3503b2a23a46efc619baef897");
    expect(toHex(hmac(DigestAlgorithm.Sha512, key, data).slice(0, 16).buffer)).toBe("415fad6271580a531d4179bc891d87a6");
  });

  it("test case 6: 131-byte key, hashed first", () => {
    check(repeat(0xaa, 131), text("Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
      "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
  });

  it("test case 7: 131-byte key and data longer than a block", () => {
    check(repeat(0xaa, 131),
      text("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
      "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
      "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58");
  });
});

describe("constantTimeEquals", () => {
  it("is true only for the same bytes of the same length", () => {
    expect(constantTimeEquals(text("secret"), text("secret"))).toBe(true);
    expect(constantTimeEquals(text(""), text(""))).toBe(true);
    expect(constantTimeEquals(text("secret"), text("secreT"))).toBe(false);
    expect(constantTimeEquals(text("Secret"), text("secret"))).toBe(false);
    expect(constantTimeEquals(text("secret"), text("secret!"))).toBe(false);
  });
});

describe("HmacKey", () => {
  it("gives hmac's MAC for short, block-sized and long keys, reused across messages", () => {
    const keys: Uint8Array[] = [text("Jefe"), repeat(0xaa, 64), repeat(0xaa, 128), repeat(0xaa, 131), new Uint8Array(0)];
    const messages: Uint8Array[] = [new Uint8Array(0), text("what do ya want for nothing?"), repeat(0xdd, 200)];
    for (let a = 0; a < 3; a++) {
      const algorithm = <DigestAlgorithm>a;
      for (let k = 0; k < keys.length; k++) {
        const prepared = new HmacKey(algorithm, keys[k]);
        for (let m = 0; m < messages.length; m++) {
          expect(toHex(prepared.mac(messages[m]).buffer)).toBe(toHex(hmac(algorithm, keys[k], messages[m]).buffer));
        }
      }
    }
  });

  it("matches RFC 4231 test case 2", () => {
    const prepared = new HmacKey(DigestAlgorithm.Sha256, text("Jefe"));
    expect(toHex(prepared.mac(text("what do ya want for nothing?")).buffer)).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});
