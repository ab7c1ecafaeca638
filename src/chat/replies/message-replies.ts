import type { LogEncounterResult } from "../../services/log-encounter.ts";
import type { MessageOutcome } from "../../services/message-outcome.ts";
import type { LockedMonth } from "../../services/month-lock.ts";
import type { UnbilledLog } from "../../services/not-billed-note.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import type { UndoResult } from "../../services/undo-encounter.ts";
import { monthLabel, monthOf } from "../../time/calendar.ts";
import { actionNames, type Reply, type ReplyBlock, textReply } from "../reply.ts";
import {
  formatServiceDate,
  minutesText,
  monthProgress,
  patientFullLabel,
  patientTag,
} from "./wording.ts";

/** Builds the reply to a chat message, or undefined when the bot stays silent (small talk, retries). */
export function replyToMessage(outcome: MessageOutcome): Reply | undefined {
  switch (outcome.kind) {
    case "ignored":
    case "duplicate":
      return undefined;
    case "not_provider":
      if (outcome.role) {
        return textReply("private", [
          `Your role (${outcome.role}) cannot log care time. Ask a practice admin to change it with `,
          { code: "/ccm provider add @you clinical_staff" },
          ". Your message was not recorded.",
        ]);
      }
      return textReply("private", [
        "Only registered providers can log CCM time or ask for totals. Ask a practice admin to add you with ",
        { code: "/ccm provider add @you clinical_staff" },
        ". Your message was not recorded.",
      ]);
    case "invalid_log":
      return textReply("thread", [
        `Not recorded: ${outcome.error.message}`,
        " Edit your message or send a corrected one.",
      ]);
    case "log":
      return replyToLog(outcome.result, outcome.pendingLogId);
    case "choose_patient":
      return choosePatientReply(
        outcome.pendingLogId,
        outcome.minutes,
        outcome.serviceDate,
        outcome.candidates,
      );
    case "unknown_patient":
      return unknownPatientReply(outcome.pendingLogId, outcome.name, outcome.minutes);
    case "undo":
      return replyToUndo(outcome.result);
    case "total":
      return textReply("thread", [
        ...patientTag(outcome.patient),
        ": ",
        ...monthProgress(outcome.summary),
      ]);
    case "too_many_patients":
      return textReply("thread", [
        `Not recorded: ${outcome.count} patients match that name. Write the full name or the MRN, for example “MRN 100234”.`,
      ]);
    case "total_choose_patient":
      return textReply("private", [
        "Several patients match: ",
        outcome.candidates.map(patientFullLabel).join("; "),
        ". Ask again with the full name or the MRN.",
      ]);
    case "total_unknown_patient":
      return textReply("private", [
        outcome.name ? `No enrolled patient matches “${outcome.name}”.` : "Which patient? ",
        " Ask with the full name or the MRN, for example “total for MRN 100234?”.",
      ]);
  }
}

/** Said when a write failed, so a provider never takes silence for success. */
export function notRecordedReply(): Reply {
  return textReply("thread", [
    "Not recorded: the bot could not save this message just now. Please send it again in a minute.",
  ]);
}

/**
 * Builds the thread reply to a log: what was recorded, the month total and an Undo button. A
 * refusal whose log was kept (`pendingLogId`) carries an Enroll button that records it once enrolled.
 */
export function replyToLog(result: LogEncounterResult, pendingLogId?: number): Reply {
  if (result.status === "refused") return refusedLogReply(result, pendingLogId);
  const { patient, summary } = result;
  const headline = [
    "Logged ",
    { bold: minutesText(result.minutes) },
    " for ",
    ...patientTag(patient),
    ` on ${formatServiceDate(result.serviceDate)}.`,
  ];
  const blocks: ReplyBlock[] = [
    { type: "text", lines: [headline, monthProgress(summary)] },
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
  ];
  if (result.notBilled) {
    blocks.splice(1, 0, { type: "context", text: notBilledText(result.notBilled) });
  }
  const earnedNow = result.claimChanges
    .filter((change) => change.change === "earned")
    .map((change) => change.code);
  if (earnedNow.length > 0) {
    blocks.splice(1, 0, {
      type: "context",
      text: `Billing threshold reached: ${earnedNow.join(", ")}. Billing staff have been told.`,
    });
  }
  return {
    summary: `Logged ${minutesText(result.minutes)} for ${patient.initials} (MRN ${patient.mrn}).`,
    blocks,
    audience: "thread",
  };
}

function notBilledText(notBilled: UnbilledLog): string {
  if (notBilled.reason === "other_practitioner") {
    const who = notBilled.billingPractitioner ?? "another practitioner";
    return `This time is on record but not billed: ${who} is this patient's billing practitioner for the month, and only one practitioner may bill CCM per month. Billing staff have been told.`;
  }
  return "This time is on record but not billed: the patient's other program is billed this month, and CCM and PCM are not billed together. Billing staff have been told.";
}

function closedMonthReply(serviceDate: string): Reply {
  const month = monthOf(serviceDate);
  return textReply("thread", [
    `Not recorded: ${monthLabel(month)} is closed for billing, so time dated ${formatServiceDate(serviceDate)} can no longer be logged. If it must count, ask billing staff to reopen the month with `,
    { code: `/ccm reopen ${month}` },
    " and send the log again.",
  ]);
}

/**
 * Explains why a log was not recorded. An enrollment refusal is private because it names the
 * patient and may carry the reason an enrollment ended, which the channel has no need to see.
 */
function refusedLogReply(
  result: Extract<LogEncounterResult, { status: "refused" }>,
  pendingLogId: number | undefined,
): Reply {
  if (result.code === "month_closed") return closedMonthReply(result.serviceDate);
  const who = result.patient
    ? `${result.patient.name} (MRN ${result.patient.mrn})`
    : "This patient";
  const date = formatServiceDate(result.serviceDate);
  const ended = result.enrollment?.endsOn
    ? `${who}'s enrollment ended on ${formatServiceDate(result.enrollment.endsOn)}${result.enrollment.endReason ? ` (${result.enrollment.endReason})` : ""}, before ${date}.`
    : `${who}'s enrollment had ended by ${date}.`;
  const reasons: Record<Exclude<typeof result.code, "month_closed">, string> = {
    not_enrolled: `${who} is not enrolled in care management, so the time cannot be billed.`,
    enrolled_after_service: `${who} was enrolled after ${date}; consent must come before the service.`,
    enrollment_ended: ended,
    patient_not_found: "The patient no longer exists in the roster.",
  };
  if (pendingLogId === undefined) {
    return textReply("private", [
      `Not recorded: ${reasons[result.code]} Enroll the patient with `,
      { code: "/ccm enroll" },
      " and send the log again.",
    ]);
  }
  return {
    summary: "Not recorded: the patient was not enrolled on the service date.",
    blocks: [
      {
        type: "text",
        lines: [
          [`Not recorded yet: ${reasons[result.code]}`],
          [
            "Your log is kept. Press Enroll to record the patient's consent; the time is recorded as soon as the enrollment covers the service date.",
          ],
        ],
      },
      {
        type: "buttons",
        buttons: [
          {
            label: "Enroll",
            action: actionNames.enrollForLog,
            value: String(pendingLogId),
            style: "primary",
          },
        ],
      },
    ],
    audience: "private",
  };
}

function choosePatientReply(
  pendingLogId: number,
  minutes: number,
  serviceDate: string,
  candidates: PatientLabel[],
): Reply {
  return {
    summary: `Which patient did you mean? ${candidates.length} patients match.`,
    blocks: [
      {
        type: "text",
        lines: [
          [
            `Which patient gets ${minutesText(minutes)} on ${formatServiceDate(serviceDate)}? Several match; your log is saved until you choose.`,
          ],
        ],
      },
      {
        type: "buttons",
        buttons: candidates.map((candidate) => ({
          label: patientFullLabel(candidate),
          action: actionNames.choosePatient,
          value: `${pendingLogId}:${candidate.id}`,
        })),
      },
    ],
    audience: "private",
  };
}

function unknownPatientReply(pendingLogId: number, name: string, minutes: number): Reply {
  const example = `/ccm enroll ${name || "First Last"}, MRN 123456, DOB YYYY-MM-DD, conditions: diabetes, hypertension, consent: verbal`;
  return {
    summary: "No enrolled patient matches this log.",
    blocks: [
      {
        type: "text",
        lines: [
          [
            `No enrolled patient matches “${name}”. Your ${minutesText(minutes)} are saved. Press Enroll to enroll the patient, which records the time, or enroll them with:`,
          ],
          [{ code: example }],
          ["Then press Log it to record the time."],
        ],
      },
      {
        type: "buttons",
        buttons: [
          {
            label: "Enroll",
            action: actionNames.enrollForLog,
            value: String(pendingLogId),
            style: "primary",
          },
          {
            label: "Log it",
            action: actionNames.retryPendingLog,
            value: String(pendingLogId),
          },
        ],
      },
    ],
    audience: "private",
  };
}

/** Builds the reply to an undo, from a message or the Undo button. */
export function replyToUndo(result: UndoResult): Reply {
  switch (result.status) {
    case "undone": {
      const month = monthLabel(monthOf(result.serviceDate));
      const voided = result.claimChanges
        .filter((change) => change.change === "voided")
        .map((change) => change.code);
      const lines = [
        [
          "Undone: ",
          { bold: minutesText(result.minutes) },
          " for ",
          ...patientTag(result.patient),
          ` on ${formatServiceDate(result.serviceDate)}.`,
        ],
        monthProgress(result.summary),
      ];
      if (voided.length > 0)
        lines.push([`${voided.join(", ")} for ${month} is no longer earned and was voided.`]);
      return {
        summary: `Undone: ${minutesText(result.minutes)}.`,
        blocks: [{ type: "text", lines }],
        audience: "thread",
      };
    }
    case "waiting_log_cancelled":
      return textReply("thread", [
        `Cancelled your waiting log of ${minutesText(result.minutes)} on ${formatServiceDate(result.serviceDate)}; nothing was recorded for it.`,
      ]);
    case "already_undone":
      return textReply("private", ["That entry was already undone."]);
    case "not_found":
      return textReply("private", ["There is nothing of yours to undo."]);
    case "not_allowed":
      return textReply("private", [
        "Only the provider who logged this time, or an admin, can undo it.",
      ]);
    case "locked":
      return textReply("thread", [
        `Not undone: ${lockedMonthText(result.lock, result.patient)} Billing staff have been told, so they can file a correction if one is needed.`,
      ]);
  }
}

/** Why a patient-month's entries can no longer change, in one sentence. */
export function lockedMonthText(lock: LockedMonth, patient: PatientLabel): string {
  const month = monthLabel(lock.month);
  if (lock.code === "month_closed") {
    return `${month} is closed for billing, so its entries are locked.`;
  }
  const claims = lock.claims.map((claim) => `${claim.code} (${claim.status})`).join(", ");
  return `${month} for ${patient.initials} (MRN ${patient.mrn}) has a claim already sent to the payer: ${claims}. Its entries are locked.`;
}
