import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { claims, complexMonths, encounters } from "../../db/schema/index.ts";
import { laneOfCode, laneRules } from "../billing/code-rules.ts";
import type { BillableEncounter, MonthFacts, Program } from "../billing/earned-claims.ts";
import { activeInMonth } from "./encounter-source.ts";
import { coversDate, enrollmentsOf } from "./enrollment-status.ts";

export type ClaimRow = typeof claims.$inferSelect;

/** Claim states whose claim is in the payer's hands or settled, so its entries are locked. */
export const lockedClaimStatuses: readonly ClaimRow["status"][] = ["submitted", "paid"];

/** A patient-month's facts for the billing rules, with the claims on file. */
export interface LoadedMonth {
  facts: MonthFacts;
  claims: ClaimRow[];
}

/** Reads what the billing rules need about one patient-month (`YYYY-MM`). */
export async function loadMonthFacts(
  executor: Executor,
  patientId: number,
  month: string,
): Promise<LoadedMonth> {
  const [rows, periods, complexRows, claimRows] = [
    await activeEncounters(executor, patientId, month),
    await enrollmentsOf(executor, patientId),
    await executor
      .select({ month: complexMonths.month })
      .from(complexMonths)
      .where(and(eq(complexMonths.patientId, patientId), eq(complexMonths.month, month))),
    await executor
      .select()
      .from(claims)
      .where(and(eq(claims.patientId, patientId), eq(claims.month, month)))
      .orderBy(asc(claims.createdAt), asc(claims.id)),
  ];

  const programOn = (date: string): Program =>
    periods.find((period) => coversDate(period, date))?.program ?? periods[0]?.program ?? "ccm";
  const billable: BillableEncounter[] = rows.map((row) => ({
    id: row.id,
    providerId: row.providerId,
    role: row.providerRole,
    minutes: row.minutes,
    serviceDate: row.serviceDate,
    program: programOn(row.serviceDate),
  }));

  return {
    facts: {
      month,
      encounters: billable,
      enrolledProgram: periods[0]?.program ?? "ccm",
      complex: complexRows.length > 0,
      claimPractitioners: claimPractitioners(claimRows),
      lockedCodes: claimRows
        .filter((claim) => lockedClaimStatuses.includes(claim.status))
        .map((claim) => claim.code),
    },
    claims: claimRows,
  };
}

async function activeEncounters(executor: Executor, patientId: number, month: string) {
  return executor
    .select({
      id: encounters.id,
      providerId: encounters.providerId,
      providerRole: encounters.providerRole,
      minutes: encounters.minutes,
      serviceDate: encounters.serviceDate,
    })
    .from(encounters)
    .where(and(eq(encounters.patientId, patientId), activeInMonth(month)))
    .orderBy(asc(encounters.createdAt), asc(encounters.id));
}

/** The practitioner of each program's earliest live claim that names one. */
function claimPractitioners(rows: ClaimRow[]): Partial<Record<Program, number>> {
  const result: Partial<Record<Program, number>> = {};
  for (const row of rows) {
    const lane = laneOfCode(row.code);
    if (row.status === "void" || row.practitionerId === null || !lane) continue;
    const program = laneRules[lane].program;
    result[program] ??= row.practitionerId;
  }
  return result;
}
