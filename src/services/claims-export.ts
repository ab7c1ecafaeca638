import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { type ClaimStatus, claims, patients, providers } from "../../db/schema/index.ts";
import type { BillingSettings } from "../billing/billing-settings.ts";
import { type Lane, laneOfCode } from "../billing/code-rules.ts";
import { dateOfService } from "../billing/date-of-service.ts";
import { evaluateMonth, type MonthEvaluation } from "../billing/earned-claims.ts";
import { expectedCents } from "../billing/fee-schedule.ts";
import { addDays, monthBounds } from "../time/calendar.ts";
import { type LoadedMonth, loadMonthFacts } from "./month-facts.ts";
import { providerLabel } from "./month-lock.ts";

/** One claim as billing exports it, with the evidence behind it. */
export interface ExportedClaim {
  claimId: number;
  month: string;
  status: ClaimStatus;
  code: string;
  units: number;
  lane: Lane;
  patientId: number;
  patientMrn: string;
  /** The date the claim's minutes were complete (`YYYY-MM-DD`); the month's last day if unknown. */
  dateOfService: string;
  /** The billing practitioner, when one logged time in the month. */
  practitioner?: { id: number; name: string };
  /** Minutes the claim's lane counts in the month. */
  totalMinutes: number;
  /** Encounters whose minutes the claim's lane counts, in service-date order. */
  encounterIds: number[];
  expectedCents: number | null;
  createdAt: Date;
}

/**
 * Lists every claim of a billing month (`YYYY-MM`) except void ones, by patient MRN and code.
 * Throws RangeError for a malformed month.
 * Each patient-month is evaluated again from its encounters, so the encounter ids and date of
 * service match the data as it is now.
 */
export async function listMonthClaims(
  executor: Executor,
  settings: BillingSettings,
  month: string,
): Promise<ExportedClaim[]> {
  const { next } = monthBounds(month);
  const lastDay = addDays(next, -1);
  const rows = await executor
    .select({ claim: claims, mrn: patients.mrn })
    .from(claims)
    .innerJoin(patients, eq(patients.id, claims.patientId))
    .where(and(eq(claims.month, month), ne(claims.status, "void")))
    .orderBy(asc(patients.mrn), asc(claims.code));
  const practitioners = await practitionerNames(
    executor,
    rows.map((row) => row.claim.practitionerId),
  );

  const months = new Map<number, { loaded: LoadedMonth; evaluation: MonthEvaluation }>();
  const result: ExportedClaim[] = [];
  for (const { claim, mrn } of rows) {
    let patientMonth = months.get(claim.patientId);
    if (!patientMonth) {
      const loaded = await loadMonthFacts(executor, claim.patientId, month);
      patientMonth = { loaded, evaluation: evaluateMonth(loaded.facts, settings) };
      months.set(claim.patientId, patientMonth);
    }
    const lane = laneOfCode(claim.code) ?? "staff";
    const billed = patientMonth.evaluation.billed.find((billing) => billing.lane === lane);
    const counted = patientMonth.loaded.facts.encounters.filter((encounter) =>
      billed?.countedEncounterIds.includes(encounter.id),
    );
    const ordered = [...counted].sort(
      (a, b) => a.serviceDate.localeCompare(b.serviceDate) || a.id - b.id,
    );
    const practitioner =
      claim.practitionerId === null ? undefined : practitioners.get(claim.practitionerId);
    result.push({
      claimId: claim.id,
      month,
      status: claim.status,
      code: claim.code,
      units: claim.units,
      lane,
      patientId: claim.patientId,
      patientMrn: mrn,
      dateOfService: dateOfService(lane, claim.code, claim.units, month, counted) ?? lastDay,
      ...(practitioner ? { practitioner } : {}),
      totalMinutes: claim.totalMinutes,
      encounterIds: ordered.map((encounter) => encounter.id),
      expectedCents:
        expectedCents(settings.feeSchedule, claim.code, Number(month.slice(0, 4)), claim.units) ??
        null,
      createdAt: claim.createdAt,
    });
  }
  return result;
}

async function practitionerNames(executor: Executor, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const names = new Map<number, { id: number; name: string }>();
  if (wanted.length === 0) return names;
  const rows = await executor.select().from(providers).where(inArray(providers.id, wanted));
  for (const row of rows) names.set(row.id, { id: row.id, name: providerLabel(row) });
  return names;
}
