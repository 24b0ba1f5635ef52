// harness/filters.ts is the one list of filters: every folder under filters/ has an entry, asconfig.json builds
// exactly the catalogue's modules (plus the probe modules of tests/probe-*), and what `npm start` and the benchmark
// show is derived from it.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { FILTER_VARIANTS } from "../../bench/variants.js";
import { FILTERS } from "../../harness/filters.js";
import { projectRoot } from "../../harness/paths.js";

const root = projectRoot();
const asconfig = JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8")) as { targets: Record<string, { outFile: string }> };
const shippedFolders = readdirSync(join(root, "filters")).filter((name) => statSync(join(root, "filters", name)).isDirectory());

describe("the filter catalogue", () => {
  it("every folder under filters/ has an entry", () => {
    assert.ok(shippedFolders.length >= 3);
    for (const folder of shippedFolders) {
      assert.ok(FILTERS.some((entry) => entry.entry === `filters/${folder}/index.ts`), `filters/${folder} has no entry in harness/filters.ts`);
    }
  });

  it("every entry's module is an asconfig.json target with build/<target>.wasm, its entry, schema and README exist", () => {
    for (const entry of FILTERS) {
      assert.equal(asconfig.targets[entry.target]?.outFile, entry.wasm, `asconfig.json target ${entry.target}`);
      for (const file of [entry.entry, entry.schema, join(dirname(entry.entry), "README.md")]) assert.ok(existsSync(join(root, file)), `${entry.name}: ${file}`);
    }
  });

  it("asconfig.json builds nothing else than the catalogue's modules and the probe modules", () => {
    for (const target of Object.keys(asconfig.targets)) {
      const probe = target.startsWith("probe-") && existsSync(join(root, "tests", target, "index.ts"));
      assert.ok(probe || FILTERS.some((entry) => entry.target === target), `asconfig.json target ${target} is neither a catalogue module nor a probe`);
    }
  });

  it("names and root ids are unique; every module has one demo; every shipped HTTP filter has benchmark variants", () => {
    assert.equal(new Set(FILTERS.map((entry) => entry.name)).size, FILTERS.length);
    const targets = new Set(FILTERS.map((entry) => entry.target));
    for (const target of targets) {
      assert.equal(FILTERS.filter((entry) => entry.target === target && entry.demo).length, 1, `${target} has one demo`);
    }
    for (const target of Object.keys(FILTER_VARIANTS)) assert.ok(targets.has(target), `bench variants for ${target}, which the catalogue lacks`);
    for (const entry of FILTERS.filter((e) => e.kind === "http" && e.entry.startsWith("filters/"))) {
      assert.ok(entry.target in FILTER_VARIANTS, `${entry.name} has no variants in bench/variants.ts FILTER_VARIANTS`);
    }
  });
});
