import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { claims, encounters, patients } from "../../db/schema/index.ts";
import { codeRules } from "../billing/code-rules.ts";
import type { MonthEvaluation } from "../billing/earned-claims.ts";
import { evaluateStaffMinutes } from "../billing/staff-minutes.ts";
import { daysLeftInMonth, localDateOf, monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import { activeInMonth } from "./encounter-source.ts";
import { loadMonthShapes } from "./month-shapes.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";

/** Most patients one provider's month lists; Slack's App Home allows 100 blocks. */
export const maxListedProviderPatients = 40;

/** One patient a provider logged time for this month, with the month total from every provider. */
export interface ProviderMonthPatient {
  patient: PatientLabel;
  totalMinutes: number;
  /** The minutes this provider logged. */
  ownMinutes: number;
  evaluation: MonthEvaluation;
  /** Codes with a claim on file (not voided) this month, base codes first. */
  claims: { code: string; units: number }[];
}

/** One provider's month: the patients they logged for, closest to the next code first. */
export interface ProviderMonth {
  month: string;
  daysLeft: number;
  patients: ProviderMonthPatient[];
  /** All patients the provider logged for this month; `patients` lists at most 40. */
  patientCount: number;
  /** Claims on file for all of those patients this month. */
  claimCount: number;
}

/**
 * Summarises the current month for the patients `providerId` logged time for. Three queries use
 * the (provider_id, service_date) and (patient_id, service_date) indexes of encounters, and two
 * more read each patient's program and complex mark.
 */
export async function summarizeProviderMonth(
  context: ServiceContext,
  providerId: number,
): Promise<ProviderMonth> {
  const today = localDateOf(context.now(), context.timeZone);
  const month = monthOf(today);

  const own = await context.db
    .select({
      patientId: encounters.patientId,
      minutes: sql<number>`sum(${encounters.minutes})::int`.mapWith(Number),
    })
    .from(encounters)
    .where(and(eq(encounters.providerId, providerId), activeInMonth(month)))
    .groupBy(encounters.patientId);
  const ids = own.map((row) => row.patientId);
  if (ids.length === 0) {
    return {
      month,
      daysLeft: daysLeftInMonth(today),
      patients: [],
      patientCount: 0,
      claimCount: 0,
    };
  }

  const totals = await context.db
    .select({
      patientId: encounters.patientId,
      name: patients.name,
      mrn: patients.mrn,
      dateOfBirth: patients.dateOfBirth,
      minutes: sql<number>`sum(${encounters.minutes})::int`.mapWith(Number),
    })
    .from(encounters)
    .innerJoin(patients, eq(patients.id, encounters.patientId))
    .where(and(inArray(encounters.patientId, ids), activeInMonth(month)))
    .groupBy(encounters.patientId, patients.id);
  const claimRows = await context.db
    .select({ patientId: claims.patientId, code: claims.code, units: claims.units })
    .from(claims)
    .where(and(inArray(claims.patientId, ids), eq(claims.month, month), ne(claims.status, "void")))
    .orderBy(claims.code);
  claimRows.sort((a, b) => codeOrder(a.code) - codeOrder(b.code));
  const shapes = await loadMonthShapes(context.db, ids, month);

  const ownMinutes = new Map(own.map((row) => [row.patientId, row.minutes]));
  const claimsByPatient = new Map<number, { code: string; units: number }[]>();
  for (const { patientId, code, units } of claimRows) {
    claimsByPatient.set(patientId, [...(claimsByPatient.get(patientId) ?? []), { code, units }]);
  }
  const listed = totals
    .map((row) => ({
      patient: labelPatient({ id: row.patientId, ...row }),
      totalMinutes: row.minutes,
      ownMinutes: ownMinutes.get(row.patientId) ?? 0,
      evaluation: evaluateStaffMinutes(month, row.minutes, shapes.get(row.patientId)),
      claims: claimsByPatient.get(row.patientId) ?? [],
    }))
    .sort(closestFirst);

  return {
    month,
    daysLeft: daysLeftInMonth(today),
    patients: listed.slice(0, maxListedProviderPatients),
    patientCount: listed.length,
    claimCount: claimRows.length,
  };
}

/** Patients with a code still to earn come first, fewest minutes missing first; then by name. */
function closestFirst(a: ProviderMonthPatient, b: ProviderMonthPatient): number {
  const missingA = a.evaluation.next?.minutesMissing ?? Number.POSITIVE_INFINITY;
  const missingB = b.evaluation.next?.minutesMissing ?? Number.POSITIVE_INFINITY;
  return missingA - missingB || a.patient.name.localeCompare(b.patient.name);
}

/** Position of a code in the rule table, so a base code is listed before its add-on. */
function codeOrder(code: string): number {
  const index = codeRules.findIndex((rule) => rule.code === code);
  return index === -1 ? codeRules.length : index;
}
