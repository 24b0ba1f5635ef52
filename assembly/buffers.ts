// Byte buffers: HTTP bodies, L4 data, outbound call responses and the configurations.
import { proxy_get_buffer_bytes, proxy_get_buffer_status, proxy_set_buffer_bytes } from "./abi/imports";
import { RETURN_EXTRA, RETURN_PTR, RETURN_SIZE, clearReturnSlots, lenOf, ptrOf, takeHostBuffer } from "./abi/memory";
import { Result, Status } from "./status";

export enum BufferType {
  HttpRequestBody = 0,
  HttpResponseBody = 1,
  NetworkDownstreamData = 2,
  NetworkUpstreamData = 3,
  HttpCallResponseBody = 4,
  GrpcReceiveBuffer = 5,
  VmConfiguration = 6,
  PluginConfiguration = 7,
  CallData = 8,
}

// Up to `maxSize` bytes from `start`; the host clamps to what the buffer holds. Null when the buffer is unavailable.
export function getBufferBytes(buffer: BufferType, start: u32, maxSize: u32): ArrayBuffer | null {
  clearReturnSlots();
  if (proxy_get_buffer_bytes(buffer, start, maxSize, RETURN_PTR, RETURN_SIZE) != Status.Ok) return null;
  return takeHostBuffer();
}

// The whole buffer (bodies: what is buffered so far).
export function getBuffer(buffer: BufferType): ArrayBuffer | null {
  return getBufferBytes(buffer, 0, u32.MAX_VALUE);
}

// Envoy supports three edits: start 0 replaces the first `size` bytes with `data` (size 0 prepends, size = length
// replaces everything), and start >= length appends. Anything else is BadArgument.
export function setBufferBytes(buffer: BufferType, start: u32, size: u32, data: ArrayBuffer): Status {
  return proxy_set_buffer_bytes(buffer, start, size, ptrOf(data), lenOf(data));
}

export function getBufferLength(buffer: BufferType): Result<u32> {
  clearReturnSlots();
  const status = <Status>proxy_get_buffer_status(buffer, RETURN_EXTRA, RETURN_SIZE);
  return new Result<u32>(status, load<u32>(RETURN_EXTRA));
}
