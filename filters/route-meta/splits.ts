// Percentage splits as bands on the sticky line (common/match/sticky_point.ts). A request gets a point (sticky: from
// a stable hash of its key; random: from the host's random bytes) and the version whose band holds it. Bands are
// laid out from 0 in config order, each as wide as its percentage; points past the last band get the default tag.
//
// Why this is monotone: changing one version's percentage moves only the boundary at the end of its band, so the
// only points that change version are those between the old and new boundary, and they move between that version
// and the band right after it (the next version, or the default for the last one). Raising the last version from
// 10% to 50% therefore only moves default users to it, never the other way; with v1 70 / v2 20 / v3 10 listed in
// that order, v1 60 / v2 30 / v3 10 moves only v1 users to v2. Every other point keeps its version. Adding a version
// at the end takes from the default only; inserting one in the middle or reordering the list shifts the bands after
// it, which is a reshuffle (the README says so).
import { POINTS_PER_PERCENT } from "../../common/match/sticky_point";

/** A version's band: the points from the previous band's end up to (not including) `end`. */
export class Band {
  constructor(public tag: string, public end: u32) {}
}

export class Split {
  bands: Band[] = [];
  /** Hash input prefix: a new salt reshuffles everyone, so two experiments on one key are independent. */
  salt: string = "";

  /** Appends a band after the last one. */
  add(tag: string, percent: u32): void {
    const start = this.bands.length == 0 ? 0 : this.bands[this.bands.length - 1].end;
    this.bands.push(new Band(tag, start + percent * POINTS_PER_PERCENT));
  }

  totalPercent(): u32 {
    return this.bands.length == 0 ? 0 : this.bands[this.bands.length - 1].end / POINTS_PER_PERCENT;
  }

  /** The band holding `point`, or null when it lies past the last band (the default's share). */
  bandAt(point: u32): Band | null {
    for (let i = 0; i < this.bands.length; i++) if (point < this.bands[i].end) return this.bands[i];
    return null;
  }
}
