import {
  MontgomeryModulus,
  addLimbs,
  bitLength,
  compare,
  isZero,
  limbsFromBytes,
  limbsToBytes,
  subLimbs,
} from "../../common/crypto/bignum";
import { bytesHex, hexBytes } from "./pubkey_hex";

// P-256's field prime and two field elements; the expected results were computed with JavaScript BigInt.
const P256 = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const A = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
const B = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
// An odd 1024-bit modulus 2^1023 + 24691.
const M1024 =
  "80000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
  "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006073";

function num(hex: string, limbs: i32): StaticArray<u32> {
  return limbsFromBytes(hexBytes(hex), limbs)!;
}

function hex(a: StaticArray<u32>, bytes: i32): string {
  return bytesHex(limbsToBytes(a, bytes));
}

function field(): MontgomeryModulus {
  return MontgomeryModulus.create(num(P256, 8))!;
}

/** a * b mod m through Montgomery form and back. */
function mulMod(m: MontgomeryModulus, a: StaticArray<u32>, b: StaticArray<u32>): StaticArray<u32> {
  const am = new StaticArray<u32>(m.limbs);
  const bm = new StaticArray<u32>(m.limbs);
  m.toMontgomery(am, a);
  m.toMontgomery(bm, b);
  m.montMul(am, am, bm);
  m.fromMontgomery(am, am);
  return am;
}

describe("bignum bytes", () => {
  it("round-trips big-endian bytes, leading zeros included", () => {
    expect(hex(num("00000102030405060708090a", 3), 12)).toBe("00000102030405060708090a");
    expect(hex(num(A, 8), 32)).toBe(A);
  });

  it("ignores leading zero bytes beyond the limbs and refuses values that do not fit", () => {
    expect(limbsFromBytes(hexBytes("0000000000000001"), 1)).not.toBeNull();
    expect(limbsFromBytes(hexBytes("0000000100000000"), 1)).toBeNull();
  });

  it("counts bits", () => {
    expect(bitLength(num("00", 2))).toBe(0);
    expect(bitLength(num("01", 2))).toBe(1);
    expect(bitLength(num("0100000000", 2))).toBe(33);
    expect(bitLength(num(M1024, 32))).toBe(1024);
  });
});

describe("bignum add, sub, compare", () => {
  it("carries and borrows across every limb", () => {
    const ones = num("ffffffffffffffffffffffff", 3);
    const one = num("01", 3);
    const sum = new StaticArray<u32>(3);
    expect(addLimbs(sum, ones, one)).toBe(1);
    expect(isZero(sum)).toBe(true);
    expect(subLimbs(sum, sum, one)).toBe(1);
    expect(compare(sum, ones)).toBe(0);
  });

  it("compares from the top limb", () => {
    expect(compare(num("0100000000", 2), num("ffffffff", 2))).toBe(1);
    expect(compare(num("ffffffff", 2), num("0100000000", 2))).toBe(-1);
  });

  it("adds and subtracts modulo p", () => {
    const m = field();
    const out = new StaticArray<u32>(8);
    m.addMod(out, num(A, 8), num(B, 8));
    expect(hex(out, 32)).toBe("bafb14d5df46c1e387a4d22fdfb3df08a2d1b0d8991c926fc05779ae1058148b");
    m.subMod(out, num(B, 8), num(A, 8));
    expect(hex(out, 32)).toBe("e4cb70ef1cee3d54962b0465186b5d23b4cab5d73d462b2dd71507225f268f5e");
  });
});

describe("MontgomeryModulus", () => {
  it("refuses an even modulus, zero and one", () => {
    expect(MontgomeryModulus.create(num("0100", 2))).toBeNull();
    expect(MontgomeryModulus.create(num("00", 2))).toBeNull();
    expect(MontgomeryModulus.create(num("01", 2))).toBeNull();
  });

  it("multiplies modulo the P-256 prime", () => {
    expect(hex(mulMod(field(), num(A, 8), num(B, 8)), 32)).toBe(
      "823cd15f6dd3c71933565064513a6b2bd183e554c6a08622f713ebbbface98be",
    );
  });

  it("to and from Montgomery form is the identity, and R mod m is one", () => {
    const m = field();
    const t = new StaticArray<u32>(8);
    m.toMontgomery(t, num(A, 8));
    m.fromMontgomery(t, t);
    expect(hex(t, 32)).toBe(A);
    m.fromMontgomery(t, m.one);
    expect(hex(t, 32)).toBe("0000000000000000000000000000000000000000000000000000000000000001");
  });

  it("raises to a small exponent bit by bit and to a long one by windows", () => {
    const m = field();
    const t = new StaticArray<u32>(8);
    m.toMontgomery(t, num(A, 8));
    m.modPow(t, t, num("010001", 1));
    m.fromMontgomery(t, t);
    expect(hex(t, 32)).toBe("0ecd5944c42790abac87c8baed1ee906c9f08ec88f469d9a9eddf01e8c4094c3");

    const r = MontgomeryModulus.create(num(M1024, 32))!;
    const u = new StaticArray<u32>(32);
    r.toMontgomery(u, num(B, 32));
    r.modPow(u, u, num(A, 8));
    r.fromMontgomery(u, u);
    expect(hex(u, 128)).toBe(
      "1d729881f11ebd692a402eec776766040338bbac7932d46b058e7fde902e0dced638c10d2f94e592b82eee766fa606ef4a1a5eec4cd19578728f42351062f9f7" +
        "1801cd06aba613b2f82458018d8b5d24e3ea41b4b8b5dc6ef83d21cd9f6c4f383ca024c67e262b1a86e1be5216adc8607761c3ec422f761d002eed2395f55336",
    );
    r.toMontgomery(u, num(B, 32));
    r.modPow(u, u, num("010001", 1));
    r.fromMontgomery(u, u);
    expect(hex(u, 128)).toBe(
      "46f3cd3108366aed0e0663a4df18e2421eb28b5e86ffca219694c16bc73224ffb56ef9782ab936d533898fcd1a306b01b7e5fd090b68c4f1164077b152fe0540" +
        "d4d5634c4511a311116b09872ae4f968678b66177dbba35b079788d2e99e7042d7ea51e6b010339f058c1237dadab4c768d211bb8b097efccc189646b5936577",
    );
  });

  it("inverts modulo a prime (Fermat), and a times its inverse is one", () => {
    const m = field();
    const a = new StaticArray<u32>(8);
    const inverse = new StaticArray<u32>(8);
    m.toMontgomery(a, num(A, 8));
    m.inversePrime(inverse, a);
    m.montMul(a, a, inverse);
    expect(compare(a, m.one)).toBe(0);
    m.fromMontgomery(inverse, inverse);
    expect(hex(inverse, 32)).toBe("e060cbb088706d5d24936933b69b16ab707d656273744b65664c49e577f35238");
  });

  it("a^(p-1) is one for every small a (Fermat's little theorem)", () => {
    const m = field();
    const t = new StaticArray<u32>(8);
    const exponent = num(P256, 8);
    exponent[0] -= 1;
    for (let a: u32 = 2; a < 12; a++) {
      const base = new StaticArray<u32>(8);
      base[0] = a * 0x9e3779b9;
      base[5] = a;
      m.toMontgomery(t, base);
      m.modPow(t, t, exponent);
      expect(compare(t, m.one)).toBe(0);
    }
  });
});
