// A small seeded random generator (mulberry32) for generated test inputs, so a failure can be replayed from the seed
// the test prints.

export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (limit: number) => Math.floor(next() * limit);
  const bytes = (length: number) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = int(256);
    return out;
  };
  const pick = <T>(items: readonly T[]) => items[int(items.length)];
  return { next, int, bytes, pick };
}

export type Random = ReturnType<typeof randomSource>;
