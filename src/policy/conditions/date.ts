import { comparisonOperators } from './comparison.js';

/**
 * Date operators compare instants. AWS takes "one of the W3C implementations of the ISO 8601 date
 * formats or epoch (UNIX) time" (IAM User Guide, "Date condition operators"); epoch time is in
 * SECONDS, as `aws:EpochTime` is. Accepted here, strictly:
 *  - epoch seconds: digits only, e.g. `1700000000` (so a bare year such as `2024` is epoch seconds);
 *  - a date: `YYYY-MM-DD`, read as midnight UTC;
 *  - a date and time (W3C NOTE-datetime): `YYYY-MM-DDThh:mm[:ss[.s…]]` followed by `Z` or `±hh:mm`.
 * Parsing walks the characters (no regex, no Date.parse, no allocation): Date.parse accepts
 * forms AWS does not, and reads offset-less times in the local zone.
 */

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The digit at `i`, or -1. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The two-digit number at `i`, or -1. */
function twoDigits(text: string, i: number): number {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

const MS_PER_DAY = 86_400_000;

/**
 * Reads a date value as milliseconds since 1970-01-01T00:00:00Z; NaN when it is neither epoch
 * seconds nor a W3C ISO 8601 date or date-time.
 * @example parseInstant('2020-01-01T01:00:00+01:00') === parseInstant('1577836800') // 1577836800000
 */
export function parseInstant(text: string): number {
  const n = text.length;
  if (n === 0) return NaN;
  let allDigits = true;
  for (let i = 0; i < n && allDigits; i++) allDigits = digit(text, i) >= 0;
  if (allDigits) return Number(text) * 1000;

  if (n < 10 || text[4] !== '-' || text[7] !== '-') return NaN;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1) return NaN;
  const year = century * 100 + yy;
  if (day > daysInMonth(year, month)) return NaN;
  const midnight = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (n === 10) return midnight;

  if (text[10] !== 'T' || text[13] !== ':') return NaN;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let ms = (hour * 60 + minute) * 60_000;
  let i = 16;
  if (text[i] === ':') {
    const second = twoDigits(text, i + 1);
    if (second < 0 || second > 59) return NaN;
    ms += second * 1000;
    i += 3;
    if (text[i] === '.') {
      i++;
      const start = i;
      let scale = 100;
      for (let d = digit(text, i); d >= 0; d = digit(text, ++i)) {
        ms += d * scale;
        scale /= 10;
      }
      if (i === start) return NaN;
    }
  }

  // The time zone designator is required after a time.
  if (text[i] === 'Z' && i + 1 === n) return midnight + ms;
  const sign = text[i] === '+' ? 1 : text[i] === '-' ? -1 : 0;
  if (sign === 0 || i + 6 !== n || text[i + 3] !== ':') return NaN;
  const offsetHours = twoDigits(text, i + 1);
  const offsetMinutes = twoDigits(text, i + 4);
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return NaN;
  // Local time = UTC + offset, so UTC = local time - offset.
  return midnight + ms - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** The six Date operators, `DateEquals` to `DateGreaterThanEquals`. */
export const DATE_OPERATORS = comparisonOperators(
  'Date',
  parseInstant,
  'an ISO 8601 date or date-time (e.g. 2020-01-01 or 2020-01-01T00:00:00Z) or epoch seconds',
);
