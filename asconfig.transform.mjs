// The asc transform asconfig.json names: assembly/abi/callback_exports.mjs (each module exports only the callbacks
// its filter uses). It sits in the top folder because asc 0.27 loads a configured transform path with a folder in it
// ("./assembly/abi/x.mjs") as a package name; a file here keeps its "./".
export { default } from "./assembly/abi/callback_exports.mjs";
