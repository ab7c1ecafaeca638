import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { type ClaimStatus, claims, closedMonths } from "../../db/schema/index.ts";
import { billingPatientTag, queueBillingNote } from "./billing-posts.ts";
import type { ServiceContext } from "./context.ts";
import { lockedClaimStatuses } from "./month-facts.ts";
import type { Provider } from "./providers.ts";

/** The lock on a patient-month's entries, or `ok` when they may change. */
export type MonthLock =
  | { ok: true }
  | { ok: false; code: "month_closed"; month: string; closedAt: Date }
  | {
      ok: false;
      code: "claim_submitted";
      month: string;
      claims: { code: string; status: ClaimStatus }[];
    };

export type LockedMonth = Exclude<MonthLock, { ok: true }>;

/** Returns the close record of `month` (`YYYY-MM`), or undefined while it is open. */
export async function findClosedMonth(executor: Executor, month: string) {
  const [row] = await executor.select().from(closedMonths).where(eq(closedMonths.month, month));
  return row;
}

/**
 * Checks that a patient-month's existing entries may still change: the month is not closed and
 * none of its claims is submitted or paid. Call it inside the change's transaction, after locking
 * the patient row, before undoing, editing or deleting an encounter dated in `month`.
 */
export async function checkMonthUnlocked(
  executor: Executor,
  patientId: number,
  month: string,
): Promise<MonthLock> {
  const closed = await findClosedMonth(executor, month);
  if (closed) return { ok: false, code: "month_closed", month, closedAt: closed.closedAt };

  const locked = await executor
    .select({ code: claims.code, status: claims.status })
    .from(claims)
    .where(
      and(
        eq(claims.patientId, patientId),
        eq(claims.month, month),
        inArray(claims.status, [...lockedClaimStatuses]),
      ),
    )
    .orderBy(claims.code);
  if (locked.length > 0) return { ok: false, code: "claim_submitted", month, claims: locked };
  return { ok: true };
}

/**
 * Tells billing staff that a change to a locked patient-month was refused, so a correction can be
 * filed by hand. Queued in the caller's transaction.
 */
export async function noteRejectedChange(
  context: ServiceContext,
  executor: Executor,
  fields: {
    patientId: number;
    lock: LockedMonth;
    action: "undo" | "edit" | "delete";
    /** Who asked for the change; Slack does not say who deleted a message. */
    actor?: Provider;
  },
): Promise<void> {
  const patient = await billingPatientTag(executor, fields.patientId);
  if (!patient) return;
  await queueBillingNote(context, executor, {
    ...patient,
    month: fields.lock.month,
    note: "locked_change_refused",
    action: fields.action,
    lock: fields.lock.code,
    claims:
      fields.lock.code === "claim_submitted"
        ? fields.lock.claims.map((claim) => `${claim.code} (${claim.status})`)
        : [],
    requestedBy: fields.actor ? providerLabel(fields.actor) : "unknown (message deleted)",
  });
}

/** Returns a provider's display name for billing posts, else their platform id. */
export function providerLabel(
  provider: Pick<Provider, "displayName" | "platform" | "platformUserId">,
) {
  return provider.displayName ?? `${provider.platform}:${provider.platformUserId}`;
}
