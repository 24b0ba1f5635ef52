// The import object: every host function check-wasm knows (module "env", and WASI under both
// wasi_snapshot_preview1 and wasi_unstable), with cpp-host's argument checks and status codes.
import { BufferType, HeaderMapType, Status, StreamType, WasiErrno } from "./abi.js";
import { decodePairs, encodePairs } from "./pairs.js";
import { lookupProperty, splitPath } from "./properties.js";
import { OutOfBounds } from "./memory.js";
import type { WasmVm } from "./vm.js";

type HostFunction = (...args: any[]) => number | void;

const MAX_HEADER_MAP_TYPE = HeaderMapType.HttpCallResponseTrailers;
const MAX_BUFFER_TYPE = BufferType.CallData;
const MAX_STREAM_TYPE = StreamType.Upstream;
const MAX_LOG_LEVEL = 5;
const RANDOM_GET_MAX_BYTES = 64 * 1024;

/** Builds the imports of one VM; `vm()` is the VM once instantiated. */
export function hostImports(vm: () => WasmVm): WebAssembly.Imports {
  // Every host function checks it may run now and turns a bad pointer into InvalidMemoryAccess (WASI: EFAULT).
  const guard = (name: string, fn: HostFunction, outOfBounds: number = Status.InvalidMemoryAccess): HostFunction =>
    (...args) => {
      vm().checkAllowed(name);
      try {
        return fn(...args);
      } catch (error) {
        if (error instanceof OutOfBounds) return outOfBounds;
        throw error;
      }
    };
  const mem = () => vm().memory;
  const ctx = () => vm().context();
  const text = (ptr: number, size: number) => mem().readText(ptr, size);

  const env: Record<string, HostFunction> = {
    proxy_log(level: number, ptr: number, size: number) {
      if (level > MAX_LOG_LEVEL) return Status.BadArgument;
      vm().log(level, text(ptr, size));
      return Status.Ok;
    },
    proxy_get_log_level(levelPtr: number) {
      mem().writeU32(levelPtr, vm().logLevel);
      return Status.Ok;
    },
    proxy_get_status(codePtr: number, messagePtrPtr: number, messageSizePtr: number) {
      const { code, message } = ctx().root.status;
      mem().writeU32(codePtr, code);
      mem().copyOut(new TextEncoder().encode(message), messagePtrPtr, messageSizePtr);
      return Status.Ok;
    },
    proxy_get_current_time_nanoseconds(resultPtr: number) {
      mem().writeU64(resultPtr, vm().host.clock.realtimeNs());
      return Status.Ok;
    },
    proxy_set_tick_period_milliseconds(periodMs: number) {
      ctx().root.setTickPeriod(periodMs >>> 0);
      return Status.Ok;
    },
    proxy_get_property(pathPtr: number, pathSize: number, valuePtrPtr: number, valueSizePtr: number) {
      const context = ctx();
      const segments = splitPath(mem().read(pathPtr, pathSize));
      let found = lookupProperty(context.properties(), segments);
      // Envoy's fallback for names that are no attribute: filter state written by set_property ("wasm.<name>").
      const state = context.filterState()?.get(segments[0] ?? "");
      if (found.status === Status.NotFound && state && segments.length === 1) found = { status: Status.Ok, value: state };
      if (found.status !== Status.Ok) return found.status;
      mem().copyOut(found.value!, valuePtrPtr, valueSizePtr);
      return Status.Ok;
    },
    proxy_set_property(pathPtr: number, pathSize: number, valuePtr: number, valueSize: number) {
      const path = text(pathPtr, pathSize);
      const value = mem().read(valuePtr, valueSize);
      const state = ctx().filterState();
      if (!state) return Status.NotFound;
      state.set(path, value);
      return Status.Ok;
    },
    proxy_continue_stream(type: number) {
      if (type > MAX_STREAM_TYPE) return Status.BadArgument;
      return ctx().continueStream(type);
    },
    proxy_close_stream(type: number) {
      if (type > MAX_STREAM_TYPE) return Status.BadArgument;
      return ctx().closeStream(type);
    },
    proxy_send_local_response(status: number, detailsPtr: number, detailsSize: number, bodyPtr: number, bodySize: number,
      headersPtr: number, headersSize: number, grpcStatus: number) {
      const details = text(detailsPtr, detailsSize).replace(/\s/g, "_");
      const body = mem().read(bodyPtr, bodySize);
      const headers = decodePairs(mem().read(headersPtr, headersSize)).map(([k, v]) => [k.toLowerCase(), v] as [string, string]);
      const grpc = grpcStatus >>> 0;
      ctx().sendLocalResponse({ status: status >>> 0, details, body, headers, grpcStatus: grpc <= 16 ? grpc : undefined });
      vm().stopNextIteration = true;
      return Status.Ok;
    },
    proxy_get_shared_data(keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number, casPtr: number) {
      const found = vm().host.sharedData.get(vm().settings.vmId, text(keyPtr, keySize));
      if (!found) return Status.NotFound;
      mem().copyOut(found.value, valuePtrPtr, valueSizePtr);
      mem().writeU32(casPtr, found.cas);
      return Status.Ok;
    },
    proxy_set_shared_data(keyPtr: number, keySize: number, valuePtr: number, valueSize: number, cas: number) {
      const key = text(keyPtr, keySize);
      const value = mem().read(valuePtr, valueSize);
      return vm().host.sharedData.set(vm().settings.vmId, key, value, cas >>> 0);
    },
    proxy_register_shared_queue(namePtr: number, nameSize: number, tokenPtr: number) {
      const name = text(namePtr, nameSize);
      const token = vm().host.queues.register(vm().settings.vmId, name, vm(), ctx().root.id);
      mem().writeU32(tokenPtr, token);
      return Status.Ok;
    },
    proxy_resolve_shared_queue(vmIdPtr: number, vmIdSize: number, namePtr: number, nameSize: number, tokenPtr: number) {
      const vmId = text(vmIdPtr, vmIdSize) || vm().settings.vmId;
      const token = vm().host.queues.resolve(vmId, text(namePtr, nameSize));
      if (token === 0) return Status.NotFound;
      mem().writeU32(tokenPtr, token);
      return Status.Ok;
    },
    proxy_enqueue_shared_queue(token: number, dataPtr: number, dataSize: number) {
      return vm().host.queues.enqueue(token >>> 0, mem().read(dataPtr, dataSize));
    },
    proxy_dequeue_shared_queue(token: number, dataPtrPtr: number, dataSizePtr: number) {
      const { status, data } = vm().host.queues.dequeue(token >>> 0);
      if (status !== Status.Ok) return status;
      mem().copyOut(data!, dataPtrPtr, dataSizePtr);
      return Status.Ok;
    },
    proxy_get_header_map_value(type: number, keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number) {
      if (type > MAX_HEADER_MAP_TYPE) return Status.BadArgument;
      const key = text(keyPtr, keySize);
      const context = ctx();
      const map = context.headerMap(type, false);
      if (!map) return context.inLogPhase ? Status.NotFound : Status.BadArgument;
      const value = map.get(key);
      if (value === null) return Status.NotFound;
      mem().copyOut(new TextEncoder().encode(value), valuePtrPtr, valueSizePtr);
      return Status.Ok;
    },
    proxy_add_header_map_value(type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number) {
      return editMap(type, (map) => map.add(text(keyPtr, keySize), text(valuePtr, valueSize)));
    },
    proxy_replace_header_map_value(type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number) {
      return editMap(type, (map) => map.set(text(keyPtr, keySize), text(valuePtr, valueSize)));
    },
    proxy_remove_header_map_value(type: number, keyPtr: number, keySize: number) {
      return editMap(type, (map) => map.remove(text(keyPtr, keySize)));
    },
    proxy_get_header_map_pairs(type: number, ptrPtr: number, sizePtr: number) {
      if (type > MAX_HEADER_MAP_TYPE) return Status.BadArgument;
      const pairs = ctx().headerMap(type, false)?.pairs() ?? [];
      mem().copyOut(pairs.length > 0 ? encodePairs(pairs) : new Uint8Array(0), ptrPtr, sizePtr);
      return Status.Ok;
    },
    proxy_set_header_map_pairs(type: number, ptr: number, size: number) {
      return editMap(type, (map) => map.replaceAll(decodePairs(mem().read(ptr, size))));
    },
    proxy_get_header_map_size(type: number, sizePtr: number) {
      if (type > MAX_HEADER_MAP_TYPE) return Status.BadArgument;
      const map = ctx().headerMap(type, true);
      if (!map) return Status.BadArgument;
      mem().writeU32(sizePtr, map.byteSize);
      return Status.Ok;
    },
    proxy_get_buffer_status(type: number, lengthPtr: number, flagsPtr: number) {
      if (type > MAX_BUFFER_TYPE) return Status.BadArgument;
      const buffer = ctx().buffer(type);
      if (!buffer) return Status.NotFound;
      mem().writeU32(lengthPtr, buffer.bytes().length);
      mem().writeU32(flagsPtr, 0);
      return Status.Ok;
    },
    proxy_get_buffer_bytes(type: number, start: number, length: number, ptrPtr: number, sizePtr: number) {
      if (type > MAX_BUFFER_TYPE) return Status.BadArgument;
      const buffer = ctx().buffer(type);
      if (!buffer) return Status.NotFound;
      const bytes = buffer.bytes();
      const from = Math.min(start >>> 0, bytes.length);
      mem().copyOut(bytes.subarray(from, Math.min(from + (length >>> 0), bytes.length)), ptrPtr, sizePtr);
      return Status.Ok;
    },
    proxy_set_buffer_bytes(type: number, start: number, length: number, dataPtr: number, dataSize: number) {
      if (type > MAX_BUFFER_TYPE) return Status.BadArgument;
      const buffer = ctx().buffer(type);
      if (!buffer) return Status.NotFound;
      return buffer.copyFrom(start >>> 0, length >>> 0, mem().read(dataPtr, dataSize));
    },
    proxy_http_call(upstreamPtr: number, upstreamSize: number, headersPtr: number, headersSize: number, bodyPtr: number,
      bodySize: number, trailersPtr: number, trailersSize: number, timeoutMs: number, tokenPtr: number) {
      const cluster = text(upstreamPtr, upstreamSize);
      const headers = decodePairs(mem().read(headersPtr, headersSize));
      const body = mem().read(bodyPtr, bodySize);
      const trailers = decodePairs(mem().read(trailersPtr, trailersSize));
      mem().writeU32(tokenPtr, 0);
      const { status, token } = vm().host.calls.httpCall(ctx().root, { cluster, headers, body, trailers, timeoutMs: timeoutMs >>> 0 });
      mem().writeU32(tokenPtr, token ?? 0);
      return status;
    },
    proxy_grpc_call(servicePtr: number, serviceSize: number, serviceNamePtr: number, serviceNameSize: number,
      methodPtr: number, methodSize: number, metadataPtr: number, metadataSize: number, messagePtr: number,
      messageSize: number, timeoutMs: number, tokenPtr: number) {
      const { status, token } = vm().host.calls.grpcCall(ctx().root, {
        upstream: mem().read(servicePtr, serviceSize),
        service: text(serviceNamePtr, serviceNameSize),
        method: text(methodPtr, methodSize),
        metadata: decodePairs(mem().read(metadataPtr, metadataSize)),
        message: mem().read(messagePtr, messageSize),
        timeoutMs: timeoutMs >>> 0,
      });
      if (status !== Status.Ok) return status;
      mem().writeU32(tokenPtr, token!);
      return Status.Ok;
    },
    proxy_grpc_stream(servicePtr: number, serviceSize: number, serviceNamePtr: number, serviceNameSize: number,
      methodPtr: number, methodSize: number, metadataPtr: number, metadataSize: number, tokenPtr: number) {
      const { status, token } = vm().host.calls.grpcStream(ctx().root, {
        upstream: mem().read(servicePtr, serviceSize),
        service: text(serviceNamePtr, serviceNameSize),
        method: text(methodPtr, methodSize),
        metadata: decodePairs(mem().read(metadataPtr, metadataSize)),
      });
      if (status !== Status.Ok) return status;
      mem().writeU32(tokenPtr, token!);
      return Status.Ok;
    },
    proxy_grpc_send(token: number, messagePtr: number, messageSize: number, endStream: number) {
      return vm().host.calls.grpcSend(vm(), token >>> 0, mem().read(messagePtr, messageSize), endStream !== 0);
    },
    proxy_grpc_cancel(token: number) {
      return vm().host.calls.grpcCancel(vm(), token >>> 0);
    },
    proxy_grpc_close(token: number) {
      return vm().host.calls.grpcClose(vm(), token >>> 0);
    },
    proxy_define_metric(type: number, namePtr: number, nameSize: number, idPtr: number) {
      const { status, id } = vm().metrics.define(type >>> 0, text(namePtr, nameSize));
      if (status !== Status.Ok) return status;
      mem().writeU32(idPtr, id!);
      return Status.Ok;
    },
    proxy_increment_metric(id: number, offset: bigint) {
      return vm().metrics.increment(id >>> 0, offset);
    },
    proxy_record_metric(id: number, value: bigint) {
      return vm().metrics.record(id >>> 0, BigInt.asUintN(64, value));
    },
    proxy_get_metric(id: number, resultPtr: number) {
      const { status, value } = vm().metrics.get(id >>> 0);
      if (status !== Status.Ok) return status;
      mem().writeU64(resultPtr, BigInt(value!));
      return Status.Ok;
    },
    proxy_set_effective_context(id: number) {
      return vm().setEffectiveContext(id >>> 0);
    },
    proxy_done() {
      // Envoy only accepts proxy_done from a root context whose proxy_on_done answered false at shutdown.
      return Status.NotFound;
    },
    proxy_call_foreign_function(namePtr: number, nameSize: number, argsPtr: number, argsSize: number, resultPtrPtr: number, resultSizePtr: number) {
      const name = text(namePtr, nameSize);
      const args = mem().read(argsPtr, argsSize);
      const fn = vm().host.foreignFunction(name);
      if (!fn) return Status.NotFound;
      const { status, result } = fn(ctx(), args);
      const data = result ?? new Uint8Array(0);
      if (resultPtrPtr !== 0 && resultSizePtr !== 0) mem().copyOut(data, resultPtrPtr, resultSizePtr);
      return status;
    },
  };

  const wasi: Record<string, HostFunction> = {
    fd_write(fd: number, iovs: number, iovsLength: number, writtenPtr: number) {
      if (fd !== 1 && fd !== 2) return WasiErrno.BADF;
      const parts: Uint8Array[] = [];
      for (let i = 0; i < iovsLength; i++) {
        const base = mem().readU32(iovs + 8 * i);
        const length = mem().readU32(iovs + 8 * i + 4);
        if (length !== 0) parts.push(mem().read(base, length));
      }
      const written = parts.reduce((n, p) => n + p.length, 0);
      if (written !== 0) {
        const message = new TextDecoder().decode(Buffer.concat(parts));
        vm().log(fd === 1 ? 2 : 4, message.endsWith("\n") ? message.slice(0, -1) : message);
      }
      mem().writeU32(writtenPtr, written);
      return WasiErrno.SUCCESS;
    },
    fd_read: () => WasiErrno.NOSYS,
    fd_seek: () => WasiErrno.SUCCESS,
    fd_close: () => WasiErrno.SUCCESS,
    fd_fdstat_get(fd: number, statPtr: number) {
      if (fd !== 1 && fd !== 2) return WasiErrno.BADF;
      const stat = new Uint8Array(24);
      new DataView(stat.buffer).setBigUint64(8, 64n, true);
      mem().write(statPtr, stat);
      return WasiErrno.SUCCESS;
    },
    fd_fdstat_set_flags: () => WasiErrno.NOSYS,
    fd_prestat_get: () => WasiErrno.BADF,
    fd_prestat_dir_name: () => WasiErrno.NOSYS,
    path_open: () => WasiErrno.NOENT,
    environ_sizes_get(countPtr: number, sizePtr: number) {
      const env = environment(vm());
      mem().writeU32(countPtr, env.length);
      mem().writeU32(sizePtr, env.reduce((n, e) => n + e.length, 0));
      return WasiErrno.SUCCESS;
    },
    environ_get(arrayPtr: number, bufferPtr: number) {
      for (const entry of environment(vm())) {
        mem().writeU32(arrayPtr, bufferPtr);
        mem().write(bufferPtr, entry);
        bufferPtr += entry.length;
        arrayPtr += 4;
      }
      return WasiErrno.SUCCESS;
    },
    args_sizes_get(countPtr: number, sizePtr: number) {
      mem().writeU32(countPtr, 0);
      mem().writeU32(sizePtr, 0);
      return WasiErrno.SUCCESS;
    },
    args_get: () => WasiErrno.SUCCESS,
    clock_time_get(clockId: number, _precision: bigint, resultPtr: number) {
      const clock = vm().host.clock;
      if (clockId !== 0 && clockId !== 1) return WasiErrno.NOTSUP;
      mem().writeU64(resultPtr, clockId === 0 ? clock.realtimeNs() : clock.monotonicNs());
      return WasiErrno.SUCCESS;
    },
    random_get(bufferPtr: number, length: number) {
      if (length > RANDOM_GET_MAX_BYTES) return WasiErrno.INVAL;
      if (length === 0) return WasiErrno.SUCCESS;
      mem().write(bufferPtr, vm().host.randomBytes(length));
      return WasiErrno.SUCCESS;
    },
    sched_yield: () => WasiErrno.SUCCESS,
    poll_oneoff(_in: number, _out: number, _subscriptions: number, eventsPtr: number) {
      mem().writeU32(eventsPtr, 0);
      return WasiErrno.SUCCESS;
    },
    proc_exit() {
      // Envoy logs at trace level and returns: proc_exit does not stop the module.
      vm().log(0, "wasi_unstable proc_exit");
    },
  };

  const guarded = (fns: Record<string, HostFunction>, outOfBounds: number) =>
    Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, guard(name, fn, outOfBounds)]));

  function editMap(type: number, edit: (map: NonNullable<ReturnType<ReturnType<typeof ctx>["headerMap"]>>) => void): number {
    if (type > MAX_HEADER_MAP_TYPE) return Status.BadArgument;
    const context = ctx();
    const map = context.headerMap(type, true);
    if (!map) return Status.BadArgument;
    edit(map);
    context.headersModified(type);
    return Status.Ok;
  }

  const wasiImports = guarded(wasi, WasiErrno.FAULT);
  return { env: guarded(env, Status.InvalidMemoryAccess), wasi_snapshot_preview1: wasiImports, wasi_unstable: wasiImports };
}

/** "KEY=value\0" entries of the VM's environment (Envoy: vm_config.environment_variables only). */
function environment(vm: WasmVm): Uint8Array[] {
  return Object.entries(vm.settings.environment).map(([k, v]) => new TextEncoder().encode(`${k}=${v}\0`));
}
