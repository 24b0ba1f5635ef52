// Reading claims out of a verified JWT payload: dotted paths reach nested objects ("realm_access.roles").
import { JsonValue } from "../../../assembly/config/json";

export function claimAt(claims: JsonValue, path: string[]): JsonValue | null {
  let node: JsonValue | null = claims;
  for (let i = 0; i < path.length && node !== null; i++) node = node.get(path[i]);
  return node;
}

/** A claim as a header value: strings as they are, numbers and booleans as JSON text, arrays of strings comma-joined. */
export function claimText(value: JsonValue): string | null {
  if (value.isString()) return value.asString();
  if (value.isBool()) return value.asBool() ? "true" : "false";
  if (value.isNumber()) return numberText(value.asNumber());
  if (!value.isArray()) return null;
  const items = value.asArray();
  const parts = new Array<string>();
  for (let i = 0; i < items.length; i++) {
    if (items[i].isArray() || items[i].isObject()) return null;
    const text = claimText(items[i]);
    if (text === null) return null;
    parts.push(text);
  }
  return parts.join(",");
}

function numberText(n: f64): string {
  if (n == Math.floor(n) && Math.abs(n) < 9007199254740992.0) return (<i64>n).toString();
  return n.toString();
}
