// Properties (Envoy's attributes) as a tree the test can shape, serialized the way Envoy's serializeValue does:
// strings and bytes raw, integers and doubles as 8 bytes little-endian, booleans as one byte, timestamps as int64
// nanoseconds, maps as pairs of (key, serialized value), lists as pairs with empty values.
import { Status } from "./abi.js";
import { encodePairs } from "./pairs.js";

export type PropertyValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | Uint8Array
  | readonly PropertyValue[]
  | { readonly [key: string]: PropertyValue | undefined };

export type PropertyTree = { [key: string]: PropertyValue | undefined };

const utf8 = new TextEncoder();

function isMap(value: unknown): value is PropertyTree {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
}

/** Later trees win; nested objects merge, anything else replaces. */
export function mergeProperties(...trees: (PropertyTree | undefined)[]): PropertyTree {
  const out: PropertyTree = {};
  for (const tree of trees) {
    if (!tree) continue;
    for (const [key, value] of Object.entries(tree)) {
      if (value === undefined) continue;
      const current = out[key];
      out[key] = isMap(current) && isMap(value) ? mergeProperties(current, value) : value;
    }
  }
  return out;
}

function int64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, value), true);
  return out;
}

export function serializeProperty(value: PropertyValue): Uint8Array {
  if (typeof value === "string") return utf8.encode(value);
  if (value instanceof Uint8Array) return value.slice();
  if (typeof value === "bigint") return int64(value);
  if (typeof value === "boolean") return Uint8Array.of(value ? 1 : 0);
  if (value instanceof Date) return int64(BigInt(value.getTime()) * 1_000_000n);
  if (typeof value === "number") {
    if (Number.isInteger(value)) return int64(BigInt(value));
    const out = new Uint8Array(8);
    new DataView(out.buffer).setFloat64(0, value, true);
    return out;
  }
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (Array.isArray(value)) return encodePairs(value.map((item) => [decode(serializeProperty(item)), ""]));
  return encodePairs(
    Object.entries(value)
      .filter((entry): entry is [string, PropertyValue] => entry[1] !== undefined)
      .map(([k, v]) => [k, decode(serializeProperty(v))]),
  );
}

/** Splits a property path as Envoy does: segments separated by NUL, a trailing NUL tolerated. */
export function splitPath(path: Uint8Array): string[] {
  const text = new TextDecoder().decode(path);
  const segments = text.split("\0");
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  return text === "" ? [] : segments;
}

/** Walks `segments` through maps (by key) and lists (by decimal index); NotFound wherever the path leaves the tree. */
export function lookupProperty(tree: PropertyTree, segments: string[]): { status: Status; value?: Uint8Array } {
  if (segments.length === 0) return { status: Status.NotFound };
  let value: PropertyValue | undefined = tree;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      value = /^\d+$/.test(segment) ? value[Number(segment)] : undefined;
    } else if (isMap(value)) {
      value = Object.hasOwn(value, segment) ? value[segment] : undefined;
    } else {
      value = undefined;
    }
    if (value === undefined) return { status: Status.NotFound };
  }
  return { status: Status.Ok, value: serializeProperty(value as PropertyValue) };
}
