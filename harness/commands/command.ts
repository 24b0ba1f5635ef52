// What every verb of the CLI is: a name, a help text, and a run function taking the arguments after the verb.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../usage_error.js";

export const BIN = "envoy-wasm-as";

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  run(args: string[]): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `parseArgs` with `--help` on every verb and errors that point at the verb's help. */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see \`${BIN} ${command} --help\`)`);
  }
}

/** A required option's value, or an error naming it. */
export function required(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === "") throw new UsageError(`${command} needs --${name} (see \`${BIN} ${command} --help\`)`);
  return value;
}

/** One of `allowed`, or an error listing them. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} ${value}: choose one of ${allowed.join(", ")}`);
}

export function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new UsageError(`--${name} ${value}: expected a whole number from ${min} to ${max}`);
  return number;
}

/** Progress goes to stderr, so stdout carries only the result (a manifest, a digest) and can be piped. */
export const progress = (line: string) => process.stderr.write(`${line}\n`);
