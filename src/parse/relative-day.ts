import type { TextSpan } from "../patients/types.ts";
import { addDays, dateParts, daysInMonth, formatDate } from "../time/calendar.ts";

/**
 * Day phrases that chrono-node 2.10 gets wrong or not at all. It reads "the 27th of last month"
 * as "last month" (the same day a month ago), ignores a bare "on the 27th", and computes
 * "last night" from the host's `TZ` rather than the reference time zone.
 */

export interface DayPhrase {
  date: string;
  span: TextSpan;
}

const dayOfLastMonth = [
  /\b(?:on[ \t]+)?the[ \t]+(\d{1,2})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?last[ \t]+month\b/gi,
  /\blast[ \t]+month[ \t]+on[ \t]+the[ \t]+(\d{1,2})(?:st|nd|rd|th)?\b/gi,
];
const lastNight = /\blast[ \t]+(?:night|evening)\b/gi;
const bareOrdinalDay = /\b(?:on[ \t]+)?the[ \t]+(\d{1,2})(?:st|nd|rd|th)\b/gi;

/** Returns true when the date phrase at a span dates the work. The finders skip the others. */
export type SpanFilter = (span: TextSpan) => boolean;

/**
 * Finds "the 27th of last month", "last month on the 27th" or "last night" in `text`, dated
 * from `today` (YYYY-MM-DD in the practice time zone). Phrases whose span `accepts` rejects are
 * skipped. Returns null when none is left.
 */
export function findRelativeDay(
  text: string,
  today: string,
  accepts: SpanFilter,
): DayPhrase | null {
  for (const pattern of dayOfLastMonth) {
    for (const match of text.matchAll(pattern)) {
      const { year, month } = dateParts(today);
      const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
      const date = dateInMonth(previous.year, previous.month, Number(match[1]));
      const span = spanOf(match);
      if (date !== null && accepts(span)) return { date, span };
    }
  }
  for (const night of text.matchAll(lastNight)) {
    const span = spanOf(night);
    if (accepts(span)) return { date: addDays(today, -1), span };
  }
  return null;
}

/**
 * Finds a day of the month written alone ("on the 3rd"), which means the latest such day not
 * after `today`: this month's when it has passed, else last month's. Phrases whose span
 * `accepts` rejects are skipped.
 */
export function findOrdinalDay(text: string, today: string, accepts: SpanFilter): DayPhrase | null {
  for (const match of text.matchAll(bareOrdinalDay)) {
    const span = spanOf(match);
    if (!accepts(span)) continue;
    const date = latestDayOfMonth(Number(match[1]), today);
    return date === null ? null : { date, span };
  }
  return null;
}

function latestDayOfMonth(day: number, today: string): string | null {
  const { year, month, day: todayDay } = dateParts(today);
  if (day <= todayDay) return dateInMonth(year, month, day);
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return dateInMonth(previous.year, previous.month, day);
}

function dateInMonth(year: number, month: number, day: number): string | null {
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return formatDate(year, month, day);
}

function spanOf(match: RegExpMatchArray): TextSpan {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length };
}
