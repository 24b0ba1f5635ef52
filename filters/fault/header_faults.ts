// Faults a request asks for itself, with Envoy's x-envoy-fault-* headers, honoured only from the identities and
// source ranges on the allow list: anyone else's fault headers are removed before the request goes on, so an
// ordinary client can slow nothing down (nor a fault filter further along).
import { NO_GRPC_STATUS, RequestView, randomU64 } from "../../assembly";
import { Cidr } from "../../assembly/wire/ip";
import { AbortSpec } from "./abort";

export const ABORT_HEADER = "x-envoy-fault-abort-request";
export const ABORT_GRPC_HEADER = "x-envoy-fault-abort-grpc-request";
export const ABORT_PERCENT_HEADER = "x-envoy-fault-abort-request-percentage";
export const DELAY_HEADER = "x-envoy-fault-delay-request";
export const DELAY_PERCENT_HEADER = "x-envoy-fault-delay-request-percentage";
export const THROUGHPUT_HEADER = "x-envoy-fault-throughput-response";
export const FAULT_HEADERS: string[] = [ABORT_HEADER, ABORT_GRPC_HEADER, ABORT_PERCENT_HEADER, DELAY_HEADER, DELAY_PERCENT_HEADER, THROUGHPUT_HEADER];

export class HeaderFaults {
  identityHeader: string = "x-auth-consumer";
  identities: string[] = [];
  networks: Cidr[] = [];
  maxDelayMs: u32 = 10_000;

  /** Whether this request's sender may ask for faults. */
  allows(request: RequestView): bool {
    if (this.identities.length > 0) {
      const identity = request.header(this.identityHeader);
      if (identity !== null && this.identities.includes(identity)) return true;
    }
    if (this.networks.length == 0) return false;
    const address = request.sourceAddress();
    if (address === null) return false;
    for (let i = 0; i < this.networks.length; i++) if (this.networks[i].contains(address)) return true;
    return false;
  }
}

/** What the headers ask for, after their percentages were drawn. */
export class HeaderFault {
  delayMs: u32 = 0;
  abort: AbortSpec | null = null;
  /** Bytes per second (the header gives KiB/s, as Envoy's); 0: none. */
  bytesPerSecond: u64 = 0;

  isEmpty(): bool {
    return this.delayMs == 0 && this.abort === null && this.bytesPerSecond == 0;
  }
}

/** Whether the request carries any fault header. */
export function carriesFaultHeaders(request: RequestView): bool {
  for (let i = 0; i < FAULT_HEADERS.length; i++) if (request.header(FAULT_HEADERS[i]) !== null) return true;
  return false;
}

/** The fault the headers ask for; a value that is not a number in range asks for nothing. */
export function readHeaderFault(request: RequestView, maxDelayMs: u32): HeaderFault {
  const fault = new HeaderFault();
  const status = headerNumber(request, ABORT_HEADER, 200, 599);
  const grpcStatus = headerNumber(request, ABORT_GRPC_HEADER, 0, 16);
  if ((status >= 0 || grpcStatus >= 0) && drawn(request, ABORT_PERCENT_HEADER)) {
    fault.abort = new AbortSpec(status >= 0 ? <u32>status : 200, "fault filter abort", grpcStatus >= 0 ? <i32>grpcStatus : NO_GRPC_STATUS);
  }
  const delay = headerNumber(request, DELAY_HEADER, 1, maxDelayMs);
  if (delay >= 0 && drawn(request, DELAY_PERCENT_HEADER)) fault.delayMs = <u32>delay;
  const kibPerSecond = headerNumber(request, THROUGHPUT_HEADER, 1, 1 << 20);
  if (kibPerSecond >= 0) fault.bytesPerSecond = <u64>kibPerSecond * 1024;
  return fault;
}

/** A percentage header, drawn at random; absent: always. */
function drawn(request: RequestView, name: string): bool {
  if (request.header(name) === null) return true;
  const percent = headerNumber(request, name, 0, 100);
  return percent > 0 && <i64>(randomU64() % 100) < percent;
}

/** The header's decimal value when it is one within [min, max], else -1. */
function headerNumber(request: RequestView, name: string, min: i64, max: i64): i64 {
  const text = request.header(name);
  if (text === null || text.length == 0 || text.length > 9) return -1;
  let value: i64 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + <i64>(c - 0x30);
  }
  return value >= min && value <= max ? value : -1;
}
