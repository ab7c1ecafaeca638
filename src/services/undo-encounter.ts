import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { encounters } from "../../db/schema/index.ts";
import { monthOf } from "../time/calendar.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";
import { lockPatient } from "./log-encounter.ts";
import { checkMonthUnlocked, type LockedMonth, noteRejectedChange } from "./month-lock.ts";
import { type MonthSummary, summarizeMonth } from "./month-summary.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import { cancelPendingLogById, latestOpenPendingLog } from "./pending-logs.ts";
import type { Provider } from "./providers.ts";
import { type ClaimChange, reconcileClaims } from "./reconcile-claims.ts";

export type UndoResult =
  | {
      status: "undone";
      encounterId: number;
      minutes: number;
      serviceDate: string;
      patient: PatientLabel;
      summary: MonthSummary;
      claimChanges: ClaimChange[];
    }
  | { status: "waiting_log_cancelled"; pendingLogId: number; minutes: number; serviceDate: string }
  | { status: "already_undone"; encounterId: number }
  | { status: "not_found" }
  | { status: "not_allowed"; encounterId: number }
  | { status: "locked"; encounterId: number; patient: PatientLabel; lock: LockedMonth };

/**
 * Voids an encounter and re-evaluates its patient-month in the same transaction. Only the
 * provider who logged it or an admin may undo it. The row stays, marked void, for the audit trail.
 * A closed month or a submitted claim locks the month's entries: the undo is refused and billing
 * staff get a note.
 */
export async function undoEncounter(
  context: ServiceContext,
  encounterId: number,
  actor: Provider,
): Promise<UndoResult> {
  const result = await context.db.transaction(async (tx): Promise<UndoResult> => {
    const [encounter] = await tx.select().from(encounters).where(eq(encounters.id, encounterId));
    if (!encounter) return { status: "not_found" };
    if (encounter.providerId !== actor.id && actor.role !== "admin") {
      return { status: "not_allowed", encounterId };
    }

    const patient = await lockPatient(tx, encounter.patientId);
    const month = monthOf(encounter.serviceDate);
    const lock = await checkMonthUnlocked(tx, encounter.patientId, month);
    if (!lock.ok && patient && encounter.voidedAt === null) {
      await noteRejectedChange(context, tx, {
        patientId: encounter.patientId,
        lock,
        action: "undo",
        actor,
      });
      return { status: "locked", encounterId, patient: labelPatient(patient), lock };
    }

    const [voided] = await tx
      .update(encounters)
      .set({ voidedAt: sql`now()`, voidReason: "undo", updatedAt: sql`now()` })
      .where(and(eq(encounters.id, encounterId), isNull(encounters.voidedAt)))
      .returning({ id: encounters.id });
    if (!voided || !patient) return { status: "already_undone", encounterId };
    await recordAudit(tx, {
      actorProviderId: actor.id,
      action: "encounter.undo",
      entity: "encounter",
      entityId: encounterId,
      details: { minutes: encounter.minutes, serviceDate: encounter.serviceDate },
    });

    const claimChanges = await reconcileClaims(context, tx, encounter.patientId, month, {
      event: "encounter.undo",
      encounterId,
      providerId: actor.id,
    });
    return {
      status: "undone",
      encounterId,
      minutes: encounter.minutes,
      serviceDate: encounter.serviceDate,
      patient: labelPatient(patient),
      summary: await summarizeMonth(context, tx, encounter.patientId, month),
      claimChanges,
    };
  });
  const queued = result.status === "locked" || result.status === "undone";
  if (queued) context.onOutboxWrite?.();
  return result;
}

/**
 * Undoes the provider's latest entry: the most recent active encounter, or a log still waiting for
 * a patient choice when that came later, which is then cancelled without recording anything.
 */
export async function undoLastEncounter(
  context: ServiceContext,
  actor: Provider,
): Promise<UndoResult> {
  const [latest] = await context.db
    .select({ id: encounters.id, createdAt: encounters.createdAt })
    .from(encounters)
    .where(and(eq(encounters.providerId, actor.id), isNull(encounters.voidedAt)))
    .orderBy(desc(encounters.createdAt), desc(encounters.id))
    .limit(1);
  const waiting = await latestOpenPendingLog(context, actor);
  if (waiting && (!latest || waiting.createdAt > latest.createdAt)) {
    const cancelled = await cancelPendingLogById(context.db, waiting.id);
    if (cancelled) {
      return {
        status: "waiting_log_cancelled",
        pendingLogId: waiting.id,
        minutes: waiting.minutes,
        serviceDate: waiting.serviceDate,
      };
    }
  }
  if (!latest) return { status: "not_found" };
  return undoEncounter(context, latest.id, actor);
}
