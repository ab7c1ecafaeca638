import type { LogEncounterResult } from "../../services/log-encounter.ts";
import type { MessageOutcome } from "../../services/message-outcome.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import type { UndoResult } from "../../services/undo-encounter.ts";
import type { VoiceChoiceResult } from "../../services/voice-choice.ts";
import { monthLabel } from "../../time/calendar.ts";
import {
  speakable,
  spokenDate,
  spokenDay,
  spokenInitials,
  spokenMinutes,
  spokenMonthTotal,
} from "./spoken-words.ts";

/** Stable code of what `POST /voice/log` did, for clients that branch on it. */
export type VoiceStatus =
  | "recorded"
  | "already_recorded"
  | "already_handled"
  | "choose_patient"
  | "unknown_patient"
  | "not_recorded"
  | "not_understood"
  | "not_allowed"
  | "undone"
  | "not_undone"
  | "total"
  | "pending_not_found"
  | "pending_closed";

export interface VoiceCandidate {
  /** 1-based position as read out; send it back as `choice`. */
  choice: number;
  name: string;
  initials: string;
  mrn: string;
  dateOfBirth: string | null;
}

/** The recorded encounter and its patient-month, minimum necessary: initials and MRN. */
export interface VoiceLogData {
  encounterId: number;
  minutes: number;
  serviceDate: string;
  patient: { initials: string; mrn: string };
  month: string;
  monthTotalMinutes: number;
  billed: { code: string; units: number }[];
  /** Codes whose threshold this request reached. */
  billedNow: string[];
  next: { code: string; minutesMissing: number; atMinutes: number } | null;
}

/** The JSON body of a `POST /voice/log` response. `speech` is written to be read aloud. */
export interface VoiceAnswer {
  speech: string;
  status: VoiceStatus;
  /** Time is recorded for this request, now or by an earlier request with the same id. */
  recorded: boolean;
  /** A waiting log, which a follow-up request resolves with `choice`, `mrn` or `answer`. */
  pendingLogId?: number;
  candidates?: VoiceCandidate[];
  log?: VoiceLogData;
  error?: { code: string; message: string };
}

/** Puts the outcome of a dictated sentence into speech and data. */
export function answerOutcome(
  outcome: MessageOutcome,
  repeated: boolean,
  today: string,
): VoiceAnswer {
  switch (outcome.kind) {
    case "ignored":
      return notUnderstood(
        "I did not hear a time log. Say the minutes and the patient, for example: twenty minutes with Jane Doe, care plan review.",
      );
    case "duplicate":
      return {
        speech: "That request was already handled.",
        status: "already_handled",
        recorded: false,
      };
    case "not_provider":
      return {
        speech: outcome.role
          ? `Your role (${outcome.role}) cannot log care time. Ask a practice admin to change your role.`
          : "Your account cannot log care time. Ask a practice admin to register you as a provider.",
        status: "not_allowed",
        recorded: false,
      };
    case "invalid_log":
      return notRecorded(outcome.error.code, outcome.error.message);
    case "log":
      return answerLog(outcome.result, today, repeated);
    case "choose_patient":
      return choosePatientAnswer(
        outcome.pendingLogId,
        outcome.minutes,
        outcome.serviceDate,
        outcome.candidates,
        today,
      );
    case "unknown_patient":
      return {
        speech: `No enrolled patient matches ${outcome.name}. Nothing is recorded yet. Enroll the patient in chat, then answer with their MRN.`,
        status: "unknown_patient",
        recorded: false,
        pendingLogId: outcome.pendingLogId,
      };
    case "undo":
      return answerUndo(outcome.result, today);
    case "total":
      return {
        speech: `${spokenInitials(outcome.patient)}: ${spokenMonthTotal(outcome.summary, today)}`,
        status: "total",
        recorded: false,
      };
    case "too_many_patients":
      return notRecorded(
        "too_many_patients",
        `${outcome.count} patients match that name. Say the full name or the MRN.`,
      );
    case "total_choose_patient":
      return notUnderstood(
        `Several patients match: ${outcome.candidates.map((patient) => patient.name).join("; ")}. Ask again with the full name or the MRN.`,
      );
    case "total_unknown_patient":
      return notUnderstood(
        outcome.name
          ? `No enrolled patient matches ${outcome.name}. Ask again with the full name or the MRN.`
          : "Which patient? Ask again with the full name or the MRN.",
      );
  }
}

/** Puts the outcome of a follow-up that picks the patient of a waiting log into speech and data. */
export function answerChoice(result: VoiceChoiceResult, today: string): VoiceAnswer {
  switch (result.status) {
    case "recorded":
    case "duplicate":
    case "refused":
      return answerLog(result, today, false);
    case "pending_not_found":
      return {
        speech: "That waiting log does not exist. Say the whole log again.",
        status: "pending_not_found",
        recorded: false,
      };
    case "pending_closed":
      return {
        speech:
          result.pendingStatus === "cancelled"
            ? "That log was cancelled, so nothing was recorded. Say the whole log again to record it."
            : "That log was already recorded.",
        status: "pending_closed",
        recorded: false,
        pendingLogId: result.pendingLogId,
      };
    case "not_allowed":
      return {
        speech: "Only the provider who dictated this log, or an admin, can choose its patient.",
        status: "not_allowed",
        recorded: false,
        pendingLogId: result.pendingLogId,
      };
    case "not_a_candidate":
      return waitingAnswer(
        result.pendingLogId,
        "That patient was not one of the choices. Say a number from the list.",
      );
    case "invalid_position":
      return waitingAnswer(
        result.pendingLogId,
        result.choices === 0
          ? "This log has no list to choose from. Answer with the patient's MRN."
          : `Say a number from 1 to ${result.choices}.`,
      );
    case "patient_not_found":
      return waitingAnswer(
        result.pendingLogId,
        "I could not match that answer to one patient. Say the number from the list or the MRN.",
      );
  }
}

function answerLog(result: LogEncounterResult, today: string, repeated: boolean): VoiceAnswer {
  if (result.status === "refused") return refusedAnswer(result);
  const already = repeated || result.status === "duplicate";
  const headline = `${already ? "Already logged" : "Logged"} ${spokenMinutes(result.minutes)} for ${spokenInitials(result.patient)} ${spokenDay(result.serviceDate, today)}.`;
  const summary = result.summary;
  return {
    speech: `${headline} ${spokenMonthTotal(summary, today)}`,
    status: already ? "already_recorded" : "recorded",
    recorded: true,
    log: {
      encounterId: result.encounterId,
      minutes: result.minutes,
      serviceDate: result.serviceDate,
      patient: { initials: result.patient.initials, mrn: result.patient.mrn },
      month: summary.month,
      monthTotalMinutes: summary.totalMinutes,
      billed: summary.evaluation.earned.map(({ code, units }) => ({ code, units })),
      billedNow: result.claimChanges
        .filter((change) => change.change === "earned")
        .map((change) => change.code),
      next: summary.evaluation.next ?? null,
    },
  };
}

function refusedAnswer(result: Extract<LogEncounterResult, { status: "refused" }>): VoiceAnswer {
  const who = result.patient ? spokenInitials(result.patient) : "This patient";
  const reasons: Record<typeof result.code, string> = {
    not_enrolled: `${who} is not enrolled in care management, so the time cannot be billed.`,
    enrolled_after_service: `${who} was enrolled after that day; consent must come before the service.`,
    enrollment_ended: `${who}'s enrollment had ended by that day.`,
    month_closed: "That month is closed for billing, so its time can no longer be logged.",
    patient_not_found: "The patient no longer exists in the roster.",
  };
  const fix =
    result.code === "month_closed"
      ? "Ask billing staff to reopen the month if the time must count, then log again."
      : "Enroll the patient in chat, then log again.";
  return notRecorded(result.code, `${reasons[result.code]} ${fix}`);
}

function choosePatientAnswer(
  pendingLogId: number,
  minutes: number,
  serviceDate: string,
  candidates: PatientLabel[],
  today: string,
): VoiceAnswer {
  const choices = candidates.map((patient, index) => {
    const born = patient.dateOfBirth ? `, born ${spokenDate(patient.dateOfBirth)}` : "";
    return `${index + 1}: ${patient.name}${born}.`;
  });
  return {
    speech: `Which patient gets ${spokenMinutes(minutes)} ${spokenDay(serviceDate, today)}? ${choices.join(" ")} Nothing is recorded until you choose.`,
    status: "choose_patient",
    recorded: false,
    pendingLogId,
    candidates: candidates.map((patient, index) => ({
      choice: index + 1,
      name: patient.name,
      initials: patient.initials,
      mrn: patient.mrn,
      dateOfBirth: patient.dateOfBirth,
    })),
  };
}

function answerUndo(result: UndoResult, today: string): VoiceAnswer {
  if (result.status !== "undone") {
    const reasons = {
      already_undone: "That entry was already undone.",
      not_found: "There is nothing of yours to undo.",
      waiting_log_cancelled:
        "Cancelled your log that was waiting for a patient choice. Nothing was recorded.",
      not_allowed: "Only the provider who logged this time, or an admin, can undo it.",
      locked:
        "Not undone: that month's entries are locked for billing. Billing staff have been told.",
    };
    return { speech: reasons[result.status], status: "not_undone", recorded: false };
  }
  const voided = result.claimChanges.filter((change) => change.change === "voided");
  const voidedText =
    voided.length > 0
      ? ` ${voided.map((change) => change.code).join(" and ")} for ${monthLabel(result.summary.month)} is voided.`
      : "";
  return {
    speech: `Undone: ${spokenMinutes(result.minutes)} for ${spokenInitials(result.patient)} ${spokenDay(result.serviceDate, today)}. ${spokenMonthTotal(result.summary, today)}${voidedText}`,
    status: "undone",
    recorded: false,
  };
}

function waitingAnswer(pendingLogId: number, speech: string): VoiceAnswer {
  return { speech, status: "choose_patient", recorded: false, pendingLogId };
}

function notRecorded(code: string, message: string): VoiceAnswer {
  const spoken = speakable(message);
  return {
    speech: `Not recorded. ${spoken}`,
    status: "not_recorded",
    recorded: false,
    error: { code, message: spoken },
  };
}

function notUnderstood(speech: string): VoiceAnswer {
  return { speech, status: "not_understood", recorded: false };
}
