// Raw host functions of proxy-wasm ABI 0.2.1 as Envoy (proxy-wasm-cpp-host) exports them, plus the two WASI
// functions the SDK uses. Signatures match cpp-host's exports.h exactly: a mismatch fails the module at link time.
// Only assembly/abi/ and the one-file-per-concern wrappers in assembly/ call these; filters never do.

// Logging and status
@external("env", "proxy_log")
export declare function proxy_log(level: u32, messagePtr: usize, messageSize: usize): u32;
@external("env", "proxy_get_log_level")
export declare function proxy_get_log_level(returnLevelPtr: usize): u32;
@external("env", "proxy_get_status")
export declare function proxy_get_status(returnCodePtr: usize, returnMessagePtrPtr: usize, returnMessageSizePtr: usize): u32;

// Timers
@external("env", "proxy_set_tick_period_milliseconds")
export declare function proxy_set_tick_period_milliseconds(periodMs: u32): u32;

// Properties
@external("env", "proxy_get_property")
export declare function proxy_get_property(pathPtr: usize, pathSize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize): u32;
@external("env", "proxy_set_property")
export declare function proxy_set_property(pathPtr: usize, pathSize: usize, valuePtr: usize, valueSize: usize): u32;

// Stream control
@external("env", "proxy_continue_stream")
export declare function proxy_continue_stream(streamType: u32): u32;
@external("env", "proxy_close_stream")
export declare function proxy_close_stream(streamType: u32): u32;
@external("env", "proxy_send_local_response")
export declare function proxy_send_local_response(statusCode: u32, detailsPtr: usize, detailsSize: usize, bodyPtr: usize, bodySize: usize,
  headersPtr: usize, headersSize: usize, grpcStatus: i32): u32;

// Shared data and queues
@external("env", "proxy_get_shared_data")
export declare function proxy_get_shared_data(keyPtr: usize, keySize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize, returnCasPtr: usize): u32;
@external("env", "proxy_set_shared_data")
export declare function proxy_set_shared_data(keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize, cas: u32): u32;
@external("env", "proxy_register_shared_queue")
export declare function proxy_register_shared_queue(namePtr: usize, nameSize: usize, returnTokenPtr: usize): u32;
@external("env", "proxy_resolve_shared_queue")
export declare function proxy_resolve_shared_queue(vmIdPtr: usize, vmIdSize: usize, namePtr: usize, nameSize: usize, returnTokenPtr: usize): u32;
@external("env", "proxy_enqueue_shared_queue")
export declare function proxy_enqueue_shared_queue(token: u32, dataPtr: usize, dataSize: usize): u32;
@external("env", "proxy_dequeue_shared_queue")
export declare function proxy_dequeue_shared_queue(token: u32, returnDataPtrPtr: usize, returnDataSizePtr: usize): u32;

// Header maps
@external("env", "proxy_get_header_map_value")
export declare function proxy_get_header_map_value(mapType: u32, keyPtr: usize, keySize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize): u32;
@external("env", "proxy_add_header_map_value")
export declare function proxy_add_header_map_value(mapType: u32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): u32;
@external("env", "proxy_replace_header_map_value")
export declare function proxy_replace_header_map_value(mapType: u32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): u32;
@external("env", "proxy_remove_header_map_value")
export declare function proxy_remove_header_map_value(mapType: u32, keyPtr: usize, keySize: usize): u32;
@external("env", "proxy_get_header_map_pairs")
export declare function proxy_get_header_map_pairs(mapType: u32, returnPtrPtr: usize, returnSizePtr: usize): u32;
@external("env", "proxy_set_header_map_pairs")
export declare function proxy_set_header_map_pairs(mapType: u32, ptr: usize, size: usize): u32;
@external("env", "proxy_get_header_map_size")
export declare function proxy_get_header_map_size(mapType: u32, returnSizePtr: usize): u32;

// Buffers
@external("env", "proxy_get_buffer_status")
export declare function proxy_get_buffer_status(bufferType: u32, returnLengthPtr: usize, returnFlagsPtr: usize): u32;
@external("env", "proxy_get_buffer_bytes")
export declare function proxy_get_buffer_bytes(bufferType: u32, start: u32, maxSize: u32, returnPtrPtr: usize, returnSizePtr: usize): u32;
@external("env", "proxy_set_buffer_bytes")
export declare function proxy_set_buffer_bytes(bufferType: u32, start: u32, size: u32, dataPtr: usize, dataSize: usize): u32;

// Outbound calls
@external("env", "proxy_http_call")
export declare function proxy_http_call(upstreamPtr: usize, upstreamSize: usize, headersPtr: usize, headersSize: usize, bodyPtr: usize, bodySize: usize,
  trailersPtr: usize, trailersSize: usize, timeoutMs: u32, returnTokenPtr: usize): u32;
@external("env", "proxy_grpc_call")
export declare function proxy_grpc_call(upstreamPtr: usize, upstreamSize: usize, servicePtr: usize, serviceSize: usize, methodPtr: usize, methodSize: usize,
  metadataPtr: usize, metadataSize: usize, messagePtr: usize, messageSize: usize, timeoutMs: u32, returnTokenPtr: usize): u32;
@external("env", "proxy_grpc_stream")
export declare function proxy_grpc_stream(upstreamPtr: usize, upstreamSize: usize, servicePtr: usize, serviceSize: usize, methodPtr: usize, methodSize: usize,
  metadataPtr: usize, metadataSize: usize, returnTokenPtr: usize): u32;
@external("env", "proxy_grpc_send")
export declare function proxy_grpc_send(token: u32, messagePtr: usize, messageSize: usize, endStream: u32): u32;
@external("env", "proxy_grpc_cancel")
export declare function proxy_grpc_cancel(token: u32): u32;
@external("env", "proxy_grpc_close")
export declare function proxy_grpc_close(token: u32): u32;

// Metrics
@external("env", "proxy_define_metric")
export declare function proxy_define_metric(metricType: u32, namePtr: usize, nameSize: usize, returnIdPtr: usize): u32;
@external("env", "proxy_increment_metric")
export declare function proxy_increment_metric(metricId: u32, offset: i64): u32;
@external("env", "proxy_record_metric")
export declare function proxy_record_metric(metricId: u32, value: u64): u32;
@external("env", "proxy_get_metric")
export declare function proxy_get_metric(metricId: u32, returnValuePtr: usize): u32;

// Contexts and foreign functions
@external("env", "proxy_set_effective_context")
export declare function proxy_set_effective_context(contextId: u32): u32;
@external("env", "proxy_done")
export declare function proxy_done(): u32;
@external("env", "proxy_call_foreign_function")
export declare function proxy_call_foreign_function(namePtr: usize, nameSize: usize, argumentsPtr: usize, argumentsSize: usize,
  returnResultsPtrPtr: usize, returnResultsSizePtr: usize): u32;

// WASI: the ABI spec points modules at WASI for time and randomness.
@external("wasi_snapshot_preview1", "clock_time_get")
export declare function wasi_clock_time_get(clockId: u32, precision: u64, returnTimePtr: usize): u16;
@external("wasi_snapshot_preview1", "random_get")
export declare function wasi_random_get(bufferPtr: usize, bufferSize: usize): u16;
