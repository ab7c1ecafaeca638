import { and, eq, isNull, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { encounters, type VoidReason } from "../../db/schema/index.ts";
import { monthOf } from "../time/calendar.ts";
import type { ReconcileCause } from "./claim-history.ts";
import type { ServiceContext } from "./context.ts";
import type { VoidedEncounter } from "./edit-outcome.ts";
import type { EncounterRow } from "./encounter-source.ts";
import { lockPatient } from "./log-encounter.ts";
import { checkMonthUnlocked, type LockedMonth, noteRejectedChange } from "./month-lock.ts";
import { summarizeMonth } from "./month-summary.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import type { Provider } from "./providers.ts";
import { type ClaimChange, reconcileClaims } from "./reconcile-claims.ts";

/**
 * Steps shared by message edits and deletions: finding the encounter of a message, locking
 * patients, voiding and re-evaluating claims. Every step runs inside the caller's transaction.
 */

export { type EncounterRow, findEncounterBySource } from "./encounter-source.ts";

/**
 * Locks patient rows in ascending id order and returns their labels. Edits, which may lock two
 * patients, go through here, so two edits that swap patients cannot deadlock.
 */
export async function lockPatients(
  tx: Transaction,
  patientIds: readonly number[],
): Promise<Map<number, PatientLabel>> {
  const labels = new Map<number, PatientLabel>();
  const ordered = [...new Set(patientIds)].sort((left, right) => left - right);
  for (const id of ordered) {
    const patient = await lockPatient(tx, id);
    if (patient) labels.set(id, labelPatient(patient));
  }
  return labels;
}

/**
 * Re-evaluates the claims of each distinct patient-month, in the order given, and returns every
 * change. The caller holds the row locks of the patients involved. `cause` goes into the claim
 * audit rows.
 */
export async function reconcileMonths(
  context: ServiceContext,
  tx: Transaction,
  patientMonths: readonly { patientId: number; month: string }[],
  cause: ReconcileCause,
): Promise<ClaimChange[]> {
  const seen = new Set<string>();
  const changes: ClaimChange[] = [];
  for (const { patientId, month } of patientMonths) {
    const key = `${patientId}:${month}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push(...(await reconcileClaims(context, tx, patientId, month, cause)));
  }
  return changes;
}

/** A reason the month of a change no longer takes edits, such as a submitted claim. */
export interface EditLock {
  month: string;
  lock: LockedMonth;
}

/**
 * Checks whether any of the patient-months an edit or deletion touches is locked: the month is
 * closed, or one of its claims was submitted or paid. A locked change is reported to the provider
 * instead of applied, and billing staff get a note in the same transaction so they can correct
 * the claim by hand.
 */
export async function findEditLock(
  context: ServiceContext,
  tx: Transaction,
  patientMonths: readonly { patientId: number; month: string }[],
  change: { action: "edit" | "delete"; actor?: Provider },
): Promise<EditLock | undefined> {
  for (const { patientId, month } of patientMonths) {
    const lock = await checkMonthUnlocked(tx, patientId, month);
    if (lock.ok) continue;
    await noteRejectedChange(context, tx, { patientId, lock, ...change });
    return { month, lock };
  }
  return undefined;
}

const voidEvents: Record<VoidReason, string> = {
  undo: "encounter.undo",
  deleted: "encounter.delete",
  edited: "encounter.edit",
};

/**
 * Voids an active encounter and re-evaluates its patient-month. The caller holds the patient's
 * row lock. `actor` is who made the change, when the platform reports it. Returns undefined when the
 * row was voided already.
 */
export async function voidEncounter(
  context: ServiceContext,
  tx: Transaction,
  encounter: EncounterRow,
  patient: PatientLabel,
  reason: VoidReason,
  actor?: Provider,
): Promise<VoidedEncounter | undefined> {
  const [voided] = await tx
    .update(encounters)
    .set({ voidedAt: sql`now()`, voidReason: reason, updatedAt: sql`now()` })
    .where(and(eq(encounters.id, encounter.id), isNull(encounters.voidedAt)))
    .returning({ id: encounters.id });
  if (!voided) return undefined;

  const month = monthOf(encounter.serviceDate);
  const claimChanges = await reconcileClaims(context, tx, encounter.patientId, month, {
    event: voidEvents[reason],
    encounterId: encounter.id,
    ...(actor ? { providerId: actor.id } : {}),
  });
  return {
    encounterId: encounter.id,
    minutes: encounter.minutes,
    serviceDate: encounter.serviceDate,
    patient,
    summary: await summarizeMonth(context, tx, encounter.patientId, month),
    claimChanges,
  };
}

/**
 * Compares two message revisions written as decimal numbers, such as Slack's `1773000000.000100`.
 * Returns true when `incoming` is not newer than `applied`.
 */
export function isStaleRevision(incoming: string | undefined, applied: string | null): boolean {
  if (incoming === undefined || applied === null) return false;
  const [incomingWhole = "", incomingFraction = ""] = incoming.split(".");
  const [appliedWhole = "", appliedFraction = ""] = applied.split(".");
  if (incomingWhole.length !== appliedWhole.length)
    return incomingWhole.length < appliedWhole.length;
  if (incomingWhole !== appliedWhole) return incomingWhole < appliedWhole;
  const width = Math.max(incomingFraction.length, appliedFraction.length);
  return incomingFraction.padEnd(width, "0") <= appliedFraction.padEnd(width, "0");
}
