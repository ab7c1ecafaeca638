import * as chrono from "chrono-node";
import type { TextSpan } from "../patients/types.ts";
import { addDays, dateParts, formatDate, isValidDate, weekdayOf } from "../time/calendar.ts";
import { isClinicalEventDate } from "./event-date.ts";
import { findImpossibleDate } from "./impossible-date.ts";
import {
  type DayPhrase,
  findOrdinalDay,
  findRelativeDay,
  type SpanFilter,
} from "./relative-day.ts";
import { readZoneClock, type ZoneClock } from "./zone-clock.ts";

/** The message's instant and the practice time zone that dates are read in. */
export interface DateReference {
  instant: Date;
  /** IANA zone name such as "America/New_York". */
  timeZone: string;
}

export type ServiceDate =
  | { ok: true; date: string; span: TextSpan | null }
  | { ok: false; code: "future_date"; date: string; span: TextSpan | null }
  | { ok: false; code: "invalid_date"; text: string; span: TextSpan };

/**
 * Hints of a date. Every date that chrono-node reads contains a digit, a month or weekday stem,
 * a relative day word, a part of the day, or a calendar unit ("3 days ago", "last week"). Text
 * without any of them skips chrono, which is most of the cost of parsing a message.
 * NOTE: the list follows chrono-node 2.10's English casual parsers. A chrono phrase that uses
 * none of these words would be missed until it is added here.
 */
const dateHint =
  /\d|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|today|tonight|tomorrow|tmrw?|yesterday|yday|now|noon|midnight|morning|afternoon|evening|night|ago|later|days?|weeks?|weekend|months?|years?|xmas|christmas)\b/i;

/**
 * "March the fourth", which chrono-node 2.10 reads as 1 March. Dropping "the" while keeping
 * the length ("March fourth    ") lets chrono read it and keeps every offset valid.
 */
const monthTheDay =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+the\s+(\w+)/gi;

/**
 * Chrono parsers for times of day ("at 10:30", "this morning") and for "within"/"in 15 min".
 * A time of day never changes the service date and "in 15 min" is scheduling, so the date
 * parser leaves them out. Without them chrono-node 2.10.3 took about 40% less time on sample
 * chat messages (Node 20, measured with a timing loop).
 */
const timeOfDayParsers = new Set([
  "ENTimeExpressionParser",
  "ENCasualTimeParser",
  "ENTimeUnitWithinFormatParser",
]);

/** chrono-node's casual English parser without the time-of-day parsers. */
export const dateParser: chrono.Chrono = createDateParser();

function createDateParser(): chrono.Chrono {
  const parser = chrono.casual.clone();
  parser.parsers = parser.parsers.filter((part) => !timeOfDayParsers.has(part.constructor.name));
  return parser;
}

/** Three-letter weekday or month words that are ordinary words in lower case ("sat with"). */
const ordinaryWords = new Set(["sat", "sun", "wed", "mar"]);
const schedulingPhrase = /^(?:in|within)\b/i;
/** A weekday alone; chrono 2.10 may include a leading comma in the match (", Thursday"). */
const bareWeekday = /^[\s,;:-]*(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i;

/**
 * Finds the service date in `text`, which must already have names, durations and clinical
 * values masked. A date phrase that dates a clinical event ("fell 2 weeks ago") is skipped, and
 * `workSpans` (the patient reference and the durations) mark the work, whose own date counts.
 * Without a date the service date is today in the practice time zone. A date after today is a
 * `future_date` error, and one that cannot exist ("2/30") an `invalid_date` error, unless it
 * dates an event. The result depends only on `reference`, never on the host's `TZ`.
 */
export function findServiceDate(
  text: string,
  reference: DateReference,
  workSpans: readonly TextSpan[] = [],
): ServiceDate {
  const datesWork: SpanFilter = (span) => !isClinicalEventDate(text, span, workSpans);
  const impossible = findImpossibleDate(text, datesWork);
  if (impossible) return { ok: false, code: "invalid_date", ...impossible };
  const clock = readZoneClock(reference.instant, reference.timeZone);
  const today = clock.today;
  const found =
    findRelativeDay(text, today, datesWork) ??
    findChronoDate(text, reference.instant, clock, datesWork) ??
    findOrdinalDay(text, today, datesWork);
  if (found === null) return { ok: true, date: today, span: null };
  if (found.date > today) return { ok: false, code: "future_date", ...found };
  return { ok: true, ...found };
}

/**
 * Runs chrono-node with the zone's UTC offset at the instant, because chrono ignores IANA zone
 * names and would fall back to the host's zone. A result with a day or weekday wins over one
 * with only a time of day (such as "now"), which means today. Results whose span `datesWork`
 * rejects are skipped.
 */
function findChronoDate(
  text: string,
  instant: Date,
  clock: ZoneClock,
  datesWork: SpanFilter,
): DayPhrase | null {
  if (!dateHint.test(text)) return null;
  const chronoText = text.replace(monthTheDay, (phrase, month: string, day: string) =>
    `${month} ${day}`.padEnd(phrase.length, " "),
  );
  const results = dateParser.parse(chronoText, { instant, timezone: clock.offsetMinutes });
  let timeOfDay: DayPhrase | null = null;
  for (const result of results) {
    if (ordinaryWords.has(result.text) || schedulingPhrase.test(result.text)) continue;
    const span = { start: result.index, end: result.index + result.text.length };
    if (!datesWork(span)) continue;
    const date = dateOfResult(result, clock.today);
    if (date === "time-only") {
      // A relative unit such as "-8559 y" also lands here. Its year can be negative or have five
      // digits, so a result without a valid YYYY-MM-DD form is skipped.
      const day = chronoDate(result);
      if (isValidDate(day)) timeOfDay ??= { date: day, span };
    } else if (date !== null) {
      return { date, span };
    }
  }
  return timeOfDay;
}

/** Dates a chrono result; returns "time-only" for a time of day and null for a bare month. */
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

/** Returns the latest date on `weekday`, today included, as a weekday written alone means. */
function latestWeekday(today: string, weekday: number): string {
  return addDays(today, -((weekdayOf(today) - weekday + 7) % 7));
}

/**
 * Returns the date nearest to `today` for a month and day without a year ("3/12", "Dec 30"),
 * from last year, this year or next year. A tie goes to the past.
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
