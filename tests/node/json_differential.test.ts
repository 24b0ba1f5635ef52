// assembly/config/json.ts against JavaScript itself: numbers against Number() (to the bit), bytes against a fatal
// TextDecoder followed by JSON.parse. The only disagreements allowed are the parser's documented strictness: duplicate
// keys, lone surrogate escapes, numbers that overflow to infinity and nesting deeper than 64.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { loadProbe, type Probe } from "../../harness/probe.js";
import { randomSource, type Random } from "../shared/random.js";

const SEED = Number(process.env.JSON_DIFFERENTIAL_SEED ?? Date.now() % 1_000_000);

class JsonProbe {
  private readonly encoder = new TextEncoder();
  constructor(private readonly probe: Probe) {}

  private write(bytes: Uint8Array): void {
    const pointer = (this.probe.exports.prepareInput as (length: number) => number)(bytes.length);
    this.probe.bytes(pointer, bytes.length).set(bytes);
  }

  /** Our parse of the text as a number; NaN when we reject it. */
  number(text: string): number {
    this.write(this.encoder.encode(text));
    return (this.probe.exports.parseNumber as () => number)();
  }

  /** Our parse of the bytes: the value, or the error message. */
  bytes(bytes: Uint8Array): { value: unknown } | { error: string } {
    this.write(bytes);
    const length = (this.probe.exports.parseBytes as () => number)();
    const pointer = (this.probe.exports.outputPointer as () => number)();
    const text = new TextDecoder().decode(this.probe.bytes(pointer, length));
    return text.startsWith("!") ? { error: text.slice(1) } : { value: JSON.parse(text) };
  }
}

/** A double's bit pattern in hex, as the probe renders numbers. */
function bitsOf(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16);
}

/** JavaScript's reading of the bytes, with numbers rendered as the probe renders them. */
function javascriptReading(bytes: Uint8Array): { value: unknown } | { error: string } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { value: JSON.parse(text, (_key, value) => (typeof value === "number" ? { "#": bitsOf(value) } : value)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function randomDouble(random: Random): number {
  const view = new DataView(new ArrayBuffer(8));
  for (;;) {
    view.setUint32(0, random.int(2 ** 32));
    view.setUint32(4, random.int(2 ** 32));
    const value = view.getFloat64(0);
    if (Number.isFinite(value)) return value;
  }
}

/** The same double written the ways JSON producers write numbers: shortest, exponential, fixed, or long digits. */
function numberText(value: number, random: Random): string {
  switch (random.int(4)) {
    case 0: return String(value);
    case 1: return value.toExponential(random.int(25));
    case 2: return Math.abs(value) < 1e21 ? value.toFixed(random.int(101)) : value.toPrecision(1 + random.int(100));
    default: return value.toPrecision(1 + random.int(100));
  }
}

/** Digit strings built to sit on or next to a rounding boundary, or just random. */
function craftedNumberText(random: Random): string {
  const digits = (n: number) => Array.from({ length: n }, () => String(random.int(10))).join("");
  const exponent = random.int(700) - 350;
  switch (random.int(3)) {
    case 0: return `${1 + random.int(9)}.${digits(1 + random.int(40))}e${exponent}`;
    case 1: {
      // The exact decimal of a halfway point between two neighbouring doubles (x and its successor), maybe nudged.
      const x = Math.abs(randomDouble(random));
      const half = halfwayAbove(x);
      if (half === undefined) return String(x);
      const nudge = random.int(3);
      return nudge === 0 ? half : nudge === 1 ? half + "1" : half.replace(/5$/, "49999999999999999999");
    }
    default: return `${1 + random.int(9)}${digits(random.int(25))}e${exponent}`;
  }
}

/** The decimal expansion of the midpoint between x and the next double up, exactly, using BigInt. */
function halfwayAbove(x: number): string | undefined {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  if (exponentBits === 0x7ff || exponentBits >= 0x7fe) return undefined;
  const mantissa = (bits & ((1n << 52n) - 1n)) | (exponentBits === 0 ? 0n : 1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  // (2·mantissa + 1) × 2^(exponent−1) is the midpoint.
  const numerator = 2n * mantissa + 1n;
  const power = exponent - 1;
  if (power >= 0) return (numerator << BigInt(power)).toString();
  const places = -power;
  const scaled = (numerator * 5n ** BigInt(places)).toString().padStart(places + 1, "0");
  return `${scaled.slice(0, -places)}.${scaled.slice(-places)}`;
}

const HARD_CASES = [
  "1.2434986024192045e+44", "2.4703282292062328e-324", "2.4703282292062327e-324", "2.4703282292062329e-324",
  "4.9406564584124654e-324", "5e-324", "1e-324", "2.2250738585072011e-308", "2.2250738585072012e-308",
  "2.2250738585072014e-308", "2.225073858507201136057409796709131975934819546351645648e-308",
  "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623158079e308", "9007199254740993",
  "9007199254740992.5", "9007199254740993.0000000000000000000001", "0.1", "0.3", "123456789012345678901234567890",
  "0.500000000000000166533453693773481063544750213623046875", "7.038531e-26", "1e23", "8.589973e9",
  "3.0540412e5", "1.00000000000000011102230246251565404236316680908203125", "-0", "-0.0e-400", "0e999999",
  "1" + "0".repeat(400) + "e-400", "1." + "0".repeat(900) + "1", "0." + "0".repeat(322) + "24703282292062327208828439643411068618252990130716238221279284125033775364",
  "4.4501477170144023e-308", "89255.0e-22", "358416272e-33", "1.448997445238699", "6.92949564460092e-310",
];

describe("JSON numbers are the doubles Number() gives", () => {
  let probe: JsonProbe;
  before(async () => {
    probe = new JsonProbe(await loadProbe("json"));
  });

  const compare = (texts: Iterable<string>) => {
    let compared = 0;
    let overflowed = 0;
    const disagreements: string[] = [];
    for (const text of texts) {
      const expected = Number(text);
      const ours = probe.number(text);
      compared++;
      if (!Number.isFinite(expected)) {
        // Documented strictness: a number beyond the largest double is an error, not Infinity.
        overflowed++;
        if (!Number.isNaN(ours)) disagreements.push(`${text}: ours ${ours}, expected rejection (overflow)`);
      } else if (!Object.is(ours, expected)) {
        disagreements.push(`${text}: ours ${ours}, Number() ${expected}`);
      }
      if (disagreements.length >= 10) break;
    }
    return { compared, overflowed, disagreements };
  };

  it("agrees on the known hard cases", () => {
    const result = compare(HARD_CASES);
    assert.deepEqual(result.disagreements, []);
    assert.equal(result.compared, HARD_CASES.length);
  });

  it(`agrees on 1,000,000 random doubles in shortest, exponential and fixed forms (seed ${SEED})`, () => {
    const random = randomSource(SEED);
    function* texts() {
      for (let i = 0; i < 1_000_000; i++) yield numberText(randomDouble(random), random);
    }
    const result = compare(texts());
    assert.deepEqual(result.disagreements, []);
    assert.equal(result.compared, 1_000_000);
  });

  it(`agrees on 100,000 halfway points and long digit strings (seed ${SEED})`, () => {
    const random = randomSource(SEED + 1);
    function* texts() {
      for (let i = 0; i < 100_000; i++) yield craftedNumberText(random);
    }
    const result = compare(texts());
    assert.deepEqual(result.disagreements, []);
    assert.equal(result.compared, 100_000);
  });
});

/** Random JSON text whose strings draw on every UTF-8 length, escapes and surrogate pairs. */
function randomDocument(random: Random, depth = 0): string {
  const kind = depth > 3 ? random.int(4) : random.int(6);
  switch (kind) {
    case 0: return random.pick(["null", "true", "false"]);
    case 1: return numberText(randomDouble(random), random);
    case 2:
    case 3: return randomString(random);
    case 4: return `[${Array.from({ length: random.int(4) }, () => randomDocument(random, depth + 1)).join(",")}]`;
    default: {
      const names = new Set<string>(Array.from({ length: random.int(4) }, () => randomString(random)));
      return `{${[...names].map((name) => `${name}:${randomDocument(random, depth + 1)}`).join(", ")}}`;
    }
  }
}

const CHARACTERS = ["a", "Z", "é", "ß", "€", "中", "\u{1F600}", "\u{10FFFF}", "\uFFFD", "\u2028", " ", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\/", "\u007f"];
function randomString(random: Random): string {
  return `"${Array.from({ length: random.int(8) }, () => random.pick(CHARACTERS)).join("")}"`;
}

/** Byte sequences that are not UTF-8, each a classic way to get it wrong. */
const ILL_FORMED = [
  [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf],
  [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80],
  [0xff], [0xfe], [0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3, 0x41], [0xe2, 0x28, 0xa1],
];

/** A valid document, or one broken by an ill-formed sequence, a random byte, or a cut. */
function randomBytes(random: Random): Uint8Array {
  const bytes = Array.from(new TextEncoder().encode(randomDocument(random)));
  switch (random.int(5)) {
    case 0:
    case 1: return Uint8Array.from(bytes);
    case 2: bytes.splice(random.int(bytes.length + 1), 0, ...random.pick(ILL_FORMED)); break;
    case 3: bytes[random.int(bytes.length)] = 0x80 + random.int(0x80); break;
    default: bytes.length = random.int(bytes.length); break;
  }
  return Uint8Array.from(bytes);
}

/** Errors our parser is documented to raise where JSON.parse accepts. */
const DOCUMENTED_STRICTNESS = /^(duplicate key|unpaired surrogate|number out of range|nesting deeper than)/;

describe("JSON from bytes agrees with a fatal TextDecoder and JSON.parse", () => {
  let probe: JsonProbe;
  before(async () => {
    probe = new JsonProbe(await loadProbe("json"));
  });

  it("rejects each ill-formed UTF-8 sequence inside a string, naming its offset", () => {
    for (const sequence of ILL_FORMED) {
      const bytes = Uint8Array.from([0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0x61, ...sequence, 0x22, 0x7d]); // {"k":"a…"}
      assert.ok("error" in javascriptReading(bytes), `TextDecoder accepted ${sequence}`);
      assert.deepEqual(probe.bytes(bytes), { error: "invalid UTF-8 at offset 7" }, `bytes ${sequence.map((b) => b.toString(16))}`);
    }
  });

  it("skips a leading byte order mark, as TextDecoder does", () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":[1,"€"]}')]);
    assert.deepEqual(probe.bytes(bytes), javascriptReading(bytes));
  });

  it(`agrees on 100,000 generated documents, valid and broken (seed ${SEED})`, () => {
    const random = randomSource(SEED + 2);
    const disagreements: string[] = [];
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 100_000 && disagreements.length < 10; i++) {
      const bytes = randomBytes(random);
      const ours = probe.bytes(bytes);
      const theirs = javascriptReading(bytes);
      if ("error" in theirs) invalid++;
      else valid++;
      if ("error" in ours && "value" in theirs && DOCUMENTED_STRICTNESS.test(ours.error)) continue;
      if ("error" in ours !== "error" in theirs || ("value" in ours && !isDeepStrictEqual(ours.value, (theirs as { value: unknown }).value))) {
        disagreements.push(`${Buffer.from(bytes).toString("hex")}: ours ${JSON.stringify(ours)}, JavaScript ${JSON.stringify(theirs)}`);
      }
    }
    assert.deepEqual(disagreements, []);
    // Both kinds were exercised in earnest.
    assert.ok(valid > 30_000 && invalid > 30_000, `valid ${valid}, invalid ${invalid}`);
  });
});
