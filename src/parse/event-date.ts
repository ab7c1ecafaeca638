import type { TextSpan } from "../patients/types.ts";

/**
 * A note often dates the clinical event it is about ("she fell 2 weeks ago", "discharged on
 * 3/2", "appointment next Tuesday"). That date is not when the care-management time was spent,
 * and taking it as the service date would move the minutes to another day or billing month.
 *
 * The rule: a date phrase is an event date when an event word comes at most `maxGapWords` words
 * before it, with no clause break and no work word in between. A date right after the patient
 * reference or the duration dates the work all the same. A date written before the event word
 * ("2 weeks ago she fell") still counts as the service date.
 */

/**
 * Event words, as regular expression fragments grouped by the kind of event. They are the
 * words a note uses to name an event that happened, or will happen, apart from the CCM work
 * itself. A date shortly after one of them dates that event. Words that also name the work
 * ("follow-up", a bare "visit", "labs" as in "reviewed labs") are left out on purpose.
 */
const clinicalEventWords: Readonly<Record<string, readonly string[]>> = {
  fall: ["fell", "fall(?!\\s+(?:risk|prevention|precautions)\\b)s?", "fallen"],
  hospitalStay: [
    "admit(?:s|ted)?",
    "admissions?",
    "readmit\\w*",
    "hospitali[sz]\\w*",
    "discharg\\w*",
  ],
  emergencyVisit: ["er\\s+visit", "ed\\s+visit", "emergency", "urgent\\s+care"],
  surgery: ["surgery", "surgical", "operat(?:ed|ion)", "procedure"],
  diagnosis: ["diagnos\\w*", "dx(?:'?d)?"],
  medicationChange: [
    "start(?:s|ed|ing)?",
    "restart\\w*",
    "stop(?:s|ped)?",
    "chang(?:e|es|ed)",
    "switch(?:ed)?",
    "increas(?:e|ed)",
    "decreas(?:e|ed)",
    "discontinu\\w*",
  ],
  ongoingSince: ["since"],
  priorVisit: ["last\\s+seen", "seen\\s+(?:by|in|at)"],
  labDraw: ["drawn", "blood\\s*work", "labs?\\s+(?:from|of|dated)"],
  appointment: ["appointments?", "appts?\\.?", "scheduled"],
};

/**
 * "ER" and "ED" count only in capitals, because lower-case "er" is also a filler word and
 * "ed" a name. The lower-case "er visit" is in `clinicalEventWords`.
 */
const emergencyAbbreviation = /\b(?:ER|ED)\b/g;

/** All event words. `(?!\w)` replaces a closing `\b` so that "appt." can keep its period. */
const eventWord = new RegExp(
  `\\b(?:${Object.values(clinicalEventWords).flat().join("|")})(?!\\w)`,
  "gi",
);

/**
 * Work words: CCM activities whose own date is the service date. One of them between the event
 * word and the date ("discharged, called her Monday") attaches the date to the work.
 */
const workWord =
  /\b(?:call\w*|phon\w*|spoke|talk\w*|met|visit\s+with|review\w*|discuss\w*|educat\w*|counsel\w*|coordinat\w*|messag\w*|voicemail|med\s+rec)\b/i;

/**
 * A break between clauses: a comma, semicolon, line break, "!" or "?", or a colon or period
 * before a space. The period after a title ("Dr. Lee") is not a break.
 */
const clauseBreak = /[,;!?\n]|:(?=\s)|(?<!\b(?:dr|mrs?|ms))\.(?=\s)/i;

/** Joining words allowed between the patient reference or duration and a date that dates it. */
const workSpanJoiner = /^[\s,]*(?:(?:on|at|from)\s+)?$/i;

/** How many words may sit between the event word and the date ("started metformin 500 mg on"). */
const maxGapWords = 4;
/** Characters searched back for the event word, enough for four long words and the event word. */
const lookbackChars = 120;
/** Characters that chrono-node 2.10 may include at the start of a date phrase (", Thursday"). */
const leadingPunctuation = /^[\s,;:-]+/;

/**
 * Returns true when the date phrase at `span` in `text` dates a clinical event rather than the
 * work. `workSpans` are the patient reference and the durations, and a date right after one of
 * them ("15 min with Jane Doe yesterday") dates the work.
 */
export function isClinicalEventDate(
  text: string,
  span: TextSpan,
  workSpans: readonly TextSpan[],
): boolean {
  const phrase = text.slice(span.start, span.end);
  const start = span.start + (leadingPunctuation.exec(phrase)?.[0].length ?? 0);
  if (followsWorkSpan(text, start, workSpans)) return false;

  const windowStart = Math.max(0, start - lookbackChars);
  const before = text.slice(windowStart, start);
  const eventEnd = lastEventEnd(before);
  if (eventEnd === null) return false;

  const gap = before.slice(eventEnd);
  if (clauseBreak.test(gap) || workWord.test(gap)) return false;
  return countWords(gap) <= maxGapWords;
}

/**
 * Checks only the work span that ends last before `start`. The text between an earlier span
 * and the date contains the same words, so it cannot pass where the last one fails.
 */
function followsWorkSpan(text: string, start: number, workSpans: readonly TextSpan[]): boolean {
  let nearestEnd = -1;
  for (const span of workSpans) {
    if (span.end <= start && span.end > nearestEnd) nearestEnd = span.end;
  }
  if (nearestEnd < 0 || start - nearestEnd > lookbackChars) return false;
  return workSpanJoiner.test(text.slice(nearestEnd, start));
}

/** Returns the offset in `before` just after its last event word, or null without one. */
function lastEventEnd(before: string): number | null {
  let end: number | null = null;
  for (const pattern of [eventWord, emergencyAbbreviation]) {
    for (const match of before.matchAll(pattern)) {
      end = Math.max(end ?? 0, match.index + match[0].length);
    }
  }
  return end;
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}
