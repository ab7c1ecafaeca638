import { laneRules } from "../../billing/code-rules.ts";
import type { MonthSummary } from "../../services/month-summary.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import { dateParts, monthLabel } from "../../time/calendar.ts";
import type { Inline } from "../reply.ts";

/** Formats a local service date as people read it: "Tue, Mar 10, 2026". */
export function formatServiceDate(date: string): string {
  const { year, month, day } = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** "J.D. (MRN 100234)": the minimum necessary, for anything a channel can see. */
export function patientTag(patient: PatientLabel): Inline[] {
  return [{ bold: patient.initials }, ` (MRN ${patient.mrn})`];
}

/** "Jane Doe, born 1950-04-02, MRN 100234": for private views only. */
export function patientFullLabel(patient: PatientLabel): string {
  const born = patient.dateOfBirth ? `, born ${patient.dateOfBirth}` : "";
  return `${patient.name}${born}, MRN ${patient.mrn}`;
}

export function minutesText(minutes: number): string {
  return `${minutes} min`;
}

/**
 * Describes the month total and what is still missing, such as
 * "March 2026 total: 35 min. Earned: 99490. 5 min more for 99439 (40 min)."
 * When the billed lane counts fewer minutes than were logged, or is not the staff lane, the
 * lane and its minutes are named too, so the milestones add up.
 */
export function monthProgress(summary: MonthSummary): Inline[] {
  const parts: Inline[] = [
    `${monthLabel(summary.month)} total: `,
    { bold: minutesText(summary.totalMinutes) },
    ".",
  ];
  const { lane, totalMinutes: laneMinutes } = summary.evaluation;
  if (lane !== "staff" || laneMinutes !== summary.totalMinutes) {
    parts.push(` Billed as ${laneRules[lane].description}: ${minutesText(laneMinutes)} counted.`);
  }
  if (summary.complex && lane !== "complex") parts.push(" Marked complex.");
  const earned = summary.evaluation.earned.map((claim) =>
    claim.units > 1 ? `${claim.code} ×${claim.units}` : claim.code,
  );
  if (earned.length > 0) parts.push(` Earned: ${earned.join(", ")}.`);
  const next = summary.evaluation.next;
  if (next) {
    parts.push(
      ` ${minutesText(next.minutesMissing)} more for ${next.code} (${minutesText(next.atMinutes)}).`,
    );
  } else {
    parts.push(" Every code for this month is earned.");
  }
  if (summary.daysLeft !== undefined && next) {
    parts.push(` ${summary.daysLeft} day${summary.daysLeft === 1 ? "" : "s"} left this month.`);
  }
  return parts;
}
