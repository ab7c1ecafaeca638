import { eq, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { type ClaimStatus, claims } from "../../db/schema/index.ts";
import { laneOfCode } from "../billing/code-rules.ts";
import { type EarnedClaim, evaluateMonth, type MonthEvaluation } from "../billing/earned-claims.ts";
import { expectedCents, feeFor } from "../billing/fee-schedule.ts";
import {
  type BillingPatientTag,
  billingPatientTag,
  type ClaimPostPayload,
  queueBillingNote,
  queueClaimPost,
  type VoidReason,
} from "./billing-posts.ts";
import { billingSettingsOf, type ServiceContext } from "./context.ts";
import { type ClaimRow, loadMonthFacts, lockedClaimStatuses } from "./month-facts.ts";

/** Change that reconciling a patient-month made to one claim. */
export interface ClaimChange {
  claimId: number;
  code: string;
  units: number;
  change: "earned" | "voided" | "units_changed";
  /** The claim's state after the change. */
  status: ClaimStatus;
  reason?: VoidReason;
}

export interface MonthReconciliation {
  changes: ClaimChange[];
  evaluation: MonthEvaluation;
}

/**
 * Brings a patient-month's claims in line with its encounters and queues a billing post for each
 * change. It runs inside the caller's transaction after the caller locked the patient row, so two
 * logs cannot both create a claim. The unique (patient, month, code) constraint guards the same
 * thing in the database. Pending and rejected claims follow the data: created, revived,
 * re-unitted or voided. Submitted and paid claims are never changed here; when the data no longer
 * matches one, billing staff get a note instead.
 */
export async function reconcileMonth(
  context: ServiceContext,
  tx: Transaction,
  patientId: number,
  month: string,
): Promise<MonthReconciliation> {
  const settings = billingSettingsOf(context);
  const { facts, claims: existing } = await loadMonthFacts(tx, patientId, month);
  const evaluation = evaluateMonth(facts, settings);
  const patient = await billingPatientTag(tx, patientId);
  const post = new ClaimPoster(context, tx, evaluation, patient);
  const changes: ClaimChange[] = [];

  for (const claim of evaluation.earned) {
    const row = existing.find((candidate) => candidate.code === claim.code);
    const change = row
      ? await updateClaim(tx, row, claim, laneMinutes(evaluation, claim), post)
      : await insertClaim(tx, patientId, month, claim, laneMinutes(evaluation, claim));
    if (change) changes.push(change);
  }

  for (const row of existing) {
    const stillEarned = evaluation.earned.some((claim) => claim.code === row.code);
    if (stillEarned || row.status === "void") continue;
    if (lockedClaimStatuses.includes(row.status)) {
      await post.lockedDiffers(row, 0);
      continue;
    }
    changes.push(await voidClaim(tx, row, evaluation));
  }

  for (const change of changes) await post.change(change);
  return { changes, evaluation };
}

/** {@link reconcileMonth} for callers that need only the claim changes. */
export async function reconcileClaims(
  context: ServiceContext,
  tx: Transaction,
  patientId: number,
  month: string,
): Promise<ClaimChange[]> {
  return (await reconcileMonth(context, tx, patientId, month)).changes;
}

function laneMinutes(evaluation: MonthEvaluation, claim: EarnedClaim): number {
  return evaluation.billed.find((billing) => billing.lane === claim.lane)?.minutes ?? 0;
}

async function insertClaim(
  tx: Transaction,
  patientId: number,
  month: string,
  claim: EarnedClaim,
  totalMinutes: number,
): Promise<ClaimChange | undefined> {
  const [row] = await tx
    .insert(claims)
    .values({
      patientId,
      month,
      code: claim.code,
      units: claim.units,
      totalMinutes,
      practitionerId: claim.practitionerId ?? null,
    })
    .onConflictDoNothing({ target: [claims.patientId, claims.month, claims.code] })
    .returning({ id: claims.id });
  return row
    ? { claimId: row.id, code: claim.code, units: claim.units, change: "earned", status: "pending" }
    : undefined;
}

async function updateClaim(
  tx: Transaction,
  row: ClaimRow,
  claim: EarnedClaim,
  totalMinutes: number,
  post: ClaimPoster,
): Promise<ClaimChange | undefined> {
  if (lockedClaimStatuses.includes(row.status)) {
    if (row.units !== claim.units) await post.lockedDiffers(row, claim.units);
    return undefined;
  }
  const revived = row.status === "void";
  await tx
    .update(claims)
    .set({
      units: claim.units,
      totalMinutes,
      practitionerId: claim.practitionerId ?? null,
      status: revived ? "pending" : row.status,
      updatedAt: sql`now()`,
    })
    .where(eq(claims.id, row.id));
  const base = { claimId: row.id, code: row.code, units: claim.units };
  if (revived) return { ...base, change: "earned", status: "pending" };
  if (row.units !== claim.units) return { ...base, change: "units_changed", status: row.status };
  return undefined;
}

async function voidClaim(
  tx: Transaction,
  row: ClaimRow,
  evaluation: MonthEvaluation,
): Promise<ClaimChange> {
  const lane = laneOfCode(row.code);
  const reason: VoidReason = evaluation.billed.some((billing) => billing.lane === lane)
    ? "below_threshold"
    : "lane_changed";
  await tx
    .update(claims)
    .set({ status: "void", updatedAt: sql`now()` })
    .where(eq(claims.id, row.id));
  return {
    claimId: row.id,
    code: row.code,
    units: row.units,
    change: "voided",
    status: "void",
    reason,
  };
}

const postKinds = {
  earned: "claim_earned",
  voided: "claim_voided",
  units_changed: "claim_units_changed",
} as const;

/** Builds and queues the billing posts of one reconciliation. */
class ClaimPoster {
  constructor(
    private readonly context: ServiceContext,
    private readonly tx: Transaction,
    private readonly evaluation: MonthEvaluation,
    private readonly patient: BillingPatientTag | undefined,
  ) {}

  async change(change: ClaimChange): Promise<void> {
    if (!this.patient) return;
    const lane = laneOfCode(change.code) ?? "staff";
    const billed = this.evaluation.billed.find((billing) => billing.lane === lane);
    const payload: ClaimPostPayload = {
      ...this.patient,
      ...this.expected(change.code, change.units),
      claimId: change.claimId,
      code: change.code,
      units: change.units,
      month: this.evaluation.month,
      totalMinutes: billed?.minutes ?? this.evaluation.totalMinutes,
      status: change.status,
      lane,
      ...(change.reason ? { reason: change.reason } : {}),
    };
    await queueClaimPost(this.context, this.tx, postKinds[change.change], payload);
  }

  /** A submitted or paid claim that the month's minutes no longer support as filed. */
  async lockedDiffers(row: ClaimRow, earnedUnits: number): Promise<void> {
    if (!this.patient) return;
    await queueBillingNote(this.context, this.tx, {
      ...this.patient,
      month: this.evaluation.month,
      note: "locked_claim_differs",
      code: row.code,
      status: row.status,
      claimUnits: row.units,
      earnedUnits,
    });
  }

  private expected(code: string, units: number) {
    const { feeSchedule } = billingSettingsOf(this.context);
    const year = Number(this.evaluation.month.slice(0, 4));
    const amount = expectedCents(feeSchedule, code, year, units);
    return {
      expectedCents: amount ?? null,
      feeEstimate: feeFor(feeSchedule, code, year)?.estimate ?? false,
    };
  }
}
