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
  /\b(?:on[ \t]+)?the[ \t]+(\d{1,2})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?last[ \t]+month\b/i,
  /\blast[ \t]+month[ \t]+on[ \t]+the[ \t]+(\d{1,2})(?:st|nd|rd|th)?\b/i,
];
const lastNight = /\blast[ \t]+(?:night|evening)\b/i;
const bareOrdinalDay = /\b(?:on[ \t]+)?the[ \t]+(\d{1,2})(?:st|nd|rd|th)\b/i;

/**
 * Finds "the 27th of last month", "last month on the 27th" or "last night" in `text`, dated
 * from `today` (YYYY-MM-DD in the practice time zone). Returns null when there is none.
 */
export function findRelativeDay(text: string, today: string): DayPhrase | null {
  for (const pattern of dayOfLastMonth) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const { year, month } = dateParts(today);
    const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
    const date = dateInMonth(previous.year, previous.month, Number(match[1]));
    if (date !== null) return { date, span: spanOf(match) };
  }
  const night = lastNight.exec(text);
  if (night !== null) return { date: addDays(today, -1), span: spanOf(night) };
  return null;
}

/**
 * Finds a day of the month written alone ("on the 3rd"), which means the latest such day not
 * after `today`: this month's when it has passed, else last month's.
 */
export function findOrdinalDay(text: string, today: string): DayPhrase | null {
  const match = bareOrdinalDay.exec(text);
  if (match === null) return null;
  const day = Number(match[1]);
  const { year, month, day: todayDay } = dateParts(today);
  if (day <= todayDay) {
    const date = dateInMonth(year, month, day);
    return date === null ? null : { date, span: spanOf(match) };
  }
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const date = dateInMonth(previous.year, previous.month, day);
  return date === null ? null : { date, span: spanOf(match) };
}

function dateInMonth(year: number, month: number, day: number): string | null {
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return formatDate(year, month, day);
}

function spanOf(match: RegExpExecArray): TextSpan {
  return { start: match.index, end: match.index + match[0].length };
}
