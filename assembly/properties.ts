// Properties: Envoy's attributes (request.*, source.*, xds.*, plugin_name, ...) and filter state.
// A path is a list of segments, e.g. ["xds", "node", "id"]; the ABI joins them with NUL bytes.
import { proxy_get_property, proxy_set_property } from "./abi/imports";
import { RETURN_PTR, RETURN_SIZE, clearReturnSlots, lenOf, ptrOf, takeHostBuffer } from "./abi/memory";
import { Result, Status } from "./status";
import { decodeUtf8 } from "./wire/utf8";

function encodePath(path: string[]): ArrayBuffer {
  return String.UTF8.encode(path.join("\0"));
}

// The raw serialized value (strings as bytes, integers as 8 bytes little-endian), or null when absent.
export function getProperty(path: string[]): ArrayBuffer | null {
  const key = encodePath(path);
  clearReturnSlots();
  if (proxy_get_property(ptrOf(key), lenOf(key), RETURN_PTR, RETURN_SIZE) != Status.Ok) return null;
  return takeHostBuffer();
}

export function getPropertyString(path: string[]): string | null {
  const value = getProperty(path);
  return value === null ? null : decodeUtf8(changetype<usize>(value), value.byteLength);
}

// Integer-valued attributes (response.code, source.port, connection.id, ...); NotFound when absent or not 8 bytes.
export function getPropertyInt(path: string[]): Result<i64> {
  const value = getProperty(path);
  if (value === null || value.byteLength != 8) return new Result<i64>(Status.NotFound, 0);
  return new Result<i64>(Status.Ok, load<i64>(changetype<usize>(value)));
}

// Writes filter state `wasm.<path>`, readable by other filters and access logs. Needs a stream context.
export function setProperty(path: string[], value: ArrayBuffer): Status {
  const key = encodePath(path);
  return proxy_set_property(ptrOf(key), lenOf(key), ptrOf(value), lenOf(value));
}
