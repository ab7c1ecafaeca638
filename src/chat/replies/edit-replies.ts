import type { EditOutcome, EncounterValues } from "../../services/edit-outcome.ts";
import type { ClaimChange } from "../../services/reconcile-claims.ts";
import { monthLabel } from "../../time/calendar.ts";
import { actionNames, type Inline, type Reply, textReply } from "../reply.ts";
import { lockedMonthText, replyToLog, replyToMessage } from "./message-replies.ts";
import { formatServiceDate, minutesText, monthProgress, patientTag } from "./wording.ts";

/**
 * Builds the replies to an edited or deleted message, in the order to send them. The list is empty
 * when the bot stays silent (a link unfurl, a repeated event, small talk).
 */
export function replyToEdit(outcome: EditOutcome): Reply[] {
  switch (outcome.kind) {
    case "edited":
      return [outcome.change === "created" ? replyToLog(outcome.result) : updatedReply(outcome)];
    case "voided": {
      const followUp = outcome.followUp ? replyToMessage(outcome.followUp) : undefined;
      return followUp ? [voidedReply(outcome), followUp] : [voidedReply(outcome)];
    }
    case "edit_locked":
      return [
        textReply("private", [
          `Not changed: ${lockedMonthText(outcome.lock, outcome.patient)} Billing staff have been told; ask them to correct the entry for `,
          ...patientTag(outcome.patient),
          ` in ${monthLabel(outcome.month)}.`,
        ]),
      ];
    default: {
      const reply = replyToMessage(outcome);
      return reply ? [reply] : [];
    }
  }
}

function updatedReply(outcome: Extract<EditOutcome, { kind: "edited" }>): Reply {
  const { result, previous } = outcome;
  const lines: Inline[][] = [
    [
      "Updated from your edit: ",
      { bold: minutesText(result.minutes) },
      " for ",
      ...patientTag(result.patient),
      ` on ${formatServiceDate(result.serviceDate)}.`,
    ],
  ];
  if (previous) lines.push(wasLine(previous));
  lines.push(monthProgress(result.summary));
  const claimLine = claimChangeLine(result.claimChanges);
  if (claimLine) lines.push(claimLine);
  return {
    summary: `Updated from your edit: ${minutesText(result.minutes)} for ${result.patient.initials} (MRN ${result.patient.mrn}).`,
    blocks: [
      { type: "text", lines },
      {
        type: "buttons",
        buttons: [
          {
            label: "Undo",
            action: actionNames.undoEncounter,
            value: String(result.encounterId),
            style: "danger",
          },
        ],
      },
    ],
    audience: "thread",
  };
}

function voidedReply(outcome: Extract<EditOutcome, { kind: "voided" }>): Reply {
  const { entry } = outcome;
  const cause =
    outcome.reason === "deleted"
      ? "the message was deleted."
      : "the edited message is no longer a log that can be recorded.";
  const lines: Inline[][] = [
    [
      "Removed ",
      { bold: minutesText(entry.minutes) },
      " for ",
      ...patientTag(entry.patient),
      ` on ${formatServiceDate(entry.serviceDate)}: ${cause}`,
    ],
    monthProgress(entry.summary),
  ];
  const claimLine = claimChangeLine(entry.claimChanges);
  if (claimLine) lines.push(claimLine);
  return {
    summary: `Removed ${minutesText(entry.minutes)} for ${entry.patient.initials} (MRN ${entry.patient.mrn}).`,
    blocks: [{ type: "text", lines }],
    audience: "thread",
  };
}

function wasLine(previous: EncounterValues): Inline[] {
  return [
    `Before the edit: ${minutesText(previous.minutes)} for `,
    ...patientTag(previous.patient),
    ` on ${formatServiceDate(previous.serviceDate)}.`,
  ];
}

/** Tells the provider which claims the change created or voided; billing staff get a post. */
function claimChangeLine(changes: readonly ClaimChange[]): Inline[] | undefined {
  const earned = changes
    .filter((change) => change.change === "earned")
    .map((change) => change.code);
  const voided = changes
    .filter((change) => change.change === "voided")
    .map((change) => change.code);
  const parts: string[] = [];
  if (earned.length > 0) parts.push(`Billing threshold reached: ${earned.join(", ")}.`);
  if (voided.length > 0) parts.push(`No longer earned and voided: ${voided.join(", ")}.`);
  if (parts.length === 0) return undefined;
  return [`${parts.join(" ")} Billing staff have been told.`];
}

/** Reply for an edit or deletion that could not be saved, telling the provider the entry is unchanged. */
export function changeNotAppliedReply(change: "edit" | "deletion"): Reply {
  const fix =
    change === "edit"
      ? "Edit the message again in a minute."
      : "Its time still counts; use the Undo button on the log to remove it.";
  return textReply("thread", [
    `Not changed: the bot could not save this ${change} just now. ${fix}`,
  ]);
}
