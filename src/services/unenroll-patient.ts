import { and, eq, isNull } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { enrollments } from "../../db/schema/index.ts";
import { addDays, localDateOf, monthBounds, monthOf } from "../time/calendar.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";
import { removeControlCharacters } from "./control-characters.ts";
import { type Enrollment, enrollmentsOf } from "./enrollment-status.ts";
import { lockPatient } from "./log-encounter.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import type { Provider } from "./providers.ts";

export type UnenrollResult =
  | {
      status: "unenrolled";
      patient: PatientLabel;
      enrollmentId: number;
      /** Last covered day, `YYYY-MM-DD`: the last day of the current month. */
      endsOn: string;
      reason: string | null;
    }
  | {
      /** A period that had not started yet (a re-enrollment due next month) never takes effect. */
      status: "cancelled";
      patient: PatientLabel;
      enrollmentId: number;
      startsOn: string;
      reason: string | null;
    }
  | { status: "already_ending"; patient: PatientLabel; endsOn: string; reason: string | null }
  | { status: "not_enrolled"; patient: PatientLabel }
  | { status: "patient_not_found" };

/**
 * Ends a patient's open enrollment at the end of the current month in the practice time zone,
 * because a withdrawal of consent takes effect at month end. Time logged up to that day still
 * counts; later logs are refused. The period stays on file with its reason, and enrolling again
 * starts a new period.
 */
export async function unenrollPatient(
  context: ServiceContext,
  actor: Provider,
  patientId: number,
  reason: string | undefined,
): Promise<UnenrollResult> {
  const today = localDateOf(context.now(), context.timeZone);
  const endsOn = addDays(monthBounds(monthOf(today)).next, -1);
  const endReason = removeControlCharacters(reason ?? "").trim() || null;

  return context.db.transaction(async (tx): Promise<UnenrollResult> => {
    const patient = await lockPatient(tx, patientId);
    if (!patient) return { status: "patient_not_found" };
    const label = labelPatient(patient);
    const [latest] = await enrollmentsOf(tx, patientId);
    if (!latest) return { status: "not_enrolled", patient: label };
    if (latest.endsOn !== null) {
      if (latest.endsOn < today) return { status: "not_enrolled", patient: label };
      return {
        status: "already_ending",
        patient: label,
        endsOn: latest.endsOn,
        reason: latest.endReason,
      };
    }

    if (latest.startsOn > endsOn)
      return cancelFuturePeriod(tx, actor, label, latest, endReason, today);

    await tx
      .update(enrollments)
      .set({ endsOn, endReason })
      .where(and(eq(enrollments.id, latest.id), isNull(enrollments.endsOn)));
    await recordAudit(tx, {
      actorProviderId: actor.id,
      action: "enrollment.end",
      entity: "enrollment",
      entityId: latest.id,
      details: { patientId, endsOn, reason: endReason, requestedOn: today },
    });
    return {
      status: "unenrolled",
      patient: label,
      enrollmentId: latest.id,
      endsOn,
      reason: endReason,
    };
  });
}

/**
 * Cancels a period that starts after this month, such as a re-enrollment made while the previous
 * period was ending. Its last day becomes the day before its first, so it covers no date at all
 * and stays on file with the reason.
 */
async function cancelFuturePeriod(
  tx: Transaction,
  actor: Provider,
  patient: PatientLabel,
  period: Enrollment,
  endReason: string | null,
  today: string,
): Promise<UnenrollResult> {
  const endsOn = addDays(period.startsOn, -1);
  await tx
    .update(enrollments)
    .set({ endsOn, endReason })
    .where(and(eq(enrollments.id, period.id), isNull(enrollments.endsOn)));
  await recordAudit(tx, {
    actorProviderId: actor.id,
    action: "enrollment.cancel",
    entity: "enrollment",
    entityId: period.id,
    details: {
      patientId: patient.id,
      startsOn: period.startsOn,
      reason: endReason,
      requestedOn: today,
    },
  });
  return {
    status: "cancelled",
    patient,
    enrollmentId: period.id,
    startsOn: period.startsOn,
    reason: endReason,
  };
}
