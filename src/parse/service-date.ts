import * as chrono from "chrono-node";
import type { TextSpan } from "../patients/types.ts";
import { addDays, dateParts, formatDate, isValidDate, weekdayOf } from "../time/calendar.ts";
import { type DayPhrase, findOrdinalDay, findRelativeDay } from "./relative-day.ts";
import { readZoneClock, type ZoneClock } from "./zone-clock.ts";

/** The message's instant and the practice time zone that dates are read in. */
export interface DateReference {
  instant: Date;
  /** IANA zone name such as "America/New_York". */
  timeZone: string;
}

export type ServiceDate =
  | { ok: true; date: string; span: TextSpan | null }
  | { ok: false; code: "future_date"; date: string; span: TextSpan | null };

/** Three-letter weekday or month words that are ordinary words in lower case ("sat with"). */
const ordinaryWords = new Set(["sat", "sun", "wed", "mar"]);
const schedulingPhrase = /^(?:in|within)\b/i;
/** A weekday alone; chrono 2.10 may include a leading comma in the match (", Thursday"). */
const bareWeekday = /^[\s,;:-]*(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i;

/**
 * Finds the service date in `text`, which must already have names, durations and clinical
 * values masked. Without a date the service date is today in the practice time zone. A date
 * after today is a `future_date` error. The result depends only on `reference`, never on
 * the host's `TZ`.
 */
export function findServiceDate(text: string, reference: DateReference): ServiceDate {
  const clock = readZoneClock(reference.instant, reference.timeZone);
  const today = clock.today;
  const found =
    findRelativeDay(text, today) ??
    findChronoDate(text, reference.instant, clock) ??
    findOrdinalDay(text, today);
  if (found === null) return { ok: true, date: today, span: null };
  if (found.date > today) return { ok: false, code: "future_date", ...found };
  return { ok: true, ...found };
}

/**
 * Runs chrono-node with the zone's UTC offset at the instant; chrono ignores IANA zone names
 * and would fall back to the host's zone. A result with a day or weekday wins over one with
 * only a time of day ("at 10:30", "this morning"), which means today.
 */
function findChronoDate(text: string, instant: Date, clock: ZoneClock): DayPhrase | null {
  const results = chrono.parse(text, { instant, timezone: clock.offsetMinutes });
  let timeOfDay: DayPhrase | null = null;
  for (const result of results) {
    if (ordinaryWords.has(result.text) || schedulingPhrase.test(result.text)) continue;
    const span = { start: result.index, end: result.index + result.text.length };
    const date = dateOfResult(result, clock.today);
    if (date === "time-only") {
      timeOfDay ??= { date: chronoDate(result), span };
    } else if (date !== null) {
      return { date, span };
    }
  }
  return timeOfDay;
}

/** The date a chrono result names, "time-only" for a time of day, or null for a bare month. */
function dateOfResult(result: chrono.ParsedResult, today: string): string | "time-only" | null {
  const start = result.start;
  if (bareWeekday.test(result.text.trim())) {
    return latestWeekday(today, start.get("weekday") ?? weekdayOf(today));
  }
  if (start.isCertain("day")) {
    const month = start.get("month") ?? 1;
    const day = start.get("day") ?? 1;
    if (start.isCertain("year")) return validDate(start.get("year") ?? 0, month, day);
    return nearestDate(month, day, today);
  }
  if (start.isCertain("weekday")) return chronoDate(result);
  if (start.isCertain("month")) return null;
  return "time-only";
}

function chronoDate(result: chrono.ParsedResult): string {
  const start = result.start;
  return formatDate(start.get("year") ?? 0, start.get("month") ?? 1, start.get("day") ?? 1);
}

/** A weekday said alone is the latest such day, today included ("Tuesday" on a Tuesday). */
function latestWeekday(today: string, weekday: number): string {
  return addDays(today, -((weekdayOf(today) - weekday + 7) % 7));
}

/**
 * A month and day without a year ("3/12", "Dec 30") is the nearest such date: last year's,
 * this year's or next year's. A tie goes to the past.
 */
function nearestDate(month: number, day: number, today: string): string | null {
  const { year } = dateParts(today);
  let nearest: string | null = null;
  let nearestDistance = Number.POSITIVE_INFINITY;
  for (const candidateYear of [year - 1, year, year + 1]) {
    const candidate = validDate(candidateYear, month, day);
    if (candidate === null) continue;
    const distance = Math.abs(dayNumber(candidate) - dayNumber(today));
    if (distance < nearestDistance) {
      nearest = candidate;
      nearestDistance = distance;
    }
  }
  return nearest;
}

function validDate(year: number, month: number, day: number): string | null {
  const date = formatDate(year, month, day);
  return isValidDate(date) ? date : null;
}

function dayNumber(date: string): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}
