// The host emulator: run a built filter .wasm against a JavaScript implementation of Envoy's side of proxy-wasm
// ABI 0.2.1, to test its decisions in milliseconds. See README.md in this folder.
export { EmulatedHost, type ForeignFunction, type HostOptions } from "./host.js";
export { Plugin, type PluginOptions, type RequestInit } from "./plugin.js";
export { HttpStream, ForwardedRequest, ClientResponse, requestHeaders, type HttpStreamOptions, type Upstream, type UpstreamReply } from "./http_stream.js";
export { Connection, type ConnectionOptions } from "./connection.js";
export { HttpCall, GrpcCall, GrpcStream, type Body, type CallState, type ClusterHandlers, type GrpcReply, type HttpCallReply } from "./calls.js";
export { HeaderMap, type HeadersInit } from "./headers.js";
export { WasmTrapError, type LogEntry } from "./vm.js";
export type { LocalResponse } from "./context.js";
export type { PropertyTree, PropertyValue } from "./properties.js";
export type { Stat } from "./metrics.js";
export { Status, statusName, type LogLevelName } from "./abi.js";
export { encodePairs, decodePairs, type Pair } from "./pairs.js";
