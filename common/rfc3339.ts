// RFC 3339 timestamps as configurations write them (2026-12-08T10:00:00Z, 2026-12-08T11:00:00.5+01:00), to
// nanoseconds since the Unix epoch. Leap seconds (:60) are refused rather than guessed.

/** Nanoseconds since the epoch, or -1 when `text` is not an RFC 3339 date-time. */
export function parseRfc3339(text: string): i64 {
  if (text.length < 20) return -1;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (text.charAt(4) != "-" || text.charAt(7) != "-" || (text.charAt(10) != "T" && text.charAt(10) != "t") || text.charAt(13) != ":" || text.charAt(16) != ":") return -1;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0) return -1;
  let at = 19;
  let fraction: i64 = 0;
  if (text.charAt(at) == ".") {
    at++;
    let scale: i64 = 100_000_000;
    const start = at;
    while (at < text.length && isDigit(text.charCodeAt(at))) {
      fraction += <i64>(text.charCodeAt(at) - 0x30) * scale;
      scale /= 10;
      at++;
    }
    if (at == start) return -1;
  }
  let offsetMinutes: i64 = 0;
  const zone = text.charAt(at);
  if (zone == "Z" || zone == "z") {
    if (at + 1 != text.length) return -1;
  } else if (zone == "+" || zone == "-") {
    if (at + 6 != text.length || text.charAt(at + 3) != ":") return -1;
    const h = digits(text, at + 1, 2);
    const m = digits(text, at + 4, 2);
    if (h < 0 || m < 0 || h > 23 || m > 59) return -1;
    offsetMinutes = <i64>(h * 60 + m) * (zone == "+" ? 1 : -1);
  } else {
    return -1;
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + <i64>(hour * 3600 + minute * 60 + second) - offsetMinutes * 60;
  return seconds < 0 ? -1 : seconds * 1_000_000_000 + fraction;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

/** The decimal number in text[at, at + count), or -1. */
function digits(text: string, at: i32, count: i32): i32 {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}

function daysInMonth(year: i32, month: i32): i32 {
  if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

/** Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: i32, month: i32, day: i32): i64 {
  const y = <i64>(month <= 2 ? year - 1 : year);
  const era = y / 400;
  const yearOfEra = y - era * 400;
  const m = <i64>month;
  const dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + <i64>day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
