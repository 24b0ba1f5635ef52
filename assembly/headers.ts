// Header maps: request/response headers and trailers, gRPC metadata and http_call responses.
// Envoy lower-cases names, returns only the first value of a repeated header from getHeader, and every value from
// getHeaders.
import {
  proxy_add_header_map_value, proxy_get_header_map_pairs, proxy_get_header_map_value, proxy_remove_header_map_value,
  proxy_replace_header_map_value, proxy_set_header_map_pairs,
} from "./abi/imports";
import {
  RETURN_PTR, RETURN_SIZE, clearReturnSlots, hostBlockPtr, hostBlockSize, lenOf, ptrOf, releaseHostBlock, scratchBase, toScratch,
} from "./abi/memory";
import { Pair, decodePairsAt, encodePairs } from "./wire/pairs";
import { Status } from "./status";
import { decodeUtf8, exactKey } from "./wire/utf8";

export { Pair } from "./wire/pairs";

export enum HeaderMapType {
  RequestHeaders = 0,
  RequestTrailers = 1,
  ResponseHeaders = 2,
  ResponseTrailers = 3,
  GrpcReceiveInitialMetadata = 4,
  GrpcReceiveTrailingMetadata = 5,
  HttpCallResponseHeaders = 6,
  HttpCallResponseTrailers = 7,
}

// The first value of `name`, or null when the header is absent.
export function getHeader(map: HeaderMapType, name: string): string | null {
  const keyLength = toScratch(name, 0);
  clearReturnSlots();
  if (proxy_get_header_map_value(map, scratchBase(), keyLength, RETURN_PTR, RETURN_SIZE) != Status.Ok) return null;
  const value = decodeUtf8(hostBlockPtr(), hostBlockSize());
  releaseHostBlock();
  return value;
}

/** getHeader's value as a key that tells every byte string apart (utf8.ts exactKey), for buckets and hashes. */
export function getHeaderKey(map: HeaderMapType, name: string): string | null {
  const keyLength = toScratch(name, 0);
  clearReturnSlots();
  if (proxy_get_header_map_value(map, scratchBase(), keyLength, RETURN_PTR, RETURN_SIZE) != Status.Ok) return null;
  const value = exactKey(hostBlockPtr(), hostBlockSize());
  releaseHostBlock();
  return value;
}

export function getHeaders(map: HeaderMapType): Pair[] {
  clearReturnSlots();
  if (proxy_get_header_map_pairs(map, RETURN_PTR, RETURN_SIZE) != Status.Ok) return [];
  const pairs = decodePairsAt(hostBlockPtr(), hostBlockSize());
  releaseHostBlock();
  return pairs;
}

// Replaces the whole map. Envoy silently empties the map when given more than 1024 pairs or 1 MiB.
export function setHeaders(map: HeaderMapType, headers: Pair[]): Status {
  const bytes = encodePairs(headers);
  return proxy_set_header_map_pairs(map, ptrOf(bytes), lenOf(bytes));
}

export function addHeader(map: HeaderMapType, name: string, value: string): Status {
  const keyLength = toScratch(name, 0);
  const valueLength = toScratch(value, keyLength);
  const base = scratchBase();
  return proxy_add_header_map_value(map, base, keyLength, base + keyLength, valueLength);
}

// Sets `name` to `value`, replacing every existing value (adds the header when absent).
export function replaceHeader(map: HeaderMapType, name: string, value: string): Status {
  const keyLength = toScratch(name, 0);
  const valueLength = toScratch(value, keyLength);
  const base = scratchBase();
  return proxy_replace_header_map_value(map, base, keyLength, base + keyLength, valueLength);
}

// Removing an absent header is Ok.
export function removeHeader(map: HeaderMapType, name: string): Status {
  return proxy_remove_header_map_value(map, scratchBase(), toScratch(name, 0));
}
