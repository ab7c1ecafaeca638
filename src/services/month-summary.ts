import { and, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { claims, encounters } from "../../db/schema/index.ts";
import { evaluateMonth, type MonthEvaluation } from "../billing/earned-claims.ts";
import { daysLeftInMonth, localDateOf, monthBounds, monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";

export interface ClaimSummary {
  id: number;
  code: string;
  units: number;
  status: string;
}

/** A patient's calendar month: minutes, codes earned, the next milestone and claims on file. */
export interface MonthSummary {
  month: string;
  totalMinutes: number;
  evaluation: MonthEvaluation;
  claims: ClaimSummary[];
  /** Days left in the month counting today, or undefined when the month is not the current one. */
  daysLeft?: number;
}

/** Sum of a patient's active (not undone) minutes with service dates in `month` (`YYYY-MM`). */
export async function monthTotalMinutes(
  executor: Executor,
  patientId: number,
  month: string,
): Promise<number> {
  const { first, next } = monthBounds(month);
  const [row] = await executor
    .select({ total: sql<number>`coalesce(sum(${encounters.minutes}), 0)::int`.mapWith(Number) })
    .from(encounters)
    .where(
      and(
        eq(encounters.patientId, patientId),
        gte(encounters.serviceDate, first),
        lt(encounters.serviceDate, next),
        isNull(encounters.voidedAt),
      ),
    );
  return row?.total ?? 0;
}

export async function summarizeMonth(
  context: ServiceContext,
  executor: Executor,
  patientId: number,
  month: string,
): Promise<MonthSummary> {
  const totalMinutes = await monthTotalMinutes(executor, patientId, month);
  const claimRows = await executor
    .select({ id: claims.id, code: claims.code, units: claims.units, status: claims.status })
    .from(claims)
    .where(and(eq(claims.patientId, patientId), eq(claims.month, month)))
    .orderBy(claims.code);
  const today = localDateOf(context.now(), context.timeZone);
  return {
    month,
    totalMinutes,
    evaluation: evaluateMonth(month, totalMinutes),
    claims: claimRows,
    daysLeft: monthOf(today) === month ? daysLeftInMonth(today) : undefined,
  };
}

/** Returns the practice's current billing month, `YYYY-MM`. */
export function currentMonth(context: ServiceContext): string {
  return monthOf(localDateOf(context.now(), context.timeZone));
}
