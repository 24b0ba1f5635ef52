// A test module around the SDK's request reading for tests/node/request_reading.test.ts: UTF-8 decoding
// (wire/utf8.ts), the canonical path (request/path.ts) and host patterns (request/authority.ts). The test writes
// bytes into `input`, calls one function, and reads back the output bytes.
import "../../assembly/abi/runtime_hooks";
import { HostPattern, hasTrailingDot } from "../../assembly/request/authority";
import { PATH_PROBLEM_NAMES, PathProblem, canonicalizePath } from "../../assembly/request/path";
import { decodeUtf8, exactKey } from "../../assembly/wire/utf8";

let input = new Uint8Array(0);
let output = new ArrayBuffer(0);

/** Room for `length` bytes of input; returns where to write them. */
export function prepareInput(length: i32): usize {
  input = new Uint8Array(length);
  return input.dataStart;
}

export function outputPointer(): usize {
  return changetype<usize>(output);
}

/** The input decoded (replacement mode), as UTF-16LE code units; returns their byte length. */
export function decode(): i32 {
  output = String.UTF16.encode(decodeUtf8(input.dataStart, <usize>input.length));
  return output.byteLength;
}

/** exactKey of the input, as UTF-16LE code units. */
export function key(): i32 {
  output = String.UTF16.encode(exactKey(input.dataStart, <usize>input.length));
  return output.byteLength;
}

/** The input (a :path, UTF-8) canonicalized: "=" and the path, or "!" and the problem's name; UTF-8 out. */
export function canonicalPath(): i32 {
  const canonical = canonicalizePath(String.UTF8.decode(input.buffer));
  const text = canonical.problem == PathProblem.None ? "=" + canonical.path : "!" + PATH_PROBLEM_NAMES[canonical.problem];
  output = String.UTF8.encode(text);
  return output.byteLength;
}

/** The input is "pattern\nauthority": 1 when the pattern matches, 0 when not, -1 for a bad pattern, 2 for a trailing dot. */
export function hostMatches(): i32 {
  const text = String.UTF8.decode(input.buffer);
  const newline = text.indexOf("\n");
  const pattern = HostPattern.parse(text.substring(0, newline));
  const authority = text.substring(newline + 1);
  if (pattern === null) return -1;
  if (hasTrailingDot(authority)) return 2;
  return pattern.matches(authority) ? 1 : 0;
}
