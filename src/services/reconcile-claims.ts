import { eq, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { type ClaimStatus, claims } from "../../db/schema/index.ts";
import { type Lane, laneOfCode, laneRules } from "../billing/code-rules.ts";
import { type EarnedClaim, evaluateMonth, type MonthEvaluation } from "../billing/earned-claims.ts";
import { expectedCents, feeFor } from "../billing/fee-schedule.ts";
import { minutesForUnits } from "../billing/lane-evaluation.ts";
import {
  type BillingPatientTag,
  billingPatientTag,
  type ClaimPostPayload,
  queueBillingNote,
  queueClaimPost,
  type VoidReason,
} from "./billing-posts.ts";
import {
  type ClaimHistoryEntry,
  type ReconcileCause,
  recordClaimHistory,
} from "./claim-history.ts";
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
 * re-unitted or voided, each change with an audit row naming `cause`. Submitted and paid claims
 * are never changed here; when the data no longer matches one, billing staff get a note instead.
 */
export async function reconcileMonth(
  context: ServiceContext,
  tx: Transaction,
  patientId: number,
  month: string,
  cause: ReconcileCause,
): Promise<MonthReconciliation> {
  const settings = billingSettingsOf(context);
  const { facts, claims: existing } = await loadMonthFacts(tx, patientId, month);
  const evaluation = evaluateMonth(facts, settings);
  const patient = await billingPatientTag(tx, patientId);
  const post = new ClaimPoster(context, tx, evaluation, patient);
  const writer = new ClaimWriter(tx, evaluation, cause);
  const changes: ClaimChange[] = [];

  for (const claim of evaluation.earned) {
    const row = existing.find((candidate) => candidate.code === claim.code);
    const change = row
      ? await writer.update(row, claim, post)
      : await writer.insert(patientId, claim);
    if (change) changes.push(change);
  }

  for (const row of existing) {
    const stillEarned = evaluation.earned.some((claim) => claim.code === row.code);
    if (stillEarned || row.status === "void") continue;
    if (lockedClaimStatuses.includes(row.status)) {
      await post.lockedDiffers(row, 0);
      continue;
    }
    changes.push(await writer.void(row));
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
  cause: ReconcileCause,
): Promise<ClaimChange[]> {
  return (await reconcileMonth(context, tx, patientId, month, cause)).changes;
}

/** Writes claim rows for one reconciliation, each change with its audit row. */
class ClaimWriter {
  constructor(
    private readonly tx: Transaction,
    private readonly evaluation: MonthEvaluation,
    private readonly cause: ReconcileCause,
  ) {}

  async insert(patientId: number, claim: EarnedClaim): Promise<ClaimChange | undefined> {
    const { month } = this.evaluation;
    const totalMinutes = minutesInLane(this.evaluation, claim.lane);
    const [row] = await this.tx
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
    if (!row) return undefined;
    await this.history({ claimId: row.id, code: claim.code, action: "claim.create" }, claim.units);
    return {
      claimId: row.id,
      code: claim.code,
      units: claim.units,
      change: "earned",
      status: "pending",
    };
  }

  async update(
    row: ClaimRow,
    claim: EarnedClaim,
    post: ClaimPoster,
  ): Promise<ClaimChange | undefined> {
    if (lockedClaimStatuses.includes(row.status)) {
      if (row.units !== claim.units) await post.lockedDiffers(row, claim.units);
      return undefined;
    }
    const revived = row.status === "void";
    await this.tx
      .update(claims)
      .set({
        units: claim.units,
        totalMinutes: minutesInLane(this.evaluation, claim.lane),
        practitionerId: claim.practitionerId ?? null,
        status: revived ? "pending" : row.status,
        updatedAt: sql`now()`,
      })
      .where(eq(claims.id, row.id));

    const base = { claimId: row.id, code: row.code, units: claim.units };
    if (revived) {
      await this.history({ ...base, action: "claim.revive", fromUnits: row.units }, claim.units);
      return { ...base, change: "earned", status: "pending" };
    }
    if (row.units !== claim.units) {
      await this.history(
        { ...base, action: "claim.units_change", fromUnits: row.units },
        claim.units,
      );
      return { ...base, change: "units_changed", status: row.status };
    }
    return undefined;
  }

  async void(row: ClaimRow): Promise<ClaimChange> {
    const reason = voidReasonOf(this.evaluation, row.code);
    await this.tx
      .update(claims)
      .set({ status: "void", updatedAt: sql`now()` })
      .where(eq(claims.id, row.id));
    await this.history(
      { claimId: row.id, code: row.code, action: "claim.void", fromUnits: row.units, reason },
      row.units,
    );
    return {
      claimId: row.id,
      code: row.code,
      units: row.units,
      change: "voided",
      status: "void",
      reason,
    };
  }

  private async history(
    entry: Pick<ClaimHistoryEntry, "claimId" | "code" | "action" | "fromUnits" | "reason">,
    units: number,
  ): Promise<void> {
    const laneMinutes = minutesInLane(this.evaluation, laneOfCode(entry.code) ?? "staff");
    await recordClaimHistory(
      this.tx,
      { ...entry, month: this.evaluation.month, units, laneMinutes },
      this.cause,
    );
  }
}

/**
 * Returns the minutes `lane` counts in the month, whether or not that lane is billed: its
 * program's minutes of everyone, or of the billing practitioner alone. Zero when the program has
 * no encounters.
 */
function minutesInLane(evaluation: MonthEvaluation, lane: Lane): number {
  const rule = laneRules[lane];
  const program = evaluation.allPrograms.find((candidate) => candidate.program === rule.program);
  return program?.minutesByTime[rule.time] ?? 0;
}

/**
 * Chooses why a claim that is no longer earned is voided. It is `lane_changed` only when another lane now
 * earns the minutes, because the same minutes never count twice: another lane of the claim's
 * program, or another program that won the month over it. Otherwise the minutes left fall short
 * of the claim's threshold, which includes a month with no minutes left.
 */
function voidReasonOf(evaluation: MonthEvaluation, code: string): VoidReason {
  const lane = laneOfCode(code) ?? "staff";
  const program = laneRules[lane].program;
  const ownBilling = evaluation.billed.find((billing) => billing.program === program);
  if (ownBilling) {
    return ownBilling.lane !== lane && ownBilling.earned.length > 0
      ? "lane_changed"
      : "below_threshold";
  }
  const hasMinutes = evaluation.allPrograms.some((billing) => billing.program === program);
  return hasMinutes && evaluation.earned.length > 0 ? "lane_changed" : "below_threshold";
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
    const payload: ClaimPostPayload = {
      ...this.patient,
      ...this.expected(change.code, change.units),
      claimId: change.claimId,
      code: change.code,
      units: change.units,
      month: this.evaluation.month,
      totalMinutes: minutesInLane(this.evaluation, lane),
      status: change.status,
      lane,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.reason === "below_threshold" ? this.threshold(lane, change.code) : {}),
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

  /** Returns the lane minutes at which the code's first unit is earned, for a below-threshold void. */
  private threshold(lane: Lane, code: string): { thresholdMinutes?: number } {
    const year = Number(this.evaluation.month.slice(0, 4));
    const minutes = minutesForUnits(lane, year, code, 1);
    return minutes === undefined ? {} : { thresholdMinutes: minutes };
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
