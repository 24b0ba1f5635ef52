// How the SDK reads a request, checked against references written apart from it: header bytes decoded as WHATWG's
// TextDecoder does (replacement mode) on generated valid and invalid UTF-8; the canonical-path table against an RFC
// 3986 reference in JavaScript, then through the auth filter on the host emulator; host patterns as Envoy's virtual
// host domains. The same attacks through Envoy: tests/e2e/hardening_*.test.ts.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { wasmPath } from "../../harness/bootstrap.js";
import { EmulatedHost } from "../../harness/emulator/index.js";
import { loadProbe, type Probe } from "../../harness/probe.js";
import { PATH_CASES } from "../shared/path_cases.js";
import { randomSource } from "../shared/random.js";

class RequestProbe {
  constructor(private probe: Probe) {}

  private call(name: string, input: Uint8Array): Uint8Array {
    const pointer = (this.probe.exports.prepareInput as (length: number) => number)(input.length);
    this.probe.bytes(pointer, input.length).set(input);
    const length = (this.probe.exports[name] as () => number)();
    return this.probe.bytes((this.probe.exports.outputPointer as () => number)(), length).slice();
  }

  decode(bytes: Uint8Array): string {
    return utf16(this.call("decode", bytes));
  }

  key(bytes: Uint8Array): string {
    return utf16(this.call("key", bytes));
  }

  canonicalPath(raw: string): string {
    return new TextDecoder().decode(this.call("canonicalPath", new TextEncoder().encode(raw)));
  }

  hostMatches(pattern: string, authority: string): number {
    const input = new TextEncoder().encode(`${pattern}\n${authority}`);
    const pointer = (this.probe.exports.prepareInput as (length: number) => number)(input.length);
    this.probe.bytes(pointer, input.length).set(input);
    return (this.probe.exports.hostMatches as () => number)();
  }
}

/** A Unicode scalar value near `n` (surrogates are none). */
function scalarValue(n: number): number {
  return n >= 0xd800 && n <= 0xdfff ? n - 0x800 : n;
}

function utf16(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
  return text;
}

/** RFC 3986 §5.2.4 remove_dot_segments, as the RFC writes it (an input and an output buffer). */
function removeDotSegments(path: string): string {
  let input = path;
  let output = "";
  while (input.length > 0) {
    if (input.startsWith("../")) input = input.slice(3);
    else if (input.startsWith("./")) input = input.slice(2);
    else if (input.startsWith("/./")) input = input.slice(2);
    else if (input === "/.") input = "/";
    else if (input.startsWith("/../")) {
      input = input.slice(3);
      output = output.slice(0, Math.max(0, output.lastIndexOf("/")));
    } else if (input === "/..") {
      input = "/";
      output = output.slice(0, Math.max(0, output.lastIndexOf("/")));
    } else if (input === "." || input === "..") input = "";
    else {
      const next = input.indexOf("/", 1);
      const end = next < 0 ? input.length : next;
      output += input.slice(0, end);
      input = input.slice(end);
    }
  }
  return output;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * The reference: what the SDK documents, written again without its code. Escapes are read left to right (the first
 * problem wins); each segment loses its ";parameters", unreserved escapes are decoded and the rest upper-cased; a
 * dot segment spelt with an escape is refused; then slashes merge and dot segments go.
 */
function reference(raw: string): string {
  const path = raw.split(/[?#]/)[0];
  if (!path.startsWith("/")) return `=${path}`;
  const segments: string[] = [];
  for (const segment of path.slice(1).split("/")) {
    let out = "";
    let escaped = false;
    let params = false;
    for (let i = 0; i < segment.length; i++) {
      const c = segment[i];
      if (c === "\\") return "!backslash";
      if (c === "%") {
        const hex = segment.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return "!invalid_escape";
        const byte = parseInt(hex, 16);
        if (byte === 0x2f || byte === 0x5c) return "!escaped_slash";
        if (byte === 0) return "!escaped_nul";
        i += 2;
        if (params) continue;
        const char = String.fromCharCode(byte);
        if (UNRESERVED.test(char)) {
          out += char;
          escaped = true;
        } else out += `%${hex.toUpperCase()}`;
        continue;
      }
      if (c === ";") params = true;
      if (!params) out += c;
    }
    if (escaped && (out === "." || out === "..")) return "!escaped_dot_segment";
    segments.push(out);
  }
  return `=${removeDotSegments(`/${segments.join("/")}`.replace(/\/{2,}/g, "/"))}`;
}

describe("request reading: the SDK against references", () => {
  let probe: RequestProbe;
  before(async () => {
    probe = new RequestProbe(await loadProbe("request"));
  });

  it(`the canonical-path table (${PATH_CASES.length} rows) agrees with the RFC 3986 reference and with the SDK`, () => {
    assert.ok(PATH_CASES.length >= 60);
    for (const [raw, expected] of PATH_CASES) {
      assert.equal(reference(raw), expected, `reference for ${raw}`);
      assert.equal(probe.canonicalPath(raw), expected, `SDK for ${raw}`);
    }
  });

  it("every table row through the auth filter on the emulator: refused 400, public under /public/, else 401", async () => {
    const host = new EmulatedHost({ upstream: () => ({ status: 200, body: "ok" }) });
    const vm = await host.loadPlugin(wasmPath("auth"), {
      name: "auth",
      configuration: {
        providers: [{ name: "keys", type: "api_key", consumers: [{ name: "alice", keys: ["alice-key"] }] }],
        rules: [{ match: { path_prefix: "/public/" }, public: true }],
        default_rule: { any_of: ["keys"] },
      },
    });
    let refused = 0;
    for (const [raw, expected] of [...PATH_CASES, ["/public/../admin", "=/admin"], ["/public/x/../y", "=/public/y"]] as const) {
      const stream = vm.request({ path: raw });
      const want = expected.startsWith("!") ? 400 : expected.slice(1).startsWith("/public/") ? 200 : 401;
      assert.equal(stream.status, want, `${raw} (${expected})`);
      if (want === 400) {
        refused++;
        assert.deepEqual(JSON.parse(new TextDecoder().decode(stream.response!.body)).error, "invalid_path");
      }
    }
    assert.equal(host.metric("auth.denied.invalid_path"), refused);
    // raw_path: the same requests matched as sent, none refused.
    const raw = await host.loadPlugin(wasmPath("auth"), {
      name: "auth",
      configuration: {
        raw_path: true,
        providers: [{ name: "keys", type: "api_key", consumers: [{ name: "alice", keys: ["alice-key"] }] }],
        rules: [{ match: { path_prefix: "/public/" }, public: true }],
        default_rule: { any_of: ["keys"] },
      },
    });
    assert.equal(raw.request({ path: "/public/../admin" }).status, 200);
    assert.equal(raw.request({ path: "/public/%2e%2e/admin" }).status, 200);
    assert.equal(raw.request({ path: "/admin%2Fx" }).status, 401);
  });

  it("header bytes decode as TextDecoder does in replacement mode, for 20,000 generated valid and invalid strings", () => {
    const random = randomSource(20261207);
    const decoder = new TextDecoder("utf-8");
    // Bytes near every boundary of the UTF-8 table, so ill-formed sequences of each kind are common.
    const interesting = [0x00, 0x0a, 0x31, 0x3a, 0x76, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xf5, 0xf8, 0xfe, 0xff];
    const samples: Uint8Array[] = [
      Uint8Array.of(0xc0, 0x8a), Uint8Array.of(0xc1, 0xb6, 0x31), Uint8Array.of(0xc0, 0xba), Uint8Array.of(0xed, 0xa0, 0x80),
      Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0xe2, 0x82), new TextEncoder().encode("v1 é 𝄞 ✓"),
    ];
    for (let n = 0; n < 20_000; n++) {
      const bytes = new Uint8Array(random.int(12));
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.next() < 0.6 ? random.pick(interesting) : random.int(256);
      samples.push(random.next() < 0.2 ? new TextEncoder().encode(String.fromCodePoint(...Array.from({ length: 4 }, () => scalarValue(random.int(0x110000))))) : bytes);
    }
    for (const bytes of samples) assert.equal(probe.decode(bytes), decoder.decode(bytes), `bytes ${Buffer.from(bytes).toString("hex")}`);
  });

  it("exact keys: UTF-8 reads as its text, and byte strings that decode alike keep different keys", () => {
    assert.equal(probe.key(new TextEncoder().encode("alice ✓")), "alice ✓");
    const a = probe.key(Uint8Array.of(0xc0, 0x8a));
    const b = probe.key(Uint8Array.of(0xc1, 0x8a));
    assert.equal(probe.decode(Uint8Array.of(0xc0, 0x8a)), probe.decode(Uint8Array.of(0xc1, 0x8a)));
    assert.notEqual(a, b);
    assert.equal(a, "\0~c08a");
    assert.notEqual(probe.key(Uint8Array.of(0xc0, 0x8a)), "\n");
  });

  it("host patterns match as Envoy's virtual host domains do: port included, wildcards first or last, a trailing dot apart", () => {
    const table: [string, string, number][] = [
      ["status.example.com", "status.example.com", 1],
      ["status.example.com", "status.example.com:8080", 0],
      ["status.example.com:*", "status.example.com:8080", 1],
      ["status.example.com:*", "status.example.com", 0],
      ["status.example.com:8080", "status.example.com:8080", 1],
      ["status.example.com:8080", "status.example.com:9090", 0],
      ["Status.Example.COM", "status.example.com", 1],
      ["*.example.com", "a.example.com", 1],
      ["*.example.com", "a.b.example.com", 1],
      ["*.example.com", ".example.com", 0],
      ["*.example.com", "example.com", 0],
      ["*.example.com", "a.example.com:443", 0],
      ["*-bar.example.com", "foo-bar.example.com", 1],
      ["*", "anything:1", 1],
      ["example.*", "example.org", 1],
      ["partner.example.com", "partner.example.com.", 2],
      ["partner.example.com", "partner.example.com.:443", 2],
      ["a.*.com", "a.b.com", -1],
      ["**", "x", -1],
      ["", "x", -1],
    ];
    for (const [pattern, authority, expected] of table) assert.equal(probe.hostMatches(pattern, authority), expected, `${pattern} ~ ${authority}`);
  });
});
