import { and, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { claims, encounters } from "../../db/schema/index.ts";
import { activeInMonth } from "./encounter-source.ts";

/** Claims of one code in a month: how many claims and how many units they bill. */
export interface CodeClaims {
  code: string;
  claims: number;
  units: number;
}

/** The whole practice's month so far: claims not voided, minutes logged and patients with time. */
export interface PracticeMonth {
  claims: CodeClaims[];
  minutes: number;
  patientsWithMinutes: number;
}

/** Adds up a month (`YYYY-MM`) in two aggregate queries, whatever the number of patients. */
export async function summarizePracticeMonth(
  executor: Executor,
  month: string,
): Promise<PracticeMonth> {
  const claimRows = await executor
    .select({
      code: claims.code,
      claims: sql<number>`count(*)::int`.mapWith(Number),
      units: sql<number>`coalesce(sum(${claims.units}), 0)::int`.mapWith(Number),
    })
    .from(claims)
    .where(and(eq(claims.month, month), ne(claims.status, "void")))
    .groupBy(claims.code)
    .orderBy(claims.code);

  const [minutesRow] = await executor
    .select({
      minutes: sql<number>`coalesce(sum(${encounters.minutes}), 0)::int`.mapWith(Number),
      patients: sql<number>`count(distinct ${encounters.patientId})::int`.mapWith(Number),
    })
    .from(encounters)
    .where(activeInMonth(month));

  return {
    claims: claimRows,
    minutes: minutesRow?.minutes ?? 0,
    patientsWithMinutes: minutesRow?.patients ?? 0,
  };
}
