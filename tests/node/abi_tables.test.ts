// The ABI's numbers are written twice: in the SDK (AssemblyScript, assembly/*.ts) and in the host emulator
// (harness/emulator/abi.ts), which cannot import AssemblyScript. This proves the two tables equal, name for name.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BufferType, HeaderMapType, LOG_LEVELS, MetricType, PeerType, Status, StreamType } from "../../harness/emulator/abi.js";
import { projectRoot } from "../../harness/paths.js";

/** The members of `export enum name { A = 0, ... }` in an SDK file, as {A: 0, ...}. */
function sdkEnum(file: string, name: string): Record<string, number> {
  const source = readFileSync(join(projectRoot(), "assembly", file), "utf8");
  const body = new RegExp(`export enum ${name} \\{([^}]*)\\}`).exec(source)?.[1];
  assert.ok(body, `assembly/${file} declares enum ${name}`);
  const members: Record<string, number> = {};
  for (const [, member, value] of body.matchAll(/^\s*(\w+)\s*=\s*(\d+),?/gm)) members[member] = Number(value);
  return members;
}

/** A TypeScript numeric enum's members, without its reverse mapping. */
function emulatorEnum(table: Record<string, string | number>): Record<string, number> {
  return Object.fromEntries(Object.entries(table).filter(([, value]) => typeof value === "number")) as Record<string, number>;
}

describe("ABI tables: the SDK's and the emulator's are the same", () => {
  for (const [file, name, table] of [
    ["status.ts", "Status", Status],
    ["headers.ts", "HeaderMapType", HeaderMapType],
    ["buffers.ts", "BufferType", BufferType],
    ["stream_control.ts", "StreamType", StreamType],
    ["metrics.ts", "MetricType", MetricType],
    ["stream_context.ts", "PeerType", PeerType],
  ] as const) {
    it(`${name} (assembly/${file})`, () => {
      const sdk = sdkEnum(file, name);
      assert.ok(Object.keys(sdk).length >= 3, `enum ${name} has members`);
      assert.deepEqual(sdk, emulatorEnum(table as unknown as Record<string, string | number>));
    });
  }

  it("LogLevel (assembly/log.ts) in the emulator's order", () => {
    const sdk = sdkEnum("log.ts", "LogLevel");
    assert.deepEqual(Object.entries(sdk).sort((a, b) => a[1] - b[1]).map(([member]) => member.toLowerCase()), [...LOG_LEVELS]);
  });
});
