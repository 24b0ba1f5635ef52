// A key's place on a line of POINTS points, from a stable hash: the same key (and salt) lands on the same point on
// every worker and every Envoy. Sticky shares are the first points of the line: route-meta's splits lay bands on it,
// the `percent` operator and the fault filter's sticky share take a prefix of it, so "10%" on one key is the same
// users everywhere.
import { stableHash64 } from "../hash";

export const POINTS: u32 = 10000;
export const POINTS_PER_PERCENT: u32 = 100;

export function stickyPoint(salt: string, key: string): u32 {
  const text = salt.length == 0 ? key : salt + "\n" + key;
  return <u32>(stableHash64(text) % <u64>POINTS);
}
