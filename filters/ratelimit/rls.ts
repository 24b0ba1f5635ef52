// The rate limit service's gRPC messages (envoy.service.ratelimit.v3, rls.proto), written and read with lib/protobuf:
//   RateLimitRequest { string domain = 1; repeated RateLimitDescriptor descriptors = 2; uint32 hits_addend = 3; }
//   RateLimitDescriptor { repeated Entry entries = 1; }  Entry { string key = 1; string value = 2; }
//   RateLimitResponse { Code overall_code = 1; repeated DescriptorStatus statuses = 2;
//     repeated HeaderValue response_headers_to_add = 3; repeated HeaderValue request_headers_to_add = 4; bytes raw_body = 5; }
//   DescriptorStatus { Code code = 1; RateLimit current_limit = 2; uint32 limit_remaining = 3; Duration duration_until_reset = 4; }
//   RateLimit { uint32 requests_per_unit = 1; Unit unit = 2; string name = 3; }  Duration { int64 seconds = 1; int32 nanos = 2; }
//   HeaderValue { string key = 1; string value = 2; bytes raw_value = 3; }
import { Pair } from "../../assembly";
import { ProtoReader, ProtoWriter } from "../../assembly/wire/protobuf";
import { lowerCaseAscii } from "../../assembly/wire/ascii";

export const RLS_SERVICE = "envoy.service.ratelimit.v3.RateLimitService";
export const RLS_METHOD = "ShouldRateLimit";

export enum Code {
  Unknown = 0,
  Ok = 1,
  OverLimit = 2,
}

/** One descriptor: its entries as key/value pairs. */
export function encodeRequest(domain: string, descriptors: Pair[][], hitsAddend: u32): ArrayBuffer {
  const request = new ProtoWriter().string(1, domain);
  for (let d = 0; d < descriptors.length; d++) {
    const descriptor = new ProtoWriter();
    const entries = descriptors[d];
    for (let e = 0; e < entries.length; e++) {
      descriptor.message(1, new ProtoWriter().string(1, entries[e].key).string(2, entries[e].value));
    }
    request.message(2, descriptor);
  }
  return request.varint(3, hitsAddend).finish();
}

export class DescriptorStatus {
  code: Code = Code.Unknown;
  /** requests_per_unit of current_limit; 0 when the service sent no limit. */
  limit: u32 = 0;
  remaining: u32 = 0;
  /** duration_until_reset, rounded up to whole seconds. */
  resetSeconds: u64 = 0;
}

export class RlsResponse {
  overallCode: Code = Code.Unknown;
  statuses: DescriptorStatus[] = [];
  responseHeaders: Pair[] = [];
  requestHeaders: Pair[] = [];
  rawBody: ArrayBuffer = new ArrayBuffer(0);
}

/** null when the message, or any message inside it, is not well-formed. */
export function decodeResponse(message: ArrayBuffer): RlsResponse | null {
  const response = new RlsResponse();
  const reader = new ProtoReader(message);
  let ok = true;
  while (ok && reader.next()) {
    if (reader.field == 1) {
      response.overallCode = code(reader.varint());
    } else if (reader.field == 2) {
      const status = decodeStatus(reader.bytes());
      if (status === null) ok = false;
      else response.statuses.push(status);
    } else if (reader.field == 3 || reader.field == 4) {
      const header = decodeHeader(reader.bytes());
      if (header === null) ok = false;
      else if (reader.field == 3) response.responseHeaders.push(header);
      else response.requestHeaders.push(header);
    } else if (reader.field == 5) {
      response.rawBody = reader.bytes();
    }
  }
  return ok && !reader.error ? response : null;
}

function code(value: u64): Code {
  return value == 1 ? Code.Ok : value == 2 ? Code.OverLimit : Code.Unknown;
}

function decodeStatus(bytes: ArrayBuffer): DescriptorStatus | null {
  const status = new DescriptorStatus();
  const reader = new ProtoReader(bytes);
  while (reader.next()) {
    if (reader.field == 1) {
      status.code = code(reader.varint());
    } else if (reader.field == 2) {
      const limit = requestsPerUnit(reader.bytes());
      if (limit < 0) return null;
      status.limit = <u32>limit;
    } else if (reader.field == 3) {
      status.remaining = <u32>reader.varint();
    } else if (reader.field == 4) {
      const seconds = durationSeconds(reader.bytes());
      if (seconds < 0) return null;
      status.resetSeconds = <u64>seconds;
    }
  }
  return reader.error ? null : status;
}

// -1 when malformed.
function requestsPerUnit(bytes: ArrayBuffer): i64 {
  const reader = new ProtoReader(bytes);
  let requests: i64 = 0;
  while (reader.next()) if (reader.field == 1) requests = <i64><u32>reader.varint();
  return reader.error ? -1 : requests;
}

// Whole seconds rounded up; a negative duration is 0; -1 when malformed.
function durationSeconds(bytes: ArrayBuffer): i64 {
  const reader = new ProtoReader(bytes);
  let seconds: i64 = 0;
  let nanos: i32 = 0;
  while (reader.next()) {
    if (reader.field == 1) seconds = <i64>reader.varint();
    else if (reader.field == 2) nanos = <i32>reader.varint();
  }
  if (reader.error) return -1;
  if (seconds < 0) return 0;
  return seconds + (nanos > 0 ? 1 : 0);
}

function decodeHeader(bytes: ArrayBuffer): Pair | null {
  const reader = new ProtoReader(bytes);
  let key = "";
  let value = "";
  while (reader.next()) {
    if (reader.field == 1) key = lowerCaseAscii(reader.string());
    else if (reader.field == 2) value = reader.string();
    else if (reader.field == 3 && value.length == 0) value = String.UTF8.decode(reader.bytes());
  }
  return reader.error || key.length == 0 ? null : new Pair(key, value);
}
