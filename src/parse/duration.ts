import type { TextSpan } from "../patients/types.ts";
import {
  type DurationToken,
  type Reading,
  readDigits,
  tokenizeDurations,
} from "./duration-tokens.ts";
import { isNumberWord, readNumberWords } from "./number-words.ts";

/**
 * Our own duration grammar (chrono-node has none): "15 min", "1h15m", "an hour and fifteen
 * minutes", "1.5 hours", "half an hour", "a quarter of an hour", ranges such as "15-20 min".
 */

/** A service duration written in a message. */
export interface DurationMention {
  /** Length in thousandths of a minute, exact for every decimal the grammar reads. */
  thousandths: number;
  span: TextSpan;
  /** Marked as the sum of the others ("20 min total", "total of 20 min"). */
  isTotal: boolean;
}

export interface DurationScan {
  mentions: DurationMention[];
  /** Ranges such as "15-20 min" or "15 or 20 minutes", which give no single duration. */
  ranges: TextSpan[];
  /** Durations that are not service time ("in 15 min", "10 min late"), for the note to keep. */
  ignored: TextSpan[];
  /** Durations with a minus sign ("-15 min", "minus 5 min"), which would take time away. */
  negated: TextSpan[];
}

type Unit = "hour" | "minute";

const unitWords: Readonly<Record<string, Unit>> = {
  h: "hour",
  hr: "hour",
  hrs: "hour",
  hour: "hour",
  hours: "hour",
  m: "minute",
  mn: "minute",
  min: "minute",
  mins: "minute",
  minute: "minute",
  minutes: "minute",
};

/** Characters that, right before a number, make it part of something else (8.1, 3/2, #2, A1c). */
const numberGlue = /[\p{L}\p{N}/:#.$€£]/u;
/** Characters that, right after a number, make it a date, clock time, ratio or percentage. */
const numberTail = /^(?:[/:]\d|%)/;
const rangeConnectors = new Set(["-", "–", "—", "to", "or"]);
const schedulingWords = new Set(["in", "within", "every", "each", "per", "q"]);
const hedgeWords = new Set(["about", "like", "around", "another", "approx", "approximately", "~"]);
const notServiceAfter = new Set(["late", "early", "ago", "behind", "later", "away", "out", "left"]);
const totalBefore = new Set(["total", "totaling", "totalling", "totals", "=", "altogether"]);
const totalAfter = new Set(["total", "altogether", "overall", "combined"]);
const wordsBeforeAmounts = new Set(["a", "an", "half", "quarter", "between"]);

/** Finds every duration and duration range in `text`. */
export function scanDurations(text: string): DurationScan {
  const tokens = tokenizeDurations(text);
  const scan: DurationScan = { mentions: [], ranges: [], ignored: [], negated: [] };
  let position = 0;
  while (position < tokens.length) {
    if (!canStartDuration(tokens[position] as DurationToken)) {
      position += 1;
      continue;
    }
    const range = readRange(tokens, position, text);
    if (range !== null) {
      scan.ranges.push(spanOf(tokens, position, range.next));
      position = range.next;
      continue;
    }
    const duration = readDuration(tokens, position, text);
    if (duration === null) {
      position += 1;
      continue;
    }
    const span = spanOf(tokens, position, duration.next);
    if (isNotServiceTime(tokens, position, duration.next)) {
      scan.ignored.push(span);
    } else if (isNegated(tokens, position)) {
      scan.negated.push(spanOf(tokens, position - 1, duration.next));
    } else {
      const isTotal = isMarkedTotal(tokens, position, duration.next);
      scan.mentions.push({ thousandths: duration.thousandths, span, isTotal });
    }
    position = duration.next;
  }
  return scan;
}

/** Tests quickly whether a token can start a duration; most tokens ("spent", "with") cannot. */
function canStartDuration(token: DurationToken): boolean {
  if (token.kind === "number") return true;
  if (token.text === "hour") return true;
  return wordsBeforeAmounts.has(token.text) || (token.kind === "word" && isNumberWord(token.text));
}

/** Reads one duration at `start`; the value is in thousandths of a minute. */
function readDuration(
  tokens: readonly DurationToken[],
  start: number,
  text: string,
): Reading | null {
  const fraction = readFractionOfHour(tokens, start);
  if (fraction !== null) return fraction;
  const hourAndFraction = readHourAndAFraction(tokens, start);
  if (hourAndFraction !== null) return hourAndFraction;

  const amount = readAmount(tokens, start, text, { allowArticle: true, attached: false });
  if (amount === null) return null;
  const unit = readUnit(tokens, amount.next);
  if (unit === null) return null;
  if (unit.unit === "minute") return { thousandths: amount.thousandths, next: unit.next };
  return readMinutesAfterHours(tokens, amount.thousandths * 60, unit.next, text);
}

/**
 * "half an hour", "half-hour", "a half hour", "quarter hour", "a quarter of an hour",
 * "three quarters of an hour".
 */
function readFractionOfHour(tokens: readonly DurationToken[], start: number): Reading | null {
  let position = start;
  if (isWord(tokens[position], "a", "an")) position += 1;
  const fractionWord = tokens[position]?.text;
  let fraction: number;
  if (fractionWord === "half") {
    fraction = 500;
  } else if (fractionWord === "quarter") {
    fraction = 250;
  } else if (fractionWord === "three" && isThreeQuarters(tokens, position)) {
    fraction = 750;
    position = isWord(tokens[position + 1], "-") ? position + 2 : position + 1;
  } else {
    return null;
  }
  position += 1;
  if (isWord(tokens[position], "-")) position += 1;
  if (isWord(tokens[position], "of")) position += 1;
  if (isWord(tokens[position], "a", "an")) position += 1;
  const unit = readUnit(tokens, position);
  if (unit === null || unit.unit !== "hour") return null;
  return { thousandths: fraction * 60, next: unit.next };
}

/** "hour and a half" without its article, as dictation often drops it. */
function readHourAndAFraction(tokens: readonly DurationToken[], start: number): Reading | null {
  if (!isWord(tokens[start], "hour")) return null;
  const fraction = readAndAFraction(tokens, start + 1);
  if (fraction === null) return null;
  return { thousandths: 60_000 + fraction.thousandths * 60, next: fraction.next };
}

/** "three quarters" or "three-quarters" at `start`, which "of an hour" must follow. */
function isThreeQuarters(tokens: readonly DurationToken[], start: number): boolean {
  const next = isWord(tokens[start + 1], "-") ? start + 2 : start + 1;
  return isWord(tokens[next], "quarters");
}

/**
 * After "N hours": "and a half", "and fifteen minutes", "15 min", digits glued on ("1h15"), or
 * spoken minutes without their unit ("an hour fifteen").
 */
function readMinutesAfterHours(
  tokens: readonly DurationToken[],
  hoursInMinutes: number,
  afterUnit: number,
  text: string,
): Reading {
  const halfOrQuarter = readAndAFraction(tokens, afterUnit);
  if (halfOrQuarter !== null) {
    return {
      thousandths: hoursInMinutes + halfOrQuarter.thousandths * 60,
      next: halfOrQuarter.next,
    };
  }

  const unitToken = tokens[afterUnit - 1] as DurationToken;
  const minutesStart = isWord(tokens[afterUnit], "and", ",") ? afterUnit + 1 : afterUnit;
  const attached = tokens[minutesStart]?.start === unitToken.end;
  const minutes = readAmount(tokens, minutesStart, text, { allowArticle: false, attached });
  if (minutes === null) return { thousandths: hoursInMinutes, next: afterUnit };

  const minuteUnit = readUnit(tokens, minutes.next);
  if (minuteUnit?.unit === "minute") {
    return { thousandths: hoursInMinutes + minutes.thousandths, next: minuteUnit.next };
  }
  if (attached && minuteUnit === null && minutes.thousandths < 60_000) {
    return { thousandths: hoursInMinutes + minutes.thousandths, next: minutes.next };
  }
  if (minuteUnit === null && isSpokenMinutes(tokens, minutesStart, minutes)) {
    return { thousandths: hoursInMinutes + minutes.thousandths, next: minutes.next };
  }
  return { thousandths: hoursInMinutes, next: afterUnit };
}

/**
 * Spelled whole minutes from ten to fifty-nine right after the hours, as people say "an hour
 * fifteen" for 75 minutes. Digits ("1 hour 15") and small numbers ("2 hours three times") are
 * left alone, because they more often count something else.
 */
function isSpokenMinutes(
  tokens: readonly DurationToken[],
  start: number,
  minutes: Reading,
): boolean {
  if (tokens[start]?.kind !== "word") return false;
  const { thousandths } = minutes;
  if (thousandths % 1000 !== 0 || thousandths < 10_000 || thousandths >= 60_000) return false;
  return !rangeConnectors.has(tokens[minutes.next]?.text ?? "");
}

/** "and a half" (500) or "and a quarter" (250). */
function readAndAFraction(tokens: readonly DurationToken[], start: number): Reading | null {
  if (!isWord(tokens[start], "and") || !isWord(tokens[start + 1], "a")) return null;
  const word = tokens[start + 2]?.text;
  if (word === "half") return { thousandths: 500, next: start + 3 };
  if (word === "quarter") return { thousandths: 250, next: start + 3 };
  return null;
}

interface AmountOptions {
  /** Reads "a" and "an" as one, as in "an hour". */
  allowArticle: boolean;
  /** The number is glued to the unit before it ("15" of "1h15m"), so a letter may precede it. */
  attached: boolean;
}

/** Reads a number in digits or words, with an optional "and a half" before the unit. */
function readAmount(
  tokens: readonly DurationToken[],
  start: number,
  text: string,
  options: AmountOptions,
): Reading | null {
  const token = tokens[start];
  if (token === undefined) return null;
  let amount: Reading | null = null;
  if (token.kind === "number") {
    if (!isFreeNumber(token, text, options.attached)) return null;
    amount = { thousandths: readDigits(token), next: start + 1 };
  } else if (token.kind === "word") {
    amount = readNumberWords(tokens, start);
    if (amount === null && options.allowArticle && isWord(token, "a", "an")) {
      amount = { thousandths: 1000, next: start + 1 };
    }
  }
  if (amount === null) return null;
  const fraction = readAndAFraction(tokens, amount.next);
  if (fraction === null) return amount;
  return { thousandths: amount.thousandths + fraction.thousandths, next: fraction.next };
}

/** Checks that a number is free: not part of a date, clock time, dose name or lab value. */
function isFreeNumber(token: DurationToken, text: string, attached: boolean): boolean {
  if (!attached && numberGlue.test(text.charAt(token.start - 1))) return false;
  return !numberTail.test(text.slice(token.end, token.end + 2));
}

/** Reads a unit word, allowing a glued hyphen as in "15-minute call". */
function readUnit(
  tokens: readonly DurationToken[],
  start: number,
): { unit: Unit; next: number } | null {
  let position = start;
  const hyphen = tokens[position];
  if (hyphen?.text === "-" && hyphen.start === tokens[position - 1]?.end) position += 1;
  const token = tokens[position];
  if (token === undefined || token.kind !== "word") return null;
  const unit = unitWords[token.text];
  return unit === undefined ? null : { unit, next: position + 1 };
}

/** "15-20 min", "20 - 30 minutes", "15 to 20 min", "15 min or 20 min", "between 15 and 20 min". */
function readRange(tokens: readonly DurationToken[], start: number, text: string): Reading | null {
  const startsWithBetween = isWord(tokens[start], "between");
  const first = readAmount(tokens, startsWithBetween ? start + 1 : start, text, {
    allowArticle: false,
    attached: false,
  });
  if (first === null) return null;
  let position = readUnit(tokens, first.next)?.next ?? first.next;

  const connector = tokens[position]?.text ?? "";
  if (startsWithBetween ? connector !== "and" : !rangeConnectors.has(connector)) return null;
  position += 1;
  if (connector === "-" && isWord(tokens[position], "-")) position += 1;
  const second = readDuration(tokens, position, text);
  return second === null ? null : { thousandths: 0, next: second.next };
}

/** "in 15 min", "every 15 min", "10 min late", "20 min ago" are not time spent on care. */
function isNotServiceTime(tokens: readonly DurationToken[], start: number, next: number): boolean {
  const before = tokens[start - 1]?.text ?? "";
  const twoBefore = tokens[start - 2]?.text ?? "";
  if (schedulingWords.has(before)) return true;
  if (hedgeWords.has(before) && (twoBefore === "in" || twoBefore === "within")) return true;
  const after = tokens[next]?.text ?? "";
  if (notServiceAfter.has(after)) return true;
  return after === "from" && tokens[next + 1]?.text === "now";
}

/**
 * Tests for a minus sign before the duration at `start`: "-15 min", "−15 min", "minus 15 min". A
 * dash is a sign only when it touches the number and follows a space or the start, so
 * "f/u-15 min" and "Doe - 15 min" stay plain durations.
 */
function isNegated(tokens: readonly DurationToken[], start: number): boolean {
  const before = tokens[start - 1];
  if (before === undefined) return false;
  if (before.text === "minus") return true;
  if (before.text !== "-" && before.text !== "\u2212") return false;

  const touchesNumber = before.end === (tokens[start] as DurationToken).start;
  const beforeSign = tokens[start - 2];
  const standsApart = beforeSign === undefined || beforeSign.end < before.start;
  return touchesNumber && standsApart;
}

/** "total 20 min", "total: 20 min", "total of 20 min", "= 20 min", "20 min total", "20 min in total". */
function isMarkedTotal(tokens: readonly DurationToken[], start: number, next: number): boolean {
  const before = tokens[start - 1]?.text ?? "";
  const twoBefore = tokens[start - 2]?.text ?? "";
  if (totalBefore.has(before)) return true;
  if ((before === ":" || before === "of") && twoBefore === "total") return true;
  const after = tokens[next]?.text ?? "";
  if (totalAfter.has(after)) return true;
  return after === "in" && tokens[next + 1]?.text === "total";
}

function isWord(token: DurationToken | undefined, ...words: string[]): boolean {
  return token !== undefined && words.includes(token.text);
}

function spanOf(tokens: readonly DurationToken[], first: number, next: number): TextSpan {
  return {
    start: (tokens[first] as DurationToken).start,
    end: (tokens[next - 1] as DurationToken).end,
  };
}
