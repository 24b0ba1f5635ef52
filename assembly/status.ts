// Status codes every host call returns (proxy_status_t). The SDK hands them back as values: a failed host call
// never throws, because a throw is a trap that kills the whole per-worker VM.
import { proxy_get_status } from "./abi/imports";
import { RETURN_EXTRA, RETURN_PTR, RETURN_SIZE, clearReturnSlots, takeHostBuffer } from "./abi/memory";

export enum Status {
  Ok = 0,
  NotFound = 1,
  BadArgument = 2,
  SerializationFailure = 3,
  ParseFailure = 4,
  BadExpression = 5,
  InvalidMemoryAccess = 6,
  Empty = 7,
  CasMismatch = 8,
  ResultMismatch = 9,
  InternalFailure = 10,
  BrokenConnection = 11,
  Unimplemented = 12,
}

const STATUS_NAMES: string[] = [
  "Ok", "NotFound", "BadArgument", "SerializationFailure", "ParseFailure", "BadExpression", "InvalidMemoryAccess",
  "Empty", "CasMismatch", "ResultMismatch", "InternalFailure", "BrokenConnection", "Unimplemented",
];

export function statusName(status: Status): string {
  return <u32>status < <u32>STATUS_NAMES.length ? STATUS_NAMES[status] : "Status(" + status.toString() + ")";
}

// A host call's status together with the value it produced (the value is meaningful only when ok()).
export class Result<T> {
  constructor(public status: Status, public value: T) {}
  ok(): bool {
    return this.status == Status.Ok;
  }
}

// The id or token a host call wrote to its u32 return slot, with the call's status.
export function returnedU32(status: u32): Result<u32> {
  return new Result<u32>(<Status>status, status == Status.Ok ? load<u32>(RETURN_EXTRA) : 0);
}

// The status of the last outbound call as the host reports it, e.g. BrokenConnection "reset" for a failed http_call.
export class HostStatus {
  constructor(public code: u32, public message: string) {}
}

export function getHostStatus(): HostStatus {
  clearReturnSlots();
  if (proxy_get_status(RETURN_EXTRA, RETURN_PTR, RETURN_SIZE) != Status.Ok) return new HostStatus(0, "");
  const code = load<u32>(RETURN_EXTRA);
  return new HostStatus(code, String.UTF8.decode(takeHostBuffer()));
}
