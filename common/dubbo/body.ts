// What a Dubbo request or response body says, read from its Hessian2 (DubboCodec's layout): a request is the Dubbo
// version, service path, service version, method, parameter type descriptor, the arguments (skipped) and the
// attachments map; a response with status OK starts with its type (value, null, exception, each with or without
// attachments).
import { CallInfo } from "../rpc/call_rule";
import { Hessian2Reader } from "./hessian2";

/**
 * A request: `service` is the body's service path, `attributes` the attachments whose key and value are strings
 * (Dubbo puts `group`, `version`, `interface`, `path`, `timeout` there), plus `version` from the body when the
 * attachments lack it.
 */
export class DubboRequest extends CallInfo {
  dubboVersion: string = "";
  version: string = "";
  parameterTypes: string = "";
}

/** Counts arguments in a JVM parameter descriptor ("Ljava/lang/String;I[J"); -1 when it is not one. */
export function countParameters(descriptor: string): i32 {
  let count = 0;
  let i = 0;
  while (i < descriptor.length) {
    let c = descriptor.charCodeAt(i);
    while (c == 0x5b) { // '[' array of
      if (++i >= descriptor.length) return -1;
      c = descriptor.charCodeAt(i);
    }
    if (c == 0x4c) { // 'L' class name up to ';'
      const end = descriptor.indexOf(";", i);
      if (end < 0) return -1;
      i = end + 1;
    } else if (isPrimitiveCode(c)) {
      i++;
    } else {
      return -1;
    }
    count++;
  }
  return count;
}

/** One of the JVM's primitive type codes Z B C D F I J S. */
function isPrimitiveCode(c: i32): bool {
  return c == 0x5a || c == 0x42 || c == 0x43 || c == 0x44 || c == 0x46 || c == 0x49 || c == 0x4a || c == 0x53;
}

/**
 * Reads the requests of one connection. A consumer sends the same service, version, method and descriptor again
 * and again, so the bytes of the last request's head (the five strings before the arguments) are kept: a request
 * that starts with the same bytes has the same head (Hessian2 strings delimit themselves), and its strings are not
 * decoded again. The request returned is reused by the next call to `decode`.
 */
export class RequestDecoder {
  private reader: Hessian2Reader = new Hessian2Reader(new Uint8Array(0), 0, 0);
  private request: DubboRequest = new DubboRequest();
  private parameterCount: i32 = 0;
  private head: Uint8Array = new Uint8Array(0);
  /** Whether the last decoded request had the head of the one before it. */
  sameHead: bool = false;

  /** The request in `bytes[at, end)`, or null when the body is not one. Of the attachments, only the `wanted` names
   * are read (ASCII, as rules name them); with none wanted the arguments and attachments are not looked at. */
  decode(bytes: Uint8Array, at: i32, end: i32, wanted: string[]): DubboRequest | null {
    const reader = this.reader;
    reader.reset(bytes, at, end);
    const request = this.request;
    const headSize = this.head.length;
    this.sameHead = headSize > 0 && end - at >= headSize && memory.compare(bytes.dataStart + <usize>at, this.head.dataStart, <usize>headSize) == 0;
    if (this.sameHead) {
      reader.at = at + headSize;
    } else if (!this.readHead(reader, bytes, at)) {
      return null;
    }
    request.attributes.length = 0;
    if (wanted.length == 0) return request;
    for (let i = 0; i < this.parameterCount; i++) if (!reader.skipValue()) return null;
    // Dubbo always writes the attachments; an older client may end the body here.
    if (!reader.atEnd) reader.readStringMap(wanted, request.attributes);
    if (reader.failed) return null;
    if (request.version.length > 0 && request.attribute("version") === null) {
      request.attributes.push("version");
      request.attributes.push(request.version);
    }
    return request;
  }

  private readHead(reader: Hessian2Reader, bytes: Uint8Array, at: i32): bool {
    this.head = new Uint8Array(0);
    const dubboVersion = reader.readString();
    const service = reader.readString();
    const version = reader.readString();
    const method = reader.readString();
    const types = reader.readString();
    if (reader.failed || service === null || method === null) return false;
    const request = this.request;
    request.dubboVersion = dubboVersion === null ? "" : dubboVersion;
    request.service = service;
    request.version = version === null ? "" : version;
    request.method = method;
    request.parameterTypes = types === null ? "" : types;
    this.parameterCount = countParameters(request.parameterTypes);
    if (this.parameterCount < 0) return false;
    this.head = bytes.slice(at, reader.at);
    return true;
  }
}

export enum ResponseKind {
  Exception = 0,
  Value = 1,
  Null = 2,
  ExceptionWithAttachments = 3,
  ValueWithAttachments = 4,
  NullWithAttachments = 5,
  /** Not status OK: the body is the error message. */
  Error = 6,
  Undecodable = 7,
}

/** The kind of an OK response's body (its first int); a response with another status is an Error. */
export function responseKind(bytes: Uint8Array, at: i32, end: i32, ok: bool): ResponseKind {
  if (!ok) return ResponseKind.Error;
  // Every kind is a one-byte compact int (0x90 + kind).
  if (end > at && bytes[at] >= 0x90 && bytes[at] <= 0x95) return <ResponseKind>(bytes[at] - 0x90);
  const reader = new Hessian2Reader(bytes, at, end);
  const kind = reader.readInt();
  if (reader.failed || kind < 0 || kind > 5) return ResponseKind.Undecodable;
  return <ResponseKind>kind;
}

export function isException(kind: ResponseKind): bool {
  return kind == ResponseKind.Exception || kind == ResponseKind.ExceptionWithAttachments;
}
