import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { claims, patients } from "../../db/schema/index.ts";
import { evaluateMonth } from "../billing/earned-claims.ts";
import type { ServiceContext } from "./context.ts";
import { monthTotalMinutes } from "./month-summary.ts";
import { enqueuePost, type OutboxEntry } from "./outbox-queue.ts";
import { initialsOf } from "./patient-label.ts";

/** Change that reconciling a patient-month made to one claim. */
export interface ClaimChange {
  claimId: number;
  code: string;
  units: number;
  change: "earned" | "voided" | "units_changed";
}

type ClaimRow = typeof claims.$inferSelect;

/**
 * Brings a patient-month's claims in line with its encounters: creates codes newly earned, voids
 * pending ones no longer earned and queues a billing post for each change. It runs inside the
 * caller's transaction after the caller locked the patient row, so two logs cannot both create a
 * claim. The unique (patient, month, code) constraint guards the same thing in the database.
 */
export async function reconcileClaims(
  context: ServiceContext,
  tx: Transaction,
  patientId: number,
  month: string,
): Promise<ClaimChange[]> {
  const totalMinutes = await monthTotalMinutes(tx, patientId, month);
  const { earned } = evaluateMonth(month, totalMinutes);
  const existing = await tx
    .select()
    .from(claims)
    .where(and(eq(claims.patientId, patientId), eq(claims.month, month)));
  const changes: ClaimChange[] = [];

  for (const claim of earned) {
    const row = existing.find((candidate) => candidate.code === claim.code);
    const change = row
      ? await updateClaim(tx, row, claim.units, totalMinutes)
      : await insertClaim(tx, patientId, month, claim.code, claim.units, totalMinutes);
    if (change) changes.push(change);
  }

  for (const row of existing) {
    const stillEarned = earned.some((claim) => claim.code === row.code);
    if (!stillEarned && row.status === "pending") {
      changes.push(await voidClaim(tx, row, totalMinutes));
    }
  }

  await queueBillingPosts(context, tx, patientId, month, totalMinutes, changes);
  return changes;
}

async function insertClaim(
  tx: Transaction,
  patientId: number,
  month: string,
  code: string,
  units: number,
  totalMinutes: number,
): Promise<ClaimChange | undefined> {
  const [row] = await tx
    .insert(claims)
    .values({ patientId, month, code, units, totalMinutes })
    .onConflictDoNothing({ target: [claims.patientId, claims.month, claims.code] })
    .returning({ id: claims.id });
  return row ? { claimId: row.id, code, units, change: "earned" } : undefined;
}

async function updateClaim(
  tx: Transaction,
  row: ClaimRow,
  units: number,
  totalMinutes: number,
): Promise<ClaimChange | undefined> {
  const revived = row.status === "void";
  const unitsChanged = row.units !== units;
  await tx
    .update(claims)
    .set({
      units,
      totalMinutes,
      status: revived ? "pending" : row.status,
      updatedAt: sql`now()`,
    })
    .where(eq(claims.id, row.id));
  if (revived) return { claimId: row.id, code: row.code, units, change: "earned" };
  if (unitsChanged) return { claimId: row.id, code: row.code, units, change: "units_changed" };
  return undefined;
}

async function voidClaim(
  tx: Transaction,
  row: ClaimRow,
  totalMinutes: number,
): Promise<ClaimChange> {
  await tx
    .update(claims)
    .set({ status: "void", totalMinutes, updatedAt: sql`now()` })
    .where(eq(claims.id, row.id));
  return { claimId: row.id, code: row.code, units: row.units, change: "voided" };
}

const outboxKinds: Record<ClaimChange["change"], OutboxEntry["kind"]> = {
  earned: "claim_earned",
  voided: "claim_voided",
  units_changed: "claim_units_changed",
};

/** Billing posts carry initials, MRN, month, code and total only: no name, no note. */
async function queueBillingPosts(
  context: ServiceContext,
  tx: Transaction,
  patientId: number,
  month: string,
  totalMinutes: number,
  changes: ClaimChange[],
): Promise<void> {
  const channel = context.billingChannel;
  if (!channel || changes.length === 0) return;
  const [patient] = await tx
    .select({ name: patients.name, mrn: patients.mrn })
    .from(patients)
    .where(eq(patients.id, patientId));
  if (!patient) return;
  for (const change of changes) {
    await enqueuePost(tx, {
      kind: outboxKinds[change.change],
      channel,
      claimId: change.claimId,
      payload: {
        code: change.code,
        units: change.units,
        month,
        totalMinutes,
        initials: initialsOf(patient.name),
        mrn: patient.mrn,
      },
    });
  }
}
