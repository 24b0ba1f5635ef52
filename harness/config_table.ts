// A filter's table of configurations (tests/shared/<filter>_config_cases.ts), checked three ways with the same
// expectations: by ajv against filters/<filter>/config.schema.json, and by the filter itself on the host emulator
// and in a running Envoy, where each rejected configuration must log the message naming its field.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import { wasmPath } from "./bootstrap.js";
import { EmulatedHost, type HostOptions } from "./emulator/index.js";
import type { ListenerFileEnvoy } from "./listener_file.js";
import { projectRoot } from "./paths.js";
import { useScenario } from "./testing.js";

/** A configuration the filter accepts, and what it is (for the failure messages and test names). */
export type ValidConfig = [what: string, config: object];

/** A configuration, the text Envoy's log must show for it, and whether the schema can say it too. */
export interface InvalidConfig {
  config: object | string;
  message: string;
  /** A rule JSON Schema cannot state (each table says which): the schema accepts it, the filter alone rejects it. */
  filterOnly?: true;
}

export interface ConfigTable {
  /** The filter's folder under filters/, its module build/<filter>.wasm and the prefix of its log lines. */
  filter: string;
  valid: ValidConfig[];
  /** Valid configurations made at run time (generated keys), checked before the others. */
  validMadeAtRunTime?: [what: string, make: () => Promise<object>][];
  invalid: InvalidConfig[];
}

/** How the Envoy suite runs a filter's table: its listener-file scenario and what it still serves afterwards. */
export interface ConfigTableInEnvoy {
  start: () => Promise<ListenerFileEnvoy>;
  /** Applied (and accepted) before the invalid configurations, so that Envoy keeps a known one. */
  baseline?: object;
  /** The last test: its name, and what it checks at the listener's URL once the invalid updates were rejected. */
  keptServing: { test: string; check: (url: string) => Promise<void> };
}

/** The table as listener updates to one running Envoy: the valid ones accepted, the invalid ones rejected and logged. */
export function describeConfigTableInEnvoy(table: ConfigTable, envoy: ConfigTableInEnvoy): void {
  describe(`${table.filter}: configuration schema and validation in Envoy`, () => {
    const validate = schemaValidator(table.filter);
    const fixture = useScenario(`${table.filter} listener file`, envoy.start);
    /** Envoy's log from `offset` on, once it holds `text` (or after 5 s). */
    const logAfter = async (offset: number, text: string) => {
      const deadline = Date.now() + 5_000;
      let logged = fixture.scenario.envoy.log().slice(offset);
      while (!logged.includes(text) && Date.now() < deadline) {
        await sleep(20);
        logged = fixture.scenario.envoy.log().slice(offset);
      }
      return logged;
    };

    fixture.test("configurations in use are valid for the schema and accepted by Envoy", async () => {
      const madeAtRunTime = await Promise.all((table.validMadeAtRunTime ?? []).map(async ([what, make]): Promise<ValidConfig> => [what, await make()]));
      for (const [what, config] of [...madeAtRunTime, ...table.valid]) {
        assert.equal(validate(config), true, `${what}: ${JSON.stringify(validate.errors)}`);
        assert.equal(await fixture.scenario.apply(config), "accepted", what);
      }
    });

    fixture.test("invalid configurations are rejected by the schema and by Envoy, whose log names the field", async () => {
      if (envoy.baseline) assert.equal(await fixture.scenario.apply(envoy.baseline), "accepted");
      for (const { config, message, filterOnly } of table.invalid) {
        const text = shown(config);
        if (typeof config !== "string") assert.equal(validate(config), filterOnly === true, `schema on ${text}: ${JSON.stringify(validate.errors)}`);
        const logBefore = fixture.scenario.envoy.log().length;
        assert.equal(await fixture.scenario.apply(config), "rejected", text);
        // Envoy's log reaches us through a pipe, possibly after the stat that says the update was rejected.
        const expected = rejectionLogLine(table.filter, message);
        const logged = await logAfter(logBefore, expected);
        assert.ok(logged.includes(expected), `Envoy's log for ${text} lacks "${message}":\n${logged.slice(-1500)}`);
      }
    });

    fixture.test(envoy.keptServing.test, async () => {
      await envoy.keptServing.check(await fixture.scenario.url());
    });
  });
}

/** The table on the host emulator, one test per configuration; `host` declares what the filter calls out to. */
export function describeConfigTableOnEmulator(table: ConfigTable, host: HostOptions = {}): void {
  describe(`${table.filter} configuration on the host emulator`, () => {
    const validate = schemaValidator(table.filter);
    const configure = (configuration: object | string) =>
      new EmulatedHost(host).loadPlugin(wasmPath(table.filter), { name: table.filter, vmId: table.filter, configuration });
    const accepts = async (config: object) => {
      assert.equal(validate(config), true, JSON.stringify(validate.errors));
      const plugin = await configure(config);
      assert.equal(plugin.configured, true, plugin.logs.map((l) => l.message).join("\n"));
    };

    for (const [what, make] of table.validMadeAtRunTime ?? []) it(`accepts ${what}`, async () => accepts(await make()));
    for (const [what, config] of table.valid) it(`accepts ${what}`, () => accepts(config));

    for (const { config, message, filterOnly } of table.invalid) {
      const text = shown(config);
      it(`rejects ${text.length > 90 ? text.slice(0, 90) + "..." : text}`, async () => {
        if (typeof config !== "string") assert.equal(validate(config), filterOnly === true, `schema: ${JSON.stringify(validate.errors)}`);
        const plugin = await configure(config);
        assert.equal(plugin.configured, false);
        const errors = plugin.logs.filter((l) => l.level === "error").map((l) => l.message);
        assert.ok(errors.some((m) => m.startsWith(rejectionLogLine(table.filter, message))), errors.join("\n"));
      });
    }
  });
}

function schemaValidator(filter: string) {
  const schema = JSON.parse(readFileSync(join(projectRoot(), "filters", filter, "config.schema.json"), "utf8")) as object;
  return new Ajv2020({ strict: true }).compile(schema);
}

const shown = (config: object | string) => (typeof config === "string" ? config : JSON.stringify(config));

const rejectionLogLine = (filter: string, message: string) => `${filter}: invalid configuration: ${message}`;
