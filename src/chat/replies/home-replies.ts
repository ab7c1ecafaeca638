import { progressToNext } from "../../billing/milestone-progress.ts";
import type { ProviderMonth, ProviderMonthPatient } from "../../services/provider-month.ts";
import { monthLabel } from "../../time/calendar.ts";
import { type Inline, type Reply, type ReplyBlock, textReply } from "../reply.ts";
import { progressBar } from "./progress-bar.ts";
import { minutesText } from "./wording.ts";

/**
 * Builds a provider's month at a glance: each patient they logged for, a bar to the next code,
 * the days left and the claims earned. It is private (App Home, `/ccm total`, Teams `home`), so
 * patients appear by name. `home` is for Slack's App Home tab, which the bot republishes after
 * each log or undo, and adds a note saying so.
 */
export function providerMonthReply(view: ProviderMonth, options: { home?: boolean } = {}): Reply {
  const month = monthLabel(view.month);
  if (view.patientCount === 0) {
    return textReply(
      "private",
      [{ bold: `Your patients in ${month}` }],
      [
        `You have not logged CCM time for any patient in ${month} yet. Write a message such as “spent 15 min with J. Doe on diabetes meds” and the patient shows up here.`,
      ],
    );
  }

  const blocks: ReplyBlock[] = [
    {
      type: "text",
      lines: [
        [{ bold: `Your patients in ${month}` }],
        [
          `${daysLeftText(view.daysLeft)} · ${count(view.patientCount, "patient")} · ${count(view.claimCount, "claim")} earned`,
        ],
      ],
    },
    ...view.patients.map((patient) => patientBlock(view.month, patient)),
  ];
  if (view.patientCount > view.patients.length) {
    blocks.push({
      type: "context",
      text: `Showing ${view.patients.length} of ${view.patientCount} patients, closest to their next code first.`,
    });
  }
  if (options.home) {
    blocks.push({ type: "context", text: "Updated each time you log or undo time." });
  }
  return {
    summary: `Your CCM patients in ${month}: ${view.patientCount}.`,
    blocks,
    audience: "private",
  };
}

function patientBlock(month: string, entry: ProviderMonthPatient): ReplyBlock {
  const { patient, evaluation } = entry;
  const lines: Inline[][] = [
    [{ bold: patient.name }, ` (MRN ${patient.mrn})`],
    progressLine(month, entry),
  ];
  const facts: string[] = [];
  if (entry.claims.length > 0) {
    facts.push(
      `Earned: ${entry.claims.map((claim) => (claim.units > 1 ? `${claim.code} ×${claim.units}` : claim.code)).join(", ")}`,
    );
  }
  if (entry.ownMinutes !== evaluation.totalMinutes) {
    facts.push(
      `you logged ${minutesText(entry.ownMinutes)} of the ${minutesText(evaluation.totalMinutes)}`,
    );
  }
  if (facts.length > 0) lines.push([`${facts.join(" · ")}.`]);
  return { type: "text", lines };
}

/** "██████░░░░ 15 min · 5 min more for 99490 (20 min)", or a full bar once every code is earned. */
function progressLine(month: string, entry: ProviderMonthPatient): Inline[] {
  const next = entry.evaluation.next;
  const progress = progressToNext(month, entry.evaluation);
  const total = minutesText(entry.totalMinutes);
  if (!next || !progress)
    return [`${progressBar(1, 1)} ${total} · every code for this month is earned`];
  return [
    `${progressBar(progress.minutesDone, progress.minutesNeeded)} ${total} · `,
    { bold: `${minutesText(next.minutesMissing)} more` },
    ` for ${next.code} (${minutesText(next.atMinutes)})`,
  ];
}

function daysLeftText(daysLeft: number): string {
  return daysLeft <= 1 ? "last day of the month" : `${daysLeft} days left`;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? "" : "s"}`;
}
