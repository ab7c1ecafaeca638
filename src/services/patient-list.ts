import { and, asc, count, eq, gte, ilike, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { encounters, enrollments, type Program, patients } from "../../db/schema/index.ts";
import { localDateOf, monthBounds, monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import { normalizePatientName } from "./normalize-name.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import { patientLabelColumns } from "./patients.ts";

export interface EnrolledPatient {
  patient: PatientLabel;
  program: Program;
  startsOn: string;
  /** Set when an unenrollment takes effect at the end of the month. */
  endsOn: string | null;
  /** Active minutes with service dates in the current month. */
  monthMinutes: number;
}

export interface PatientPage {
  patients: EnrolledPatient[];
  /** Zero-based page number, clamped to the last page. */
  page: number;
  pageCount: number;
  total: number;
  month: string;
}

export const patientPageSize = 10;

/**
 * Lists the patients enrolled today, by name, one page at a time. `filter` keeps names that
 * contain it (accents and case ignored) and MRNs that start with it.
 */
export async function listEnrolledPatients(
  context: ServiceContext,
  filter: string,
  page: number,
  pageSize = patientPageSize,
): Promise<PatientPage> {
  const today = localDateOf(context.now(), context.timeZone);
  const month = monthOf(today);
  const where = and(
    lte(enrollments.startsOn, today),
    or(isNull(enrollments.endsOn), gte(enrollments.endsOn, today)),
    filterCondition(filter),
  );

  const [counted] = await context.db
    .select({ total: count() })
    .from(patients)
    .innerJoin(enrollments, eq(enrollments.patientId, patients.id))
    .where(where);
  const total = counted?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(0, Math.floor(page)), pageCount - 1);

  const rows = await context.db
    .select({
      ...patientLabelColumns,
      program: enrollments.program,
      startsOn: enrollments.startsOn,
      endsOn: enrollments.endsOn,
      monthMinutes: monthMinutesOf(month),
    })
    .from(patients)
    .innerJoin(enrollments, eq(enrollments.patientId, patients.id))
    .where(where)
    .orderBy(asc(patients.nameNormalized), asc(patients.id))
    .limit(pageSize)
    .offset(current * pageSize);

  return {
    patients: rows.map((row) => ({
      patient: labelPatient(row),
      program: row.program,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      monthMinutes: row.monthMinutes,
    })),
    page: current,
    pageCount,
    total,
    month,
  };
}

function filterCondition(filter: string): SQL | undefined {
  const folded = normalizePatientName(filter);
  if (folded === "") return undefined;
  const escaped = folded.replace(/[\\%_]/g, (character) => `\\${character}`);
  return or(ilike(patients.nameNormalized, `%${escaped}%`), ilike(patients.mrn, `${escaped}%`));
}

/** The patient's active minutes in `month`, as a correlated subquery. */
function monthMinutesOf(month: string) {
  const { first, next } = monthBounds(month);
  return sql<number>`(
    select coalesce(sum(${encounters.minutes}), 0)::int from ${encounters}
    where ${encounters.patientId} = ${patients.id}
      and ${encounters.serviceDate} >= ${first} and ${encounters.serviceDate} < ${next}
      and ${encounters.voidedAt} is null
  )`.mapWith(Number);
}
