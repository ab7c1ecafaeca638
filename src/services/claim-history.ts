import type { Executor } from "../../db/client.ts";
import { recordAudit } from "./audit.ts";
import type { VoidReason } from "./billing-posts.ts";

/**
 * The change that made a patient-month's claims be re-evaluated. Each claim the reconciliation
 * creates, re-units, voids or revives gets an audit row naming it.
 */
export interface ReconcileCause {
  /** The audit action of the change, such as `encounter.log` or `month.mark_complex`. */
  event: string;
  /** The encounter logged, undone, edited or deleted, when one caused the change. */
  encounterId?: number;
  /** The provider who made the change. Absent when the platform does not identify them, as for deletions. */
  providerId?: number;
}

/** One claim state change made by reconciling a month. */
export interface ClaimHistoryEntry {
  claimId: number;
  code: string;
  month: string;
  action: "claim.create" | "claim.units_change" | "claim.void" | "claim.revive";
  /** Units before the change; absent for a new claim. */
  fromUnits?: number;
  units: number;
  /** Minutes the claim's lane counts after the change. */
  laneMinutes: number;
  reason?: VoidReason;
}

/**
 * Appends the audit row of a claim change in the caller's transaction, so the claim and its
 * history commit together.
 */
export async function recordClaimHistory(
  executor: Executor,
  entry: ClaimHistoryEntry,
  cause: ReconcileCause,
): Promise<void> {
  await recordAudit(executor, {
    actorProviderId: cause.providerId,
    action: entry.action,
    entity: "claim",
    entityId: entry.claimId,
    details: {
      code: entry.code,
      month: entry.month,
      ...(entry.fromUnits === undefined ? {} : { fromUnits: entry.fromUnits }),
      units: entry.units,
      laneMinutes: entry.laneMinutes,
      ...(entry.reason ? { reason: entry.reason } : {}),
      cause: cause.event,
      ...(cause.encounterId === undefined ? {} : { encounterId: cause.encounterId }),
    },
  });
}
