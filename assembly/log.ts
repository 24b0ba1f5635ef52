// Logging into Envoy's log (the `wasm` logger component); the plugin's name is prefixed by Envoy.
import { proxy_get_log_level, proxy_log } from "./abi/imports";
import { RETURN_EXTRA } from "./abi/memory";

export enum LogLevel {
  Trace = 0,
  Debug = 1,
  Info = 2,
  Warn = 3,
  Error = 4,
  Critical = 5,
}

export function log(level: LogLevel, message: string): void {
  const bytes = String.UTF8.encode(message);
  proxy_log(level, changetype<usize>(bytes), <usize>bytes.byteLength);
}

export function logTrace(message: string): void { log(LogLevel.Trace, message); }
export function logDebug(message: string): void { log(LogLevel.Debug, message); }
export function logInfo(message: string): void { log(LogLevel.Info, message); }
export function logWarn(message: string): void { log(LogLevel.Warn, message); }
export function logError(message: string): void { log(LogLevel.Error, message); }
export function logCritical(message: string): void { log(LogLevel.Critical, message); }

// The level Envoy currently logs at, so a filter can skip building messages nobody will see.
export function logLevel(): LogLevel {
  if (proxy_get_log_level(RETURN_EXTRA) != 0) return LogLevel.Info;
  return <LogLevel>load<u32>(RETURN_EXTRA);
}
