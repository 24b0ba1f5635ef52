// A test module around assembly/config/json.ts for tests/node/json_differential.test.ts: the test writes bytes into
// `input`, calls a parse, and reads back a number or a canonical JSON rendering of the parsed value.
import "../../assembly/abi/runtime_hooks";
import { JsonKind, JsonValue, parseJson, parseJsonBytes } from "../../assembly/config/json";

let input = new Uint8Array(0);
let output = new Uint8Array(0);

/** Room for `length` bytes of input; returns where to write them. */
export function prepareInput(length: i32): usize {
  input = new Uint8Array(length);
  return input.dataStart;
}

/** The input (UTF-8 JSON text) parsed as a number, or NaN when it is not a valid JSON number. */
export function parseNumber(): f64 {
  const parsed = parseJson(String.UTF8.decode(input.buffer));
  const value = parsed.value;
  return value !== null && value.isNumber() ? value.asNumber() : NaN;
}

/**
 * Parses the input bytes with parseJsonBytes; returns the length of the output, which is the value rendered as JSON
 * (each number as {"#": bit pattern in hex}) or "!" and the error.
 */
export function parseBytes(): i32 {
  const parsed = parseJsonBytes(input);
  const value = parsed.value;
  output = Uint8Array.wrap(String.UTF8.encode(value !== null ? render(value) : "!" + parsed.error));
  return output.length;
}

export function outputPointer(): usize {
  return output.dataStart;
}

function render(value: JsonValue): string {
  switch (value.kind) {
    case JsonKind.Null: return "null";
    case JsonKind.Bool: return value.asBool() ? "true" : "false";
    case JsonKind.Number: return "{\"#\":\"" + reinterpret<u64>(value.asNumber()).toString(16) + "\"}";
    case JsonKind.String: return quote(value.asString());
    case JsonKind.Array: {
      const items = value.asArray();
      const parts = new Array<string>(items.length);
      for (let i = 0; i < items.length; i++) parts[i] = render(items[i]);
      return "[" + parts.join(",") + "]";
    }
    default: {
      const keys = value.keys();
      const parts = new Array<string>(keys.length);
      for (let i = 0; i < keys.length; i++) parts[i] = quote(keys[i]) + ":" + render(value.get(keys[i])!);
      return "{" + parts.join(",") + "}";
    }
  }
}

function quote(text: string): string {
  let out = "\"";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit == 0x22) out += "\\\"";
    else if (unit == 0x5c) out += "\\\\";
    else if (unit < 0x20) out += "\\u00" + (unit < 0x10 ? "0" : "") + unit.toString(16);
    else out += String.fromCharCode(unit);
  }
  return out + "\"";
}
