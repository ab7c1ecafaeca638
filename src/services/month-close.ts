import { eq, sql } from "drizzle-orm";
import { type ClaimStatus, claims, closedMonths } from "../../db/schema/index.ts";
import { isValidMonth, localDateOf, monthBounds } from "../time/calendar.ts";
import { recordAudit } from "./audit.ts";
import { canManageClaims } from "./claim-status.ts";
import type { ServiceContext } from "./context.ts";
import type { Provider } from "./providers.ts";

export type CloseMonthResult =
  | { status: "closed"; month: string; claimCounts: Partial<Record<ClaimStatus, number>> }
  | { status: "already_closed"; month: string; closedAt: Date }
  | { status: "not_allowed" }
  | { status: "invalid_month"; text: string }
  | { status: "month_not_over"; month: string };

export type ReopenMonthResult =
  | { status: "reopened"; month: string }
  | { status: "not_closed"; month: string }
  | { status: "not_allowed" }
  | { status: "invalid_month"; text: string };

/**
 * Closes a billing month (`YYYY-MM`) for billing staff: from then on, logs dated in it, undos and
 * edits are refused. Only a month that has ended in the practice time zone can be closed, so a
 * close never cuts off time still being logged. Audited.
 */
export async function closeMonth(
  context: ServiceContext,
  actor: Provider,
  month: string,
): Promise<CloseMonthResult> {
  if (!canManageClaims(actor)) return { status: "not_allowed" };
  if (!isValidMonth(month)) return { status: "invalid_month", text: month };
  const today = localDateOf(context.now(), context.timeZone);
  if (today < monthBounds(month).next) return { status: "month_not_over", month };

  return context.db.transaction(async (tx): Promise<CloseMonthResult> => {
    const [inserted] = await tx
      .insert(closedMonths)
      .values({ month, closedByProviderId: actor.id })
      .onConflictDoNothing({ target: closedMonths.month })
      .returning();
    if (!inserted) {
      const [existing] = await tx.select().from(closedMonths).where(eq(closedMonths.month, month));
      return { status: "already_closed", month, closedAt: existing?.closedAt ?? context.now() };
    }
    await recordAudit(tx, {
      actorProviderId: actor.id,
      action: "month.close",
      entity: "month",
      entityId: month,
      details: {},
    });
    const counts = await tx
      .select({ status: claims.status, count: sql<number>`count(*)::int`.mapWith(Number) })
      .from(claims)
      .where(eq(claims.month, month))
      .groupBy(claims.status);
    return {
      status: "closed",
      month,
      claimCounts: Object.fromEntries(counts.map((row) => [row.status, row.count])),
    };
  });
}

/** Opens a closed month again, for a correction billing staff decided on. Audited. */
export async function reopenMonth(
  context: ServiceContext,
  actor: Provider,
  month: string,
): Promise<ReopenMonthResult> {
  if (!canManageClaims(actor)) return { status: "not_allowed" };
  if (!isValidMonth(month)) return { status: "invalid_month", text: month };
  return context.db.transaction(async (tx): Promise<ReopenMonthResult> => {
    const removed = await tx
      .delete(closedMonths)
      .where(eq(closedMonths.month, month))
      .returning({ month: closedMonths.month });
    if (removed.length === 0) return { status: "not_closed", month };
    await recordAudit(tx, {
      actorProviderId: actor.id,
      action: "month.reopen",
      entity: "month",
      entityId: month,
      details: {},
    });
    return { status: "reopened", month };
  });
}
