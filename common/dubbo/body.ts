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
    } else if ("ZBCDFIJS".indexOf(String.fromCharCode(c)) >= 0) {
      i++;
    } else {
      return -1;
    }
    count++;
  }
  return count;
}

/**
 * The request in `bytes[at, end)`, or null when the body is not one. Of the attachments, only the `wanted` names are
 * read (ASCII, as rules name them); with none wanted the arguments and attachments are not looked at.
 */
export function decodeRequest(bytes: Uint8Array, at: i32, end: i32, wanted: string[]): DubboRequest | null {
  const reader = new Hessian2Reader(bytes, at, end);
  const request = new DubboRequest();
  const dubboVersion = reader.readString();
  const service = reader.readString();
  const version = reader.readString();
  const method = reader.readString();
  const types = reader.readString();
  if (reader.failed || service === null || method === null) return null;
  request.dubboVersion = dubboVersion === null ? "" : dubboVersion;
  request.service = service;
  request.version = version === null ? "" : version;
  request.method = method;
  request.parameterTypes = types === null ? "" : types;
  const count = countParameters(request.parameterTypes);
  if (count < 0) return null;
  if (wanted.length == 0) return request;
  for (let i = 0; i < count; i++) if (!reader.skipValue()) return null;
  // Dubbo always writes the attachments; an older client may end the body here.
  if (!reader.atEnd) request.attributes = reader.readStringMap(wanted);
  if (reader.failed) return null;
  if (request.version.length > 0 && request.attribute("version") === null) {
    request.attributes.push("version");
    request.attributes.push(request.version);
  }
  return request;
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
  const reader = new Hessian2Reader(bytes, at, end);
  const kind = reader.readInt();
  if (reader.failed || kind < 0 || kind > 5) return ResponseKind.Undecodable;
  return <ResponseKind>kind;
}

export function isException(kind: ResponseKind): bool {
  return kind == ResponseKind.Exception || kind == ResponseKind.ExceptionWithAttachments;
}
