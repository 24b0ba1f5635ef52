// Types of callback_exports.mjs for the TypeScript that imports it (tests/node/callback_exports.test.ts).
export declare const ALWAYS: Readonly<Record<string, string>>;
export declare const DISPATCH: Readonly<Record<string, readonly string[]>>;
export declare const BOOKKEEPING: Readonly<Record<string, readonly string[]>>;
export declare const SDK_CONTEXT_CLASSES: Readonly<Record<string, string>>;
export declare function planExports(
  exported: Iterable<string>,
  imports: ReadonlySet<string>,
  overrides: ReadonlyMap<string, string[]>,
): { keep: Map<string, string>; remove: string[] };
export declare function findOverrides(program: unknown): Map<string, string[]> | null;
declare const CallbackExports: new () => object;
export default CallbackExports;
