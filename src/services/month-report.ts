import { and, asc, eq, gte, inArray, lt, or } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import {
  auditEvents,
  type ClaimStatus,
  claims,
  encounters,
  patients,
  providers,
} from "../../db/schema/index.ts";
import type { BillingSettings } from "../billing/billing-settings.ts";
import type { Lane } from "../billing/code-rules.ts";
import { evaluateMonth, type NotBilledReason } from "../billing/earned-claims.ts";
import { expectedCents } from "../billing/fee-schedule.ts";
import { monthBounds } from "../time/calendar.ts";
import { coversDate, type Enrollment, enrollmentsOf } from "./enrollment-status.ts";
import { loadMonthFacts } from "./month-facts.ts";
import { findClosedMonth, providerLabel } from "./month-lock.ts";

/** One audit row as the report prints it. */
export interface ReportAuditEntry {
  at: Date;
  action: string;
  actor?: string;
  details: Record<string, unknown>;
}

export type EncounterBilling =
  | { status: "counted"; lane: Lane }
  | { status: "not_billed"; reason: NotBilledReason }
  | { status: "other_lane"; lane: Lane }
  | { status: "undone" };

export interface ReportEncounter {
  id: number;
  serviceDate: string;
  minutes: number;
  provider: string;
  role: string;
  note: string;
  /** The message's link, or `platform channel/message id` when the platform gives no link. */
  source: string;
  loggedAt: Date;
  voided?: { at: Date; reason: string | null };
  billing: EncounterBilling;
  history: ReportAuditEntry[];
}

export interface ReportClaim {
  id: number;
  code: string;
  units: number;
  status: ClaimStatus;
  practitioner?: string;
  expectedCents: number | null;
  history: ReportAuditEntry[];
}

/** The documentation an auditor requests about one patient-month. */
export interface PatientMonthReport {
  month: string;
  patient: { id: number; name: string; mrn: string; dateOfBirth: string | null };
  enrollment?: Enrollment;
  complex: boolean;
  closedAt?: Date;
  loggedMinutes: number;
  lane: Lane;
  laneMinutes: number;
  claims: ReportClaim[];
  encounters: ReportEncounter[];
  monthHistory: ReportAuditEntry[];
}

/**
 * Builds the audit documentation of a billing month (`YYYY-MM`): every patient with an encounter
 * (undone ones included) or a claim in the month, or only the patient with `mrn`. Patients are
 * ordered by MRN, encounters by service date.
 */
export async function buildMonthReport(
  executor: Executor,
  settings: BillingSettings,
  month: string,
  mrn?: string,
): Promise<PatientMonthReport[]> {
  const patientIds = await patientsOfMonth(executor, month, mrn);
  const closed = await findClosedMonth(executor, month);
  const reports: PatientMonthReport[] = [];
  for (const patientId of patientIds) {
    reports.push(await reportPatientMonth(executor, settings, month, patientId, closed?.closedAt));
  }
  return reports.sort((a, b) => a.patient.mrn.localeCompare(b.patient.mrn));
}

async function patientsOfMonth(executor: Executor, month: string, mrn?: string) {
  const { first, next } = monthBounds(month);
  const withEncounters = await executor
    .selectDistinct({ id: encounters.patientId })
    .from(encounters)
    .where(and(gte(encounters.serviceDate, first), lt(encounters.serviceDate, next)));
  const withClaims = await executor
    .selectDistinct({ id: claims.patientId })
    .from(claims)
    .where(eq(claims.month, month));
  const ids = [...new Set([...withEncounters, ...withClaims].map((row) => row.id))];
  if (mrn === undefined || ids.length === 0) return ids;
  const matching = await executor
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.mrn, mrn), inArray(patients.id, ids)));
  return matching.map((row) => row.id);
}

async function reportPatientMonth(
  executor: Executor,
  settings: BillingSettings,
  month: string,
  patientId: number,
  closedAt: Date | undefined,
): Promise<PatientMonthReport> {
  const [patient] = await executor.select().from(patients).where(eq(patients.id, patientId));
  if (!patient) throw new Error(`Patient ${patientId} vanished while the report was built`);
  const loaded = await loadMonthFacts(executor, patientId, month);
  const evaluation = evaluateMonth(loaded.facts, settings);
  const rows = await executor
    .select({ encounter: encounters, provider: providers })
    .from(encounters)
    .innerJoin(providers, eq(providers.id, encounters.providerId))
    .where(
      and(
        eq(encounters.patientId, patientId),
        gte(encounters.serviceDate, `${month}-01`),
        lt(encounters.serviceDate, monthBounds(month).next),
      ),
    )
    .orderBy(asc(encounters.serviceDate), asc(encounters.id));
  const history = await auditTrail(executor, {
    encounterIds: rows.map((row) => row.encounter.id),
    claimIds: loaded.claims.map((claim) => claim.id),
    patientMonth: `${patientId}:${month}`,
  });
  const practitioners = await providerNames(
    executor,
    loaded.claims.map((claim) => claim.practitionerId),
  );
  const periods = await enrollmentsOf(executor, patientId);
  const year = Number(month.slice(0, 4));

  const billingOf = (id: number, voided: boolean): EncounterBilling => {
    if (voided) return { status: "undone" };
    const billed = evaluation.billed.find((billing) => billing.countedEncounterIds.includes(id));
    if (billed) return { status: "counted", lane: billed.lane };
    const notBilled = evaluation.notBilled.find((entry) => entry.encounterId === id);
    if (notBilled) return { status: "not_billed", reason: notBilled.reason };
    return { status: "other_lane", lane: evaluation.lane };
  };

  return {
    month,
    patient: {
      id: patient.id,
      name: patient.name,
      mrn: patient.mrn,
      dateOfBirth: patient.dateOfBirth,
    },
    enrollment:
      periods.find((period) => coversDate(period, `${month}-01`)) ??
      periods.find((period) => period.startsOn < monthBounds(month).next),
    complex: loaded.facts.complex,
    ...(closedAt ? { closedAt } : {}),
    loggedMinutes: loaded.facts.encounters.reduce((sum, encounter) => sum + encounter.minutes, 0),
    lane: evaluation.lane,
    laneMinutes: evaluation.totalMinutes,
    claims: loaded.claims.map((claim) => ({
      id: claim.id,
      code: claim.code,
      units: claim.units,
      status: claim.status,
      practitioner:
        claim.practitionerId === null ? undefined : practitioners.get(claim.practitionerId),
      expectedCents: expectedCents(settings.feeSchedule, claim.code, year, claim.units) ?? null,
      history: history.filter((entry) => entry.entity === "claim" && entry.id === String(claim.id)),
    })),
    encounters: rows.map(({ encounter, provider }) => ({
      id: encounter.id,
      serviceDate: encounter.serviceDate,
      minutes: encounter.minutes,
      provider: providerLabel(provider),
      role: encounter.providerRole,
      note: encounter.note,
      source:
        encounter.sourceLink ??
        `${encounter.sourcePlatform} ${encounter.sourceChannel}/${encounter.sourceMessageId}`,
      loggedAt: encounter.createdAt,
      ...(encounter.voidedAt
        ? { voided: { at: encounter.voidedAt, reason: encounter.voidReason } }
        : {}),
      billing: billingOf(encounter.id, encounter.voidedAt !== null),
      history: history.filter(
        (entry) => entry.entity === "encounter" && entry.id === String(encounter.id),
      ),
    })),
    monthHistory: history.filter((entry) => entry.entity === "patient_month"),
  };
}

type TaggedAuditEntry = ReportAuditEntry & { entity: string; id: string };

async function auditTrail(
  executor: Executor,
  targets: { encounterIds: number[]; claimIds: number[]; patientMonth: string },
): Promise<TaggedAuditEntry[]> {
  const conditions = [
    and(eq(auditEvents.entity, "patient_month"), eq(auditEvents.entityId, targets.patientMonth)),
  ];
  if (targets.encounterIds.length > 0) {
    conditions.push(
      and(
        eq(auditEvents.entity, "encounter"),
        inArray(auditEvents.entityId, targets.encounterIds.map(String)),
      ),
    );
  }
  if (targets.claimIds.length > 0) {
    conditions.push(
      and(
        eq(auditEvents.entity, "claim"),
        inArray(auditEvents.entityId, targets.claimIds.map(String)),
      ),
    );
  }
  const rows = await executor
    .select({ event: auditEvents, actor: providers })
    .from(auditEvents)
    .leftJoin(providers, eq(providers.id, auditEvents.actorProviderId))
    .where(or(...conditions))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  return rows.map(({ event, actor }) => ({
    at: event.at,
    action: event.action,
    ...(actor ? { actor: providerLabel(actor) } : {}),
    details: event.details,
    entity: event.entity,
    id: event.entityId,
  }));
}

async function providerNames(executor: Executor, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const names = new Map<number, string>();
  if (wanted.length === 0) return names;
  const rows = await executor.select().from(providers).where(inArray(providers.id, wanted));
  for (const row of rows) names.set(row.id, providerLabel(row));
  return names;
}
