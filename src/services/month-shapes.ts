import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { complexMonths, enrollments } from "../../db/schema/index.ts";
import type { StaffMinutesShape } from "../billing/staff-minutes.ts";

/**
 * Reads what `evaluateStaffMinutes` needs besides the minutes for many patients: each patient's
 * program, from their latest enrollment as the billing rules take it when a month has no
 * encounters, and whether `month` (`YYYY-MM`) is marked complex. It runs two queries per batch
 * of `patientsPerQuery` patients.
 */
export async function loadMonthShapes(
  executor: Executor,
  patientIds: readonly number[],
  month: string,
): Promise<Map<number, StaffMinutesShape>> {
  const shapes = new Map<number, StaffMinutesShape>();
  for (let start = 0; start < patientIds.length; start += patientsPerQuery) {
    const batch = patientIds.slice(start, start + patientsPerQuery);
    await loadBatch(executor, batch, month, shapes);
  }
  return shapes;
}

/**
 * Patients per query. Each id is one bind parameter, and PostgreSQL's protocol allows at most
 * 65,535 in one statement, which a large practice's digest can pass.
 */
export const patientsPerQuery = 10_000;

async function loadBatch(
  executor: Executor,
  patientIds: number[],
  month: string,
  shapes: Map<number, StaffMinutesShape>,
): Promise<void> {
  const periods = await executor
    .select({ patientId: enrollments.patientId, program: enrollments.program })
    .from(enrollments)
    .where(inArray(enrollments.patientId, patientIds))
    .orderBy(desc(enrollments.startsOn), desc(enrollments.id));
  for (const period of periods) {
    if (!shapes.has(period.patientId)) shapes.set(period.patientId, { program: period.program });
  }

  const complex = await executor
    .select({ patientId: complexMonths.patientId })
    .from(complexMonths)
    .where(and(inArray(complexMonths.patientId, patientIds), eq(complexMonths.month, month)));
  for (const { patientId } of complex) {
    shapes.set(patientId, { ...shapes.get(patientId), complex: true });
  }
}
