import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { encounters, type Platform, patients } from "../../db/schema/index.ts";
import type { NotBilledReason } from "../billing/earned-claims.ts";
import { monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import { findEncounterBySource } from "./encounter-source.ts";
import { checkEnrollment, type Enrollment } from "./enrollment-status.ts";
import { findClosedMonth } from "./month-lock.ts";
import { type MonthSummary, summarizeMonth } from "./month-summary.ts";
import { noteUnbilledLog } from "./not-billed-note.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import { patientLabelColumns } from "./patients.ts";
import type { Provider } from "./providers.ts";
import { type ClaimChange, reconcileMonth } from "./reconcile-claims.ts";

/** The chat message an encounter came from; the triple is unique across all encounters. */
export interface MessageSource {
  platform: Platform;
  channel: string;
  messageId: string;
  link?: string;
}

export interface LogEncounterInput {
  patientId: number;
  provider: Provider;
  minutes: number;
  /** Local service date, `YYYY-MM-DD` in the practice time zone. */
  serviceDate: string;
  note: string;
  source: MessageSource;
}

export type LogEncounterResult =
  | {
      status: "recorded" | "duplicate";
      encounterId: number;
      minutes: number;
      serviceDate: string;
      patient: PatientLabel;
      summary: MonthSummary;
      claimChanges: ClaimChange[];
      /** Set when the time is on record but counts toward no claim, so billing staff get a note. */
      notBilled?: { reason: NotBilledReason; billingPractitioner?: string };
    }
  | {
      status: "refused";
      code:
        | "not_enrolled"
        | "enrolled_after_service"
        | "enrollment_ended"
        | "patient_not_found"
        | "month_closed";
      patient?: PatientLabel;
      serviceDate: string;
      /** The period behind an enrollment refusal: when it starts or ended, and why it ended. */
      enrollment?: Pick<Enrollment, "startsOn" | "endsOn" | "endReason">;
    };

/**
 * Records minutes for a patient and updates the month's claims, all in one transaction. The
 * patient row is locked first, so concurrent logs for one patient run one after the other and
 * exactly one of them creates each claim. A message already recorded returns `duplicate` and
 * changes nothing.
 */
export async function logEncounter(
  context: ServiceContext,
  input: LogEncounterInput,
): Promise<LogEncounterResult> {
  const result = await context.db.transaction((tx) => logInTransaction(context, tx, input));
  // A recorded log may have queued claim posts or billing notes; delivery starts at once.
  if (result.status === "recorded") context.onOutboxWrite?.();
  return result;
}

async function logInTransaction(
  context: ServiceContext,
  tx: Transaction,
  input: LogEncounterInput,
): Promise<LogEncounterResult> {
  const patient = await lockPatient(tx, input.patientId);
  if (!patient)
    return { status: "refused", code: "patient_not_found", serviceDate: input.serviceDate };
  const label = labelPatient(patient);

  const enrollment = await checkEnrollment(tx, patient.id, input.serviceDate);
  if (!enrollment.ok) {
    return {
      status: "refused",
      code: enrollment.code,
      patient: label,
      serviceDate: input.serviceDate,
      enrollment: enrollment.enrollment && {
        startsOn: enrollment.enrollment.startsOn,
        endsOn: enrollment.enrollment.endsOn,
        endReason: enrollment.enrollment.endReason,
      },
    };
  }

  const month = monthOf(input.serviceDate);
  if (await findClosedMonth(tx, month)) {
    return {
      status: "refused",
      code: "month_closed",
      patient: label,
      serviceDate: input.serviceDate,
    };
  }
  const inserted = await insertEncounter(tx, input);
  if (!inserted) return describeDuplicate(context, tx, input, label);

  const { changes, evaluation } = await reconcileMonth(context, tx, patient.id, month, {
    event: "encounter.log",
    encounterId: inserted.id,
    providerId: input.provider.id,
  });
  const notBilled = await noteUnbilledLog(context, tx, {
    patientId: patient.id,
    encounterId: inserted.id,
    provider: input.provider,
    minutes: input.minutes,
    evaluation,
  });
  const summary = await summarizeMonth(context, tx, patient.id, month);
  return {
    status: "recorded",
    encounterId: inserted.id,
    minutes: input.minutes,
    serviceDate: input.serviceDate,
    patient: label,
    summary,
    claimChanges: changes,
    ...(notBilled ? { notBilled } : {}),
  };
}

/** Takes the row lock that serialises every change to one patient's minutes and claims. */
export async function lockPatient(tx: Transaction, patientId: number) {
  const [patient] = await tx
    .select(patientLabelColumns)
    .from(patients)
    .where(eq(patients.id, patientId))
    .for("update");
  return patient;
}

async function insertEncounter(tx: Transaction, input: LogEncounterInput) {
  const [row] = await tx
    .insert(encounters)
    .values({
      patientId: input.patientId,
      providerId: input.provider.id,
      providerRole: input.provider.role,
      minutes: input.minutes,
      serviceDate: input.serviceDate,
      note: input.note,
      sourcePlatform: input.source.platform,
      sourceChannel: input.source.channel,
      sourceMessageId: input.source.messageId,
      sourceLink: input.source.link,
    })
    .onConflictDoNothing({
      target: [encounters.sourcePlatform, encounters.sourceChannel, encounters.sourceMessageId],
    })
    .returning({ id: encounters.id });
  return row;
}

async function describeDuplicate(
  context: ServiceContext,
  tx: Transaction,
  input: LogEncounterInput,
  label: PatientLabel,
): Promise<LogEncounterResult> {
  const existing = await findEncounterBySource(tx, input.source);
  const serviceDate = existing?.serviceDate ?? input.serviceDate;
  const summary = await summarizeMonth(
    context,
    tx,
    existing?.patientId ?? label.id,
    monthOf(serviceDate),
  );
  return {
    status: "duplicate",
    encounterId: existing?.id ?? 0,
    minutes: existing?.minutes ?? input.minutes,
    serviceDate,
    patient: label,
    summary,
    claimChanges: [],
  };
}
