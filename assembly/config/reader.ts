// The one way filters read their JSON plugin configuration.
//
// A filter reads every field it knows through a reader, then checks ok() once in proxy_on_configure. Reads never
// abort: a missing or mistyped field yields the fallback and records an error that names the field by its full path
// (`field 'rules[2].match': expected a string`), so the operator's log says exactly what to fix. Only the first
// error is kept, since later ones are often consequences of it. A JSON `null` counts as absent.

import { JsonParseResult, JsonValue, parseJson, parseJsonBytes } from "./json";

/** Shared by a root reader and every reader derived from it, so one check at the end covers the whole tree. */
class ErrorSink {
  message: string = "";
}

export class ConfigReader {
  private constructor(private node: JsonValue, public readonly path: string, private sink: ErrorSink) {}

  /** Empty text (Envoy sends none when the plugin has no configuration) reads as `{}`. */
  static parse(text: string): ConfigReader {
    return ConfigReader.over(text.trim().length == 0 ? null : parseJson(text));
  }

  /** The configuration as the host hands it over: bytes that are not UTF-8 are an error, never decoded leniently. */
  static parseBytes(bytes: Uint8Array): ConfigReader {
    let blank = true;
    for (let i = 0; i < bytes.length && blank; i++) blank = bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0a || bytes[i] == 0x0d;
    return ConfigReader.over(blank ? null : parseJsonBytes(bytes));
  }

  private static over(parsed: JsonParseResult | null): ConfigReader {
    const sink = new ErrorSink();
    let node = JsonValue.emptyObject();
    let notObject = false;
    if (parsed !== null) {
      const value = parsed.value;
      if (value === null) sink.message = "invalid JSON: " + parsed.error;
      else if (value.isObject()) node = value;
      else notObject = true;
    }
    const root = new ConfigReader(node, "", sink);
    if (notObject) root.fail("", "expected an object");
    return root;
  }

  ok(): bool {
    return this.sink.message.length == 0;
  }

  error(): string {
    return this.sink.message;
  }

  has(field: string): bool {
    return this.lookup(field) !== null;
  }

  requiredString(field: string): string {
    if (!this.has(field)) {
      this.fail(field, "is required");
      return "";
    }
    return this.string(field, "");
  }

  string(field: string, fallback: string): string {
    const v = this.lookup(field);
    if (v === null) return fallback;
    if (!v.isString()) {
      this.fail(field, "expected a string");
      return fallback;
    }
    return v.asString();
  }

  int(field: string, fallback: i64, min: i64, max: i64): i64 {
    const v = this.lookup(field);
    if (v === null) return fallback;
    const n = v.asNumber();
    // The range test runs on f64 before any conversion, so an out-of-range double never reaches the i64 cast.
    if (!v.isNumber() || n != Math.floor(n) || n < <f64>min || n > <f64>max || n >= 9223372036854775808.0) {
      this.fail(field, "expected an integer between " + min.toString() + " and " + max.toString());
      return fallback;
    }
    return <i64>n;
  }

  /** A number between `min` and `max` with at most `decimals` digits after the point (percentages such as 0.5). */
  decimal(field: string, fallback: f64, min: f64, max: f64, decimals: i32): f64 {
    const v = this.lookup(field);
    if (v === null) return fallback;
    const n = v.asNumber();
    const scaled = n * Math.pow(10, <f64>decimals);
    if (!v.isNumber() || n < min || n > max || Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      this.fail(field, "expected a number between " + numberText(min) + " and " + numberText(max) + " with at most " + decimals.toString() + " decimals");
      return fallback;
    }
    return n;
  }

  bool(field: string, fallback: bool): bool {
    const v = this.lookup(field);
    if (v === null) return fallback;
    if (!v.isBool()) {
      this.fail(field, "expected a boolean");
      return fallback;
    }
    return v.asBool();
  }

  stringArray(field: string): string[] {
    const out = new Array<string>();
    const v = this.lookup(field);
    if (v === null) return out;
    const items = v.asArray();
    for (let i = 0; i < items.length; i++) {
      if (!items[i].isString()) break;
      out.push(items[i].asString());
    }
    if (!v.isArray() || out.length != items.length) {
      this.fail(field, "expected an array of strings");
      return [];
    }
    return out;
  }

  /** A missing or mistyped object still yields a reader (over `{}`), so nested reads go on without null checks. */
  object(field: string): ConfigReader {
    const v = this.lookup(field);
    const path = this.pathOf(field);
    if (v === null) return new ConfigReader(JsonValue.emptyObject(), path, this.sink);
    if (!v.isObject()) {
      this.fail(field, "expected an object");
      return new ConfigReader(JsonValue.emptyObject(), path, this.sink);
    }
    return new ConfigReader(v, path, this.sink);
  }

  objects(field: string): ConfigReader[] {
    const out = new Array<ConfigReader>();
    const v = this.lookup(field);
    if (v === null) return out;
    const items = v.asArray();
    const path = this.pathOf(field);
    for (let i = 0; i < items.length; i++) {
      if (!items[i].isObject()) break;
      out.push(new ConfigReader(items[i], path + "[" + i.toString() + "]", this.sink));
    }
    if (!v.isArray() || out.length != items.length) {
      this.fail(field, "expected an array of objects");
      return [];
    }
    return out;
  }

  /** Rejects keys outside `allowed`, so a misspelt option is an error instead of silently ignored. */
  onlyFields(allowed: string[]): void {
    const keys = this.node.keys();
    for (let i = 0; i < keys.length; i++) {
      if (!allowed.includes(keys[i])) this.fail(keys[i], "unknown field");
    }
  }

  fail(field: string, message: string): void {
    if (this.sink.message.length != 0) return;
    const path = this.pathOf(field);
    this.sink.message = path.length == 0 ? "configuration: " + message : "field '" + path + "': " + message;
  }

  private lookup(field: string): JsonValue | null {
    const v = this.node.get(field);
    return v === null || v.isNull() ? null : v;
  }

  private pathOf(field: string): string {
    if (field.length == 0) return this.path;
    return this.path.length == 0 ? field : this.path + "." + field;
  }
}

/** 100 as "100", not AssemblyScript's "100.0". */
function numberText(n: f64): string {
  return n == Math.floor(n) && Math.abs(n) < 1e15 ? (<i64>n).toString() : n.toString();
}
