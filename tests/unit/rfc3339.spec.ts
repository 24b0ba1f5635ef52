import { parseRfc3339 } from "../../common/rfc3339";

const NS: i64 = 1_000_000_000;

describe("parseRfc3339", () => {
  it("reads UTC, fractions and offsets", () => {
    expect(parseRfc3339("1970-01-01T00:00:00Z")).toBe(0);
    expect(parseRfc3339("2026-12-08T10:00:00Z")).toBe(1796724000 * NS);
    expect(parseRfc3339("2026-12-08T11:00:00+01:00")).toBe(1796724000 * NS);
    expect(parseRfc3339("2026-12-08T09:30:00-00:30")).toBe(1796724000 * NS);
    expect(parseRfc3339("2000-02-29T12:00:00.25Z")).toBe(951825600 * NS + 250_000_000);
  });
  it("refuses what is not a date-time", () => {
    expect(parseRfc3339("2026-12-08")).toBe(-1);
    expect(parseRfc3339("2026-12-08 10:00:00Z")).toBe(-1);
    expect(parseRfc3339("2026-13-08T10:00:00Z")).toBe(-1);
    expect(parseRfc3339("2025-02-29T10:00:00Z")).toBe(-1);
    expect(parseRfc3339("2026-12-08T10:00:60Z")).toBe(-1);
    expect(parseRfc3339("2026-12-08T10:00:00")).toBe(-1);
    expect(parseRfc3339("2026-12-08T10:00:00.Z")).toBe(-1);
    expect(parseRfc3339("2026-12-08T10:00:00+0100")).toBe(-1);
    expect(parseRfc3339("1969-12-31T23:59:59Z")).toBe(-1);
  });
});
