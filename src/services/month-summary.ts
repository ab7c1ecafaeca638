import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { encounters } from "../../db/schema/index.ts";
import { evaluateMonth, type MonthEvaluation } from "../billing/earned-claims.ts";
import { daysLeftInMonth, localDateOf, monthOf } from "../time/calendar.ts";
import { billingSettingsOf, type ServiceContext } from "./context.ts";
import { activeInMonth } from "./encounter-source.ts";
import { loadMonthFacts } from "./month-facts.ts";

export interface ClaimSummary {
  id: number;
  code: string;
  units: number;
  status: string;
}

/** A patient's calendar month: minutes, codes earned, the next milestone and claims on file. */
export interface MonthSummary {
  month: string;
  /** Every active minute logged in the month; `evaluation.totalMinutes` is what the lane counts. */
  totalMinutes: number;
  complex: boolean;
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
  const [row] = await executor
    .select({ total: sql<number>`coalesce(sum(${encounters.minutes}), 0)::int`.mapWith(Number) })
    .from(encounters)
    .where(and(eq(encounters.patientId, patientId), activeInMonth(month)));
  return row?.total ?? 0;
}

export async function summarizeMonth(
  context: ServiceContext,
  executor: Executor,
  patientId: number,
  month: string,
): Promise<MonthSummary> {
  const totalMinutes = await monthTotalMinutes(executor, patientId, month);
  const { facts, claims } = await loadMonthFacts(executor, patientId, month);
  const today = localDateOf(context.now(), context.timeZone);
  return {
    month,
    totalMinutes,
    complex: facts.complex,
    evaluation: evaluateMonth(facts, billingSettingsOf(context)),
    claims: claims
      .map((claim) => ({
        id: claim.id,
        code: claim.code,
        units: claim.units,
        status: claim.status,
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    daysLeft: monthOf(today) === month ? daysLeftInMonth(today) : undefined,
  };
}

/** Returns the practice's current billing month, `YYYY-MM`. */
export function currentMonth(context: ServiceContext): string {
  return monthOf(localDateOf(context.now(), context.timeZone));
}
