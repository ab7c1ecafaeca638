import type { Transaction } from "../../db/client.ts";
import { parseMessage } from "../parse/index.ts";
import type { ParsedMessage } from "../parse/types.ts";
import { monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import type { EditOutcome, EncounterValues } from "./edit-outcome.ts";
import {
  auditEncounterChange,
  ConcurrentEditError,
  hasValues,
  insertEditedEncounter,
  type LogValues,
  markRevision,
  updateEncounterValues,
} from "./edited-encounter-rows.ts";
import {
  type EncounterRow,
  findEditLock,
  findEncounterBySource,
  isStaleRevision,
  lockPatients,
  reconcileMonths,
  voidEncounter,
} from "./encounter-changes.ts";
import { checkEnrollment, type EnrollmentCheck } from "./enrollment-status.ts";
import type { IncomingMessage } from "./handle-message.ts";
import type { MessageOutcome } from "./message-outcome.ts";
import { summarizeMonth } from "./month-summary.ts";
import type { PatientLabel } from "./patient-label.ts";
import { labelPatientsWith } from "./patients.ts";
import { cancelPendingLog, replacePendingLog } from "./pending-logs.ts";
import { canLogTime, findProvider, type Provider } from "./providers.ts";

/** A chat message whose text was changed; `instant` is when it was first sent. */
export interface MessageEdit extends IncomingMessage {
  /** The platform's marker of this version (Slack `edited.ts`); older versions are skipped. */
  revision?: string;
}

/** The change the edited text requests, worked out before any row is touched. */
type EditTarget =
  | ({ kind: "log" } & LogValues)
  | { kind: "unresolved"; parsed: ParsedMessage; candidateIds: number[]; unknownName?: string }
  | { kind: "invalid"; parsed: ParsedMessage }
  | { kind: "not_a_log" };

/** The state of one edit inside its transaction, after the patient rows are locked. */
interface EditState {
  edit: MessageEdit;
  provider: Provider;
  existing: EncounterRow | undefined;
  /** The existing encounter when it still counts. */
  active: EncounterRow | undefined;
  labels: Map<number, PatientLabel>;
}

const maxAttempts = 3;

/**
 * Applies an edited chat message to the encounter it recorded, in one transaction. The edit updates
 * the minutes, patient, date and note, voids the encounter when the new text is no longer a
 * recordable log, or records one when the original was not a log. Claims of the old and the new
 * patient-month are
 * re-evaluated together, with both patient rows locked in id order. An edit that changes nothing
 * (a link unfurl, a repeated or stale event) returns `ignored` and changes no encounter.
 */
export async function applyMessageEdit(
  context: ServiceContext,
  edit: MessageEdit,
): Promise<EditOutcome> {
  const parsed = parseMessage(edit.text, {
    instant: edit.instant,
    timeZone: context.timeZone,
    roster: await context.roster.get(context),
    onInternalError: (error) =>
      context.logger.error({ err: error, messageId: edit.source.messageId }, "parser failed"),
  });
  const provider = await findProvider(context, edit.user);
  if (!provider || !canLogTime(provider)) return { kind: "ignored" };
  const target = targetOf(parsed);

  for (let attempt = 1; ; attempt += 1) {
    try {
      const outcome = await context.db.transaction((tx) =>
        editInTransaction(context, tx, edit, provider, target),
      );
      // A locked edit queued a note to billing staff.
      if (hasClaimChanges(outcome) || outcome.kind === "edit_locked") context.onOutboxWrite?.();
      return outcome;
    } catch (error) {
      if (!(error instanceof ConcurrentEditError) || attempt >= maxAttempts) throw error;
      context.logger.info(
        { messageId: edit.source.messageId, attempt },
        "message changed while its edit was applied; applying the edit again",
      );
    }
  }
}

function targetOf(parsed: ParsedMessage): EditTarget {
  if (parsed.intent !== "log") return { kind: "not_a_log" };
  if (parsed.error || parsed.minutes === undefined || parsed.date === undefined) {
    return { kind: "invalid", parsed };
  }
  const reference = parsed.patient;
  if (reference?.status === "matched") {
    return {
      kind: "log",
      patientId: Number(reference.id),
      minutes: parsed.minutes,
      serviceDate: parsed.date,
      note: parsed.note ?? "",
    };
  }
  return {
    kind: "unresolved",
    parsed,
    candidateIds: reference?.status === "ambiguous" ? reference.candidates.map(Number) : [],
    unknownName: reference?.status === "unknown" ? reference.text : undefined,
  };
}

async function editInTransaction(
  context: ServiceContext,
  tx: Transaction,
  edit: MessageEdit,
  provider: Provider,
  target: EditTarget,
): Promise<EditOutcome> {
  const seen = await findEncounterBySource(tx, edit.source);
  if (seen && isStaleRevision(edit.revision, seen.sourceRevision)) return { kind: "ignored" };

  // Patients are locked before the encounter row, the order every other service uses.
  const patientIds = [];
  if (seen && (seen.voidedAt === null || seen.voidReason === "edited"))
    patientIds.push(seen.patientId);
  if (target.kind === "log") patientIds.push(target.patientId);
  const labels = await lockPatients(tx, patientIds);
  const existing = await findEncounterBySource(tx, edit.source, true);
  if (existing?.id !== seen?.id || existing?.patientId !== seen?.patientId) {
    throw new ConcurrentEditError();
  }

  // An entry someone undid, or whose message was deleted, stays void whatever the edited text is.
  if (existing?.voidReason === "undo" || existing?.voidReason === "deleted") {
    return { kind: "ignored" };
  }
  const active = existing?.voidedAt === null ? existing : undefined;
  const state: EditState = { edit, provider, existing, active, labels };

  if (target.kind === "log") return applyLog(context, tx, state, target);
  const describe = () => describeUnrecordable(tx, edit, provider, target);
  return active ? voidEdited(context, tx, state, active, describe) : describe();
}

/** Updates, revives or creates the encounter so that it matches a valid edited log. */
async function applyLog(
  context: ServiceContext,
  tx: Transaction,
  state: EditState,
  values: LogValues,
): Promise<EditOutcome> {
  const { edit, existing, active, labels } = state;
  const patient = labels.get(values.patientId);
  if (!patient) {
    const serviceDate = values.serviceDate;
    await cancelPendingLog(tx, edit.source);
    return { kind: "log", result: { status: "refused", code: "patient_not_found", serviceDate } };
  }

  const enrollment = await checkEnrollment(tx, values.patientId, values.serviceDate);
  if (!enrollment.ok) {
    const keepWaiting = () => waitForEnrollment(tx, state, values, patient, enrollment);
    return active ? voidEdited(context, tx, state, active, keepWaiting) : keepWaiting();
  }

  if (active && hasValues(active, values)) {
    await markRevision(tx, active, edit.revision);
    return { kind: "ignored" };
  }

  const newMonth = monthOf(values.serviceDate);
  const patientMonths = [{ patientId: values.patientId, month: newMonth }];
  if (active)
    patientMonths.unshift({ patientId: active.patientId, month: monthOf(active.serviceDate) });
  const lock = await findEditLock(context, tx, patientMonths, {
    action: "edit",
    actor: state.provider,
  });
  if (lock) return { kind: "edit_locked", patient, ...lock };

  const encounterId = existing
    ? await updateEncounterValues(tx, existing, values, edit.revision)
    : await insertEditedEncounter(tx, edit.source, edit.revision, state.provider, values);
  await auditEncounterChange(tx, {
    action: existing ? "encounter.edit" : "encounter.create",
    reason: "edited",
    actorProviderId: state.provider.id,
    encounterId,
    revision: edit.revision,
    before: existing,
    after: values,
  });
  await cancelPendingLog(tx, edit.source);

  const claimChanges = await reconcileMonths(context, tx, patientMonths, {
    event: "encounter.edit",
    encounterId,
    providerId: state.provider.id,
  });
  return {
    kind: "edited",
    change: active ? "updated" : "created",
    previous: active ? valuesOf(active, labels) : undefined,
    result: {
      status: "recorded",
      encounterId,
      minutes: values.minutes,
      serviceDate: values.serviceDate,
      patient,
      summary: await summarizeMonth(context, tx, values.patientId, newMonth),
      claimChanges,
    },
  };
}

/**
 * Saves an edited log that needs enrollment as the message's waiting log, replacing an earlier
 * one, so that the Enroll button records the edited minutes and never the ones the edit replaced.
 */
async function waitForEnrollment(
  tx: Transaction,
  state: EditState,
  values: LogValues,
  patient: PatientLabel,
  refusal: Extract<EnrollmentCheck, { ok: false }>,
): Promise<MessageOutcome> {
  const pending = await replacePendingLog(tx, {
    provider: state.provider,
    source: state.edit.source,
    text: state.edit.text,
    minutes: values.minutes,
    serviceDate: values.serviceDate,
    note: values.note,
    candidateIds: [values.patientId],
  });
  return {
    kind: "log",
    result: {
      status: "refused",
      code: refusal.code,
      patient,
      serviceDate: values.serviceDate,
      enrollment: refusal.enrollment && {
        startsOn: refusal.enrollment.startsOn,
        endsOn: refusal.enrollment.endsOn,
        endReason: refusal.enrollment.endReason,
      },
    },
    pendingLogId: pending.id,
  };
}

/**
 * Voids the encounter of a message edited into something that cannot be recorded. `followUp`
 * saves or cancels the message's waiting log and describes it. It runs only when the edit is
 * applied, so a locked month keeps both the encounter and any waiting log as they were.
 */
async function voidEdited(
  context: ServiceContext,
  tx: Transaction,
  state: EditState,
  active: EncounterRow,
  followUp: () => Promise<MessageOutcome>,
): Promise<EditOutcome> {
  const patient = state.labels.get(active.patientId);
  if (!patient) return followUp();
  const month = monthOf(active.serviceDate);
  const lock = await findEditLock(context, tx, [{ patientId: active.patientId, month }], {
    action: "edit",
    actor: state.provider,
  });
  if (lock) return { kind: "edit_locked", patient, ...lock };

  const entry = await voidEncounter(context, tx, active, patient, "edited", state.provider);
  const described = await followUp();
  if (!entry) return described;
  await auditEncounterChange(tx, {
    action: "encounter.void",
    reason: "edited",
    actorProviderId: state.provider.id,
    encounterId: active.id,
    revision: state.edit.revision,
    before: active,
  });
  return { kind: "voided", reason: "edited", entry, followUp: described };
}

/** Describes edited text that records nothing: a waiting log, an error or silence. */
async function describeUnrecordable(
  tx: Transaction,
  edit: MessageEdit,
  provider: Provider,
  target: Exclude<EditTarget, { kind: "log" }>,
): Promise<MessageOutcome> {
  if (target.kind === "not_a_log") {
    await cancelPendingLog(tx, edit.source);
    return { kind: "ignored" };
  }
  const { parsed } = target;
  const minutes = parsed.minutes ?? 0;
  const serviceDate = parsed.date ?? "";
  if (target.kind === "invalid") {
    await cancelPendingLog(tx, edit.source);
    const patient =
      parsed.patient?.status === "matched"
        ? (await labelPatientsWith(tx, [Number(parsed.patient.id)]))[0]
        : undefined;
    const error = parsed.error ?? { code: "missing_duration", message: "No duration found." };
    return { kind: "invalid_log", error, patient };
  }

  const pending = await replacePendingLog(tx, {
    provider,
    source: edit.source,
    text: edit.text,
    minutes,
    serviceDate,
    note: parsed.note ?? "",
    candidateIds: target.candidateIds,
    unknownName: target.unknownName,
  });
  if (target.candidateIds.length === 0) {
    const name = target.unknownName ?? "";
    return { kind: "unknown_patient", pendingLogId: pending.id, name, minutes, serviceDate };
  }
  const candidates = await labelPatientsWith(tx, target.candidateIds);
  return { kind: "choose_patient", pendingLogId: pending.id, minutes, serviceDate, candidates };
}

function valuesOf(
  row: EncounterRow,
  labels: Map<number, PatientLabel>,
): EncounterValues | undefined {
  const patient = labels.get(row.patientId);
  return patient ? { minutes: row.minutes, serviceDate: row.serviceDate, patient } : undefined;
}

function hasClaimChanges(outcome: EditOutcome): boolean {
  if (outcome.kind === "edited") return outcome.result.claimChanges.length > 0;
  if (outcome.kind === "voided") return outcome.entry.claimChanges.length > 0;
  return false;
}
