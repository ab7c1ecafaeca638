import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { complexMonths, enrollments } from "../../db/schema/index.ts";
import type { StaffMinutesShape } from "../billing/staff-minutes.ts";

/**
 * Reads what `evaluateStaffMinutes` needs besides the minutes for many patients in two queries:
 * each patient's program, from their latest enrollment as the billing rules take it when a month
 * has no encounters, and whether `month` (`YYYY-MM`) is marked complex.
 */
export async function loadMonthShapes(
  executor: Executor,
  patientIds: readonly number[],
  month: string,
): Promise<Map<number, StaffMinutesShape>> {
  const shapes = new Map<number, StaffMinutesShape>();
  if (patientIds.length === 0) return shapes;

  const periods = await executor
    .select({ patientId: enrollments.patientId, program: enrollments.program })
    .from(enrollments)
    .where(inArray(enrollments.patientId, [...patientIds]))
    .orderBy(desc(enrollments.startsOn), desc(enrollments.id));
  for (const period of periods) {
    if (!shapes.has(period.patientId)) shapes.set(period.patientId, { program: period.program });
  }

  const complex = await executor
    .select({ patientId: complexMonths.patientId })
    .from(complexMonths)
    .where(and(inArray(complexMonths.patientId, [...patientIds]), eq(complexMonths.month, month)));
  for (const { patientId } of complex) {
    shapes.set(patientId, { ...shapes.get(patientId), complex: true });
  }
  return shapes;
}
