import type { ServiceContext } from "../../services/context.ts";
import type { EditOutcome } from "../../services/edit-outcome.ts";
import type { LogEncounterResult, MessageSource } from "../../services/log-encounter.ts";
import type { MessageOutcome } from "../../services/message-outcome.ts";
import { findMessageRecord } from "../../services/message-records.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import type { ClaimChange } from "../../services/reconcile-claims.ts";
import { monthLabel } from "../../time/calendar.ts";
import type { ReportOutcome } from "./import-report.ts";

/** A report outcome with its detail, and the claim changes a recorded message caused. */
export interface DescribedOutcome {
  outcome: ReportOutcome;
  detail: string;
  claimChanges: ClaimChange[];
}

/**
 * Puts what handling a replayed message did into report terms. A duplicate is looked up by its
 * message key, so the report states what the earlier import or live message left behind. Details
 * carry initials and MRN only, like channel posts.
 */
export async function describeOutcome(
  context: ServiceContext,
  outcome: MessageOutcome,
  source: MessageSource,
  userLabel: string,
): Promise<DescribedOutcome> {
  switch (outcome.kind) {
    case "log":
      return describeLog(outcome.result);
    case "duplicate":
      return describeDuplicate(context, source);
    case "choose_patient":
      // TODO: choosing the patient of a pending log needs the buttons a live reply posts, and an
      // import posts none, so such a log waits until someone logs the time again by hand.
      return needsChoice(
        `${outcome.minutes} min on ${outcome.serviceDate}: ${outcome.candidates.length} patients match the name (pending log #${outcome.pendingLogId})`,
      );
    case "unknown_patient":
      return needsChoice(
        `${outcome.minutes} min on ${outcome.serviceDate}: no enrolled patient matches the name (pending log #${outcome.pendingLogId}); enroll the patient, then import again`,
      );
    case "not_provider":
      return failed(
        `${userLabel} is not a provider who may log time; register them as a provider, then import again`,
      );
    case "invalid_log":
      return failed(outcome.error.message);
    case "too_many_patients":
      return failed(`${outcome.count} patients match the name; nothing was recorded`);
    case "ignored":
      return notALog(ignoredReason(outcome.intent));
    default:
      // Undos and questions come back as "ignored" when replayed; nothing else is expected here.
      return notALog(`${outcome.kind.replaceAll("_", " ")} message`);
  }
}

/**
 * Puts into report terms what applying an export's edit or deletion did to the encounter that an
 * earlier import or the live bot recorded. `unchanged` describes the message when nothing changed.
 */
export async function describeChange(
  context: ServiceContext,
  outcome: EditOutcome,
  source: MessageSource,
  userLabel: string,
  unchanged: () => Promise<DescribedOutcome>,
): Promise<DescribedOutcome> {
  switch (outcome.kind) {
    case "edited": {
      const { result, previous } = outcome;
      const was = previous ? ` (was ${previous.minutes} min on ${previous.serviceDate})` : "";
      const claims = result.claimChanges.map(describeClaimChange);
      const claimText = claims.length > 0 ? `; ${claims.join(", ")}` : "";
      return {
        outcome: "updated",
        detail: `encounter #${result.encounterId} follows the edited text: ${result.minutes} min for ${tag(result.patient)} on ${result.serviceDate}${was}${claimText}`,
        claimChanges: result.claimChanges,
      };
    }
    case "voided": {
      const { entry } = outcome;
      const reason =
        outcome.reason === "deleted" ? "deleted in Slack" : "edited to a text that is not a log";
      const claims = entry.claimChanges.map(describeClaimChange);
      const claimText = claims.length > 0 ? `; ${claims.join(", ")}` : "";
      return {
        outcome: "updated",
        detail: `encounter #${entry.encounterId} voided, ${reason}: ${entry.minutes} min for ${tag(entry.patient)} on ${entry.serviceDate}${claimText}`,
        claimChanges: entry.claimChanges,
      };
    }
    case "edit_locked":
      return failed(
        `changed in Slack, but ${monthLabel(outcome.month)} for ${tag(outcome.patient)} is locked for billing, so the earlier entry still counts; ask billing staff to correct it`,
      );
    case "ignored":
      return unchanged();
    default:
      return describeOutcome(context, outcome, source, userLabel);
  }
}

function describeLog(result: LogEncounterResult): DescribedOutcome {
  if (result.status === "refused") {
    return failed(refusalReason(result.code, result.patient, result.serviceDate));
  }
  const what = `${result.minutes} min for ${tag(result.patient)} on ${result.serviceDate}`;
  if (result.status === "duplicate") {
    return {
      outcome: "already present",
      detail: `${what} (encounter #${result.encounterId})`,
      claimChanges: [],
    };
  }
  const claims = result.claimChanges.map(describeClaimChange);
  const detail = claims.length > 0 ? `${what}; ${claims.join(", ")}` : what;
  return { outcome: "recorded", detail, claimChanges: result.claimChanges };
}

async function describeDuplicate(
  context: ServiceContext,
  source: MessageSource,
): Promise<DescribedOutcome> {
  const record = await findMessageRecord(context, source);
  if (record?.kind === "encounter") {
    const undone = record.voided ? ", undone since" : "";
    return {
      outcome: "already present",
      detail: `encounter #${record.encounterId}: ${record.minutes} min on ${record.serviceDate}${undone}`,
      claimChanges: [],
    };
  }
  if (record?.kind === "pending_log" && record.status === "open") {
    return needsChoice(
      `saved before and still waiting for a patient choice (pending log #${record.pendingLogId})`,
    );
  }
  const detail = record
    ? `pending log #${record.pendingLogId}, ${record.status}`
    : "handled before";
  return { outcome: "already present", detail, claimChanges: [] };
}

function refusalReason(
  code: Extract<LogEncounterResult, { status: "refused" }>["code"],
  patient: PatientLabel | undefined,
  serviceDate: string,
): string {
  const who = patient ? tag(patient) : "the patient";
  switch (code) {
    case "not_enrolled":
      return `${who} is not enrolled in care management`;
    case "enrolled_after_service":
      return `${who} was enrolled after ${serviceDate}; consent must come before the service`;
    case "enrollment_ended":
      return `${who}'s enrollment had ended by ${serviceDate}`;
    case "month_closed":
      return `${serviceDate} is in a month closed for billing`;
    case "patient_not_found":
      return "the patient no longer exists in the roster";
  }
}

function ignoredReason(intent: "undo" | "query" | undefined): string {
  if (intent === "undo") return "undo; an import does not replay undos, so check the log it meant";
  if (intent === "query") return "question about a total";
  return "no time log in the message";
}

function describeClaimChange(change: ClaimChange): string {
  if (change.change === "earned") return `claim ${change.code} earned`;
  if (change.change === "voided") return `claim ${change.code} voided`;
  return `claim ${change.code} now ${change.units} units`;
}

function tag(patient: PatientLabel): string {
  return `${patient.initials} (MRN ${patient.mrn})`;
}

function needsChoice(detail: string): DescribedOutcome {
  return { outcome: "needs a patient choice", detail, claimChanges: [] };
}

function failed(detail: string): DescribedOutcome {
  return { outcome: "failed", detail, claimChanges: [] };
}

function notALog(detail: string): DescribedOutcome {
  return { outcome: "not a log", detail, claimChanges: [] };
}
