import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { type ClaimStatus, claims, type ProviderRole } from "../../db/schema/index.ts";
import { canChangeClaimState, type SettableClaimState } from "../billing/claim-states.ts";
import { laneOfCode } from "../billing/code-rules.ts";
import { expectedCents, feeFor } from "../billing/fee-schedule.ts";
import { localDateOf } from "../time/calendar.ts";
import { recordAudit } from "./audit.ts";
import { billingPatientTag, type ClaimPostPayload } from "./billing-posts.ts";
import { billingSettingsOf, type ServiceContext } from "./context.ts";
import { lockPatient } from "./log-encounter.ts";
import { providerLabel } from "./month-lock.ts";
import type { Provider } from "./providers.ts";

/** Roles that manage claims: billing staff, and admins, who may do anything. */
export const claimManagerRoles: readonly ProviderRole[] = ["billing", "admin"];

export function canManageClaims(provider: Provider): boolean {
  return provider.active && claimManagerRoles.includes(provider.role);
}

export type ClaimStatusResult =
  | {
      status: "changed";
      from: ClaimStatus;
      claim: ClaimPostPayload;
      changedBy: string;
      /** The practice-local date of the change, `YYYY-MM-DD`. */
      changedOn: string;
    }
  | { status: "not_allowed" }
  | { status: "not_found"; claimId: number }
  | { status: "invalid_transition"; claim: ClaimPostPayload; requested: SettableClaimState };

/**
 * Moves a claim through its lifecycle (pending, submitted, paid or rejected) for billing staff
 * and records who did it in the audit trail. The patient row is locked first, so the change and
 * a reconciliation of the same month run one after the other.
 */
export async function changeClaimStatus(
  context: ServiceContext,
  actor: Provider,
  claimId: number,
  to: SettableClaimState,
): Promise<ClaimStatusResult> {
  if (!canManageClaims(actor)) return { status: "not_allowed" };
  return context.db.transaction(async (tx): Promise<ClaimStatusResult> => {
    const [found] = await tx.select().from(claims).where(eq(claims.id, claimId));
    if (!found) return { status: "not_found", claimId };
    await lockPatient(tx, found.patientId);
    const [row] = await tx.select().from(claims).where(eq(claims.id, claimId));
    if (!row) return { status: "not_found", claimId };

    if (!canChangeClaimState(row.status, to)) {
      return {
        status: "invalid_transition",
        claim: await claimPayload(context, tx, row),
        requested: to,
      };
    }
    const [updated] = await tx
      .update(claims)
      .set({ status: to, updatedAt: sql`now()` })
      .where(eq(claims.id, claimId))
      .returning();
    await recordAudit(tx, {
      actorProviderId: actor.id,
      action: "claim.status_change",
      entity: "claim",
      entityId: claimId,
      details: { from: row.status, to, code: row.code, month: row.month },
    });
    return {
      status: "changed",
      from: row.status,
      claim: await claimPayload(context, tx, updated ?? { ...row, status: to }),
      changedBy: providerLabel(actor),
      changedOn: localDateOf(context.now(), context.timeZone),
    };
  });
}

/** Builds the payload of a claim's billing post from its row. */
export async function claimPayload(
  context: ServiceContext,
  executor: Executor,
  row: typeof claims.$inferSelect,
): Promise<ClaimPostPayload> {
  const patient = (await billingPatientTag(executor, row.patientId)) ?? { initials: "", mrn: "" };
  const { feeSchedule } = billingSettingsOf(context);
  const year = Number(row.month.slice(0, 4));
  return {
    ...patient,
    claimId: row.id,
    code: row.code,
    units: row.units,
    month: row.month,
    totalMinutes: row.totalMinutes,
    status: row.status,
    lane: laneOfCode(row.code) ?? "staff",
    expectedCents: expectedCents(feeSchedule, row.code, year, row.units) ?? null,
    feeEstimate: feeFor(feeSchedule, row.code, year)?.estimate ?? false,
  };
}
