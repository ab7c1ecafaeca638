import { TZDate } from "@date-fns/tz";

/**
 * Calendar arithmetic on local dates written as `YYYY-MM-DD` and months written as `YYYY-MM`.
 * Local dates carry no time zone, so comparing them as strings orders them correctly and no
 * day ever shifts when a process runs under a different `TZ`.
 */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoMonthPattern = /^(\d{4})-(\d{2})$/;

/** Returns true when `timeZone` is an IANA zone name that this runtime supports. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Returns the calendar date of `instant` in `timeZone`, as `YYYY-MM-DD`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const zoned = new TZDate(instant.getTime(), timeZone);
  return formatDate(zoned.getFullYear(), zoned.getMonth() + 1, zoned.getDate());
}

/** Returns the offset of `timeZone` from UTC at `instant`, in minutes (New York in summer is -240). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  return -new TZDate(instant.getTime(), timeZone).getTimezoneOffset();
}

/**
 * Reads a wall-clock time such as `2026-03-10T15:00:00` as local time in `timeZone` and returns
 * the instant. A wall time skipped by a daylight-saving change moves forward by the gap.
 */
export function instantFromLocalTime(wallTime: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(wallTime);
  if (!match) {
    throw new RangeError(`Invalid local time "${wallTime}": expected YYYY-MM-DDTHH:MM[:SS]`);
  }
  const [, year, month, day, hour = "0", minute = "0", second = "0"] = match;
  const zoned = new TZDate(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    timeZone,
  );
  return new Date(zoned.getTime());
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Splits `YYYY-MM-DD` into numbers; throws on anything else, because callers pass stored dates. */
export function dateParts(date: string): { year: number; month: number; day: number } {
  const match = isoDatePattern.exec(date);
  if (!match) throw new RangeError(`Invalid date "${date}": expected YYYY-MM-DD`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** Returns true for a real calendar date in `YYYY-MM-DD` form (no 2026-02-30). */
export function isValidDate(date: string): boolean {
  const match = isoDatePattern.exec(date);
  if (!match) return false;
  const { year, month, day } = dateParts(date);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isValidMonth(month: string): boolean {
  const match = isoMonthPattern.exec(month);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds whole days to a local date; the arithmetic runs in UTC so no zone can shift it. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = dateParts(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Day of the week of a local date, 0 for Sunday to 6 for Saturday. */
export function weekdayOf(date: string): number {
  const { year, month, day } = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Returns the billing month (`YYYY-MM`) that a local service date falls in. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** First day of `month` and first day of the month after, for half-open range queries. */
export function monthBounds(month: string): { first: string; next: string } {
  if (!isValidMonth(month)) throw new RangeError(`Invalid month "${month}": expected YYYY-MM`);
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  const next =
    monthNumber === 12 ? formatDate(year + 1, 1, 1) : formatDate(year, monthNumber + 1, 1);
  return { first: `${month}-01`, next };
}

/** Days from `date` to the end of its month, counting `date` itself (31 January gives 1). */
export function daysLeftInMonth(date: string): number {
  const { year, month, day } = dateParts(date);
  return daysInMonth(year, month) - day + 1;
}

/** A month as people say it, such as "March 2026". */
export function monthLabel(month: string): string {
  const { first } = monthBounds(month);
  const { year, month: monthNumber } = dateParts(first);
  const name = new Date(Date.UTC(year, monthNumber - 1, 1)).toLocaleString("en-US", {
    month: "long",
    timeZone: "UTC",
  });
  return `${name} ${year}`;
}
