import type { EarnedClaim } from "../../billing/earned-claims.ts";
import type { MonthSummary } from "../../services/month-summary.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import { addDays, dateParts, monthOf } from "../../time/calendar.ts";

/**
 * Wording for text that a phone reads aloud: whole words where chat uses abbreviations ("15
 * minutes", not "15 min"), and no markup or symbols that a speech engine would spell out.
 */

export function spokenMinutes(minutes: number): string {
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** "J.D." as "J. D.", so that speech engines say the letters rather than a word. */
export function spokenInitials(patient: PatientLabel): string {
  return patient.initials.replace(/\.(?=\S)/g, ". ");
}

/** "today", "yesterday" or "on Tuesday, March 3"; the year is added outside `today`'s year. */
export function spokenDay(date: string, today: string): string {
  if (date === today) return "today";
  if (date === addDays(today, -1)) return "yesterday";
  const { year, month, day } = dateParts(date);
  const sameYear = year === dateParts(today).year;
  const text = new Date(Date.UTC(year, month - 1, day)).toLocaleDateString("en-US", {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone: "UTC",
  });
  return `on ${text}`;
}

/** Formats a date of birth as "April 2, 1950". */
export function spokenDate(date: string): string {
  const { year, month, day } = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString("en-US", {
    month: "long",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** "99490" or "99490 and 2 units of 99439". */
export function spokenCodes(claims: readonly EarnedClaim[]): string {
  const parts = claims.map((claim) =>
    claim.units > 1 ? `${claim.units} units of ${claim.code}` : claim.code,
  );
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/**
 * Builds the month total and either the codes billed or what the first code still needs, such as
 * "Month total 35 minutes; 99490 billed." Later add-on milestones are left to the JSON fields,
 * to keep the sentence short.
 */
export function spokenMonthTotal(summary: MonthSummary, today: string): string {
  const monthName = summary.month === monthOf(today) ? "Month" : monthNameOf(summary.month);
  const total = `${monthName} total ${spokenMinutes(summary.totalMinutes)}`;
  const earned = summary.evaluation.earned;
  if (earned.length > 0) return `${total}; ${spokenCodes(earned)} billed.`;
  const next = summary.evaluation.next;
  if (next) return `${total}; ${spokenMinutes(next.minutesMissing)} more for ${next.code}.`;
  return `${total}.`;
}

function monthNameOf(month: string): string {
  const { year, month: monthNumber } = dateParts(`${month}-01`);
  return new Date(Date.UTC(year, monthNumber - 1, 1)).toLocaleString("en-US", {
    month: "long",
    timeZone: "UTC",
  });
}

/** Removes the curly quotes that chat wording puts around examples; speech has no use for them. */
export function speakable(text: string): string {
  return text.replace(/[“”]/g, "");
}
