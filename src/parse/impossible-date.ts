import type { TextSpan } from "../patients/types.ts";
import { daysInMonth } from "../time/calendar.ts";

/**
 * Finds a date that looks real but is not, such as "2/30", "Feb 31" or "2026-04-31". chrono-node
 * skips such text, and the log would silently be dated today instead. Only day numbers that
 * exceed their month's length count, so fractions ("1/2 tab") and scores ("7/10") never match.
 * A yearless 29 February is left alone, because it is real in a leap year.
 */
const monthNames = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];

const numericDate = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/g;
const isoDate = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const namedDate =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b/gi;

export interface ImpossibleDate {
  text: string;
  span: TextSpan;
}

/**
 * Returns the first impossible date in `text` whose span `accepts` keeps, or null. An event's
 * date is not the service date, so a caller skips it even when it is impossible.
 */
export function findImpossibleDate(
  text: string,
  accepts: (span: TextSpan) => boolean,
): ImpossibleDate | null {
  for (const impossible of impossibleDates(text)) {
    if (accepts(impossible.span)) return impossible;
  }
  return null;
}

function* impossibleDates(text: string): Generator<ImpossibleDate> {
  for (const match of text.matchAll(numericDate)) {
    const year = match[3] === undefined ? undefined : fullYear(match[3]);
    if (isImpossible(Number(match[1]), Number(match[2]), year)) yield found(match);
  }
  for (const match of text.matchAll(isoDate)) {
    if (isImpossible(Number(match[2]), Number(match[3]), Number(match[1]))) yield found(match);
  }
  for (const match of text.matchAll(namedDate)) {
    const month = monthNames.indexOf((match[1] ?? "").toLowerCase()) + 1;
    if (isImpossible(month, Number(match[2]), undefined)) yield found(match);
  }
}

function isImpossible(month: number, day: number, year: number | undefined): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (year === undefined && month === 2 && day === 29) return false;
  return day > daysInMonth(year ?? 2001, month);
}

function fullYear(digits: string): number {
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

function found(match: RegExpMatchArray): ImpossibleDate {
  const start = match.index ?? 0;
  return { text: match[0], span: { start, end: start + match[0].length } };
}
