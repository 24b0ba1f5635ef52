// as-pect runs every tests/unit spec against the pure AssemblyScript code in assembly/ and common/.
// The specs need no host imports, so the modules are instantiated with memory only.
export default {
  entries: ["tests/unit/**/*.spec.ts"],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
