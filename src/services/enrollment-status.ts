import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { enrollments } from "../../db/schema/index.ts";

export type Enrollment = typeof enrollments.$inferSelect;

/** Returns true when `date` falls in an enrollment period: on or after consent, not past its end. */
export function coversDate(enrollment: Enrollment, date: string): boolean {
  return enrollment.startsOn <= date && (enrollment.endsOn === null || date <= enrollment.endsOn);
}

export async function enrollmentsOf(executor: Executor, patientId: number): Promise<Enrollment[]> {
  return executor
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.patientId, patientId)))
    .orderBy(desc(enrollments.startsOn), desc(enrollments.id));
}

export type EnrollmentCheck =
  | { ok: true; enrollment: Enrollment }
  | {
      ok: false;
      code: "not_enrolled" | "enrolled_after_service" | "enrollment_ended";
      enrollment?: Enrollment;
    };

/** Checks that a patient had documented consent on `serviceDate`; the reason code tells why not. */
export async function checkEnrollment(
  executor: Executor,
  patientId: number,
  serviceDate: string,
): Promise<EnrollmentCheck> {
  const periods = await enrollmentsOf(executor, patientId);
  const covering = periods.find((period) => coversDate(period, serviceDate));
  if (covering) return { ok: true, enrollment: covering };
  const latest = periods[0];
  if (!latest) return { ok: false, code: "not_enrolled" };
  // Periods are newest first, so this is the last one that had begun by the service date.
  const begun = periods.find((period) => period.startsOn <= serviceDate);
  if (begun) return { ok: false, code: "enrollment_ended", enrollment: begun };
  return { ok: false, code: "enrolled_after_service", enrollment: latest };
}
