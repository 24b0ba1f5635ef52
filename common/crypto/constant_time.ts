// Comparison whose running time does not depend on where secret bytes differ (MACs, API keys, password hashes).

/** True when `a` and `b` hold the same bytes. The length is not secret: different lengths return at once. */
export function constantTimeEquals(a: Uint8Array, b: Uint8Array): bool {
  const n = a.length;
  if (n != b.length) return false;
  const pa = a.dataStart, pb = b.dataStart;
  let diff: u32 = 0;
  for (let i = 0; i < n; i++) diff |= <u32>load<u8>(pa + <usize>i) ^ <u32>load<u8>(pb + <usize>i);
  return diff == 0;
}
