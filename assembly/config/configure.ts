// Reading a plugin's configuration in onConfigure, the one way every filter does it: the filter's parser reads the
// fields through a ConfigReader; a mistake is logged here, naming its field, and answered as a status.
import { BufferType, getBuffer } from "../buffers";
import { logError } from "../log";
import { Result, Status } from "../status";
import { ConfigReader } from "./reader";

/**
 * The plugin configuration read by `parse` (callable from onConfigure only: the host hands the configuration over
 * then). When `parse` leaves a mistake in the reader, logs `<filter>: invalid configuration: field 'x': ...` at error
 * level and answers BadArgument, with what `parse` built so far: onConfigure then returns false, and Envoy refuses
 * the configuration (or NACKs the update).
 */
export function readPluginConfiguration<T>(filter: string, parse: (reader: ConfigReader) => T): Result<T> {
  const bytes = getBuffer(BufferType.PluginConfiguration);
  const reader = ConfigReader.parseBytes(bytes === null ? new Uint8Array(0) : Uint8Array.wrap(bytes));
  const value = parse(reader);
  if (reader.ok()) return new Result<T>(Status.Ok, value);
  logError(filter + ": invalid configuration: " + reader.error());
  return new Result<T>(Status.BadArgument, value);
}
