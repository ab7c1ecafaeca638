import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { complexMonths } from "../../db/schema/index.ts";
import { isValidMonth, monthBounds } from "../time/calendar.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";
import { enrollmentsOf } from "./enrollment-status.ts";
import { lockPatient } from "./log-encounter.ts";
import { checkMonthUnlocked, type LockedMonth } from "./month-lock.ts";
import { currentMonth, type MonthSummary, summarizeMonth } from "./month-summary.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import { canLogTime, type Provider } from "./providers.ts";
import { type ClaimChange, reconcileMonth } from "./reconcile-claims.ts";

export type MarkComplexResult =
  | {
      status: "marked" | "unmarked" | "unchanged";
      complex: boolean;
      patient: PatientLabel;
      summary: MonthSummary;
      claimChanges: ClaimChange[];
    }
  | { status: "not_allowed" }
  | { status: "not_found" }
  | { status: "invalid_month"; text: string }
  | { status: "future_month"; month: string }
  | { status: "not_in_ccm"; patient: PatientLabel; month: string }
  | { status: "locked"; patient: PatientLabel; lock: LockedMonth };

/**
 * Marks a patient-month complex (or clears the mark) and re-evaluates its claims in the same
 * transaction. The care team decides complexity, so clinical staff, physicians and admins may mark
 * it; a locked month (closed, or with a submitted claim) cannot change. Audited.
 */
export async function markMonthComplex(
  context: ServiceContext,
  actor: Provider,
  fields: { patientId: number; month: string; complex: boolean },
): Promise<MarkComplexResult> {
  if (!canLogTime(actor)) return { status: "not_allowed" };
  if (!isValidMonth(fields.month)) return { status: "invalid_month", text: fields.month };
  if (fields.month > currentMonth(context)) return { status: "future_month", month: fields.month };

  const result = await context.db.transaction(async (tx): Promise<MarkComplexResult> => {
    const patient = await lockPatient(tx, fields.patientId);
    if (!patient) return { status: "not_found" };
    const label = labelPatient(patient);
    const lock = await checkMonthUnlocked(tx, patient.id, fields.month);
    if (!lock.ok) return { status: "locked", patient: label, lock };
    // Complex codes are CCM codes, so the mark needs a CCM enrollment in that month.
    if (fields.complex && !(await hasCcmEnrollmentIn(tx, patient.id, fields.month))) {
      return { status: "not_in_ccm", patient: label, month: fields.month };
    }

    const changed = fields.complex
      ? await tx
          .insert(complexMonths)
          .values({ patientId: patient.id, month: fields.month, markedByProviderId: actor.id })
          .onConflictDoNothing()
          .returning()
      : await tx
          .delete(complexMonths)
          .where(
            and(eq(complexMonths.patientId, patient.id), eq(complexMonths.month, fields.month)),
          )
          .returning();
    if (changed.length > 0) {
      await recordAudit(tx, {
        actorProviderId: actor.id,
        action: fields.complex ? "month.mark_complex" : "month.clear_complex",
        entity: "patient_month",
        entityId: `${patient.id}:${fields.month}`,
        details: { month: fields.month },
      });
    }

    const { changes } = await reconcileMonth(context, tx, patient.id, fields.month, {
      event: fields.complex ? "month.mark_complex" : "month.clear_complex",
      providerId: actor.id,
    });
    let status: "marked" | "unmarked" | "unchanged" = "unchanged";
    if (changed.length > 0) status = fields.complex ? "marked" : "unmarked";
    return {
      status,
      complex: fields.complex,
      patient: label,
      summary: await summarizeMonth(context, tx, patient.id, fields.month),
      claimChanges: changes,
    };
  });
  if (result.status === "marked" || result.status === "unmarked") context.onOutboxWrite?.();
  return result;
}

async function hasCcmEnrollmentIn(
  tx: Transaction,
  patientId: number,
  month: string,
): Promise<boolean> {
  const { first, next } = monthBounds(month);
  const periods = await enrollmentsOf(tx, patientId);
  return periods.some(
    (period) =>
      period.program === "ccm" &&
      period.startsOn < next &&
      (period.endsOn === null || period.endsOn >= first),
  );
}
