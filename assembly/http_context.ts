// An HTTP stream: one context per request. Override the callbacks the filter handles; the rest continue.
import { Action } from "./action";
import { BufferType, getBufferBytes, setBufferBytes } from "./buffers";
import { Context, ContextKind } from "./context";
import { HeaderMap } from "./header_map";
import { clearRouteCache } from "./foreign";
import { HeaderMapType, Pair, addHeader, getHeader, getHeaders, removeHeader, replaceHeader, setHeaders } from "./headers";
import { sendLocalResponse } from "./local_response";
import { Status } from "./status";
import { StreamType, closeStream, continueStream } from "./stream_control";

export class HttpContext extends Context {
  constructor(id: u32) {
    super(id, ContextKind.Http);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action { return Action.Continue; }
  // bodySize is the size of everything buffered so far when earlier body callbacks returned Pause.
  onRequestBody(bodySize: u32, endOfStream: bool): Action { return Action.Continue; }
  onRequestTrailers(numTrailers: u32): Action { return Action.Continue; }
  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action { return Action.Continue; }
  onResponseBody(bodySize: u32, endOfStream: bool): Action { return Action.Continue; }
  onResponseTrailers(numTrailers: u32): Action { return Action.Continue; }

  getRequestHeader(name: string): string | null { return getHeader(HeaderMapType.RequestHeaders, name); }
  getRequestHeaders(): Pair[] { return getHeaders(HeaderMapType.RequestHeaders); }
  /** Every request header in one host call, decoded only where asked (cheaper than getRequestHeaders). */
  getRequestHeaderMap(): HeaderMap { return HeaderMap.read(HeaderMapType.RequestHeaders); }
  setRequestHeaders(headers: Pair[]): Status { return setHeaders(HeaderMapType.RequestHeaders, headers); }
  addRequestHeader(name: string, value: string): Status { return addHeader(HeaderMapType.RequestHeaders, name, value); }
  replaceRequestHeader(name: string, value: string): Status { return replaceHeader(HeaderMapType.RequestHeaders, name, value); }
  removeRequestHeader(name: string): Status { return removeHeader(HeaderMapType.RequestHeaders, name); }

  getRequestTrailer(name: string): string | null { return getHeader(HeaderMapType.RequestTrailers, name); }
  getRequestTrailers(): Pair[] { return getHeaders(HeaderMapType.RequestTrailers); }
  addRequestTrailer(name: string, value: string): Status { return addHeader(HeaderMapType.RequestTrailers, name, value); }

  getResponseHeader(name: string): string | null { return getHeader(HeaderMapType.ResponseHeaders, name); }
  getResponseHeaders(): Pair[] { return getHeaders(HeaderMapType.ResponseHeaders); }
  getResponseHeaderMap(): HeaderMap { return HeaderMap.read(HeaderMapType.ResponseHeaders); }
  setResponseHeaders(headers: Pair[]): Status { return setHeaders(HeaderMapType.ResponseHeaders, headers); }
  addResponseHeader(name: string, value: string): Status { return addHeader(HeaderMapType.ResponseHeaders, name, value); }
  replaceResponseHeader(name: string, value: string): Status { return replaceHeader(HeaderMapType.ResponseHeaders, name, value); }
  removeResponseHeader(name: string): Status { return removeHeader(HeaderMapType.ResponseHeaders, name); }

  getResponseTrailer(name: string): string | null { return getHeader(HeaderMapType.ResponseTrailers, name); }
  getResponseTrailers(): Pair[] { return getHeaders(HeaderMapType.ResponseTrailers); }
  addResponseTrailer(name: string, value: string): Status { return addHeader(HeaderMapType.ResponseTrailers, name, value); }

  getRequestBody(start: u32, maxSize: u32): ArrayBuffer | null { return getBufferBytes(BufferType.HttpRequestBody, start, maxSize); }
  // See setBufferBytes for the edits Envoy supports. Changing the length? Remove content-length in onRequestHeaders.
  setRequestBody(start: u32, size: u32, data: ArrayBuffer): Status { return setBufferBytes(BufferType.HttpRequestBody, start, size, data); }
  getResponseBody(start: u32, maxSize: u32): ArrayBuffer | null { return getBufferBytes(BufferType.HttpResponseBody, start, maxSize); }
  setResponseBody(start: u32, size: u32, data: ArrayBuffer): Status { return setBufferBytes(BufferType.HttpResponseBody, start, size, data); }

  resumeRequest(): Status { return continueStream(StreamType.Request); }
  resumeResponse(): Status { return continueStream(StreamType.Response); }
  // Resets the stream: the client sees the request fail without a response.
  resetRequest(): Status { return closeStream(StreamType.Request); }
  resetResponse(): Status { return closeStream(StreamType.Response); }

  sendLocalResponse(statusCode: u32, details: string, body: ArrayBuffer, headers: Pair[], grpcStatus: i32): Status {
    return sendLocalResponse(statusCode, details, body, headers, grpcStatus);
  }
  clearRouteCache(): Status { return clearRouteCache(); }
}
