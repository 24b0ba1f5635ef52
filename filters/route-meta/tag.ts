// Tags: what a request is routed by. They go into headers, cookies and stat names, so their alphabet is small.

export const MAX_TAG_LENGTH: i32 = 64;

/** Tags go into headers, cookies and stat names: 1 to 64 of A-Z a-z 0-9 . _ - */
export function isValidTag(tag: string): bool {
  if (tag.length == 0 || tag.length > MAX_TAG_LENGTH) return false;
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2e || c == 0x5f || c == 0x2d;
    if (!ok) return false;
  }
  return true;
}
