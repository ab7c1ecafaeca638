import { type AnyColumn, and, asc, between, eq, exists, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import {
  encounters,
  enrollments,
  type Platform,
  patients,
  providers,
} from "../../db/schema/index.ts";
import type { MinuteRange } from "../billing/threshold-window.ts";
import { activeInMonth } from "./encounter-source.ts";

/** An enrolled patient whose month total is near a threshold, with the provider it belongs to. */
export interface NearThresholdRow {
  patientId: number;
  name: string;
  mrn: string;
  totalMinutes: number;
  providerId: number;
  providerName: string | null;
  providerPlatform: Platform;
  providerUserId: string;
  providerActive: boolean;
}

export interface PatientWithoutMinutes {
  patientId: number;
  name: string;
  mrn: string;
}

/**
 * Returns a condition that is true when the patient has an enrollment covering `today`
 * (`YYYY-MM-DD`). The correlated subquery uses the (patient_id, starts_on) index of enrollments.
 */
function enrolledOn(patientId: AnyColumn, today: string): SQL {
  return sql`exists (
    select 1 from ${enrollments}
    where ${enrollments.patientId} = ${patientId}
      and ${enrollments.startsOn} <= ${today}
      and (${enrollments.endsOn} is null or ${enrollments.endsOn} >= ${today}))`;
}

/**
 * Finds the patients enrolled on `today` whose `month` total falls in one of `ranges`, in one
 * grouped query over the month's encounters (the service_date index), not one query per patient.
 *
 * Each patient belongs to the provider who logged the most minutes for them this month. On a tie
 * it is the one who logged last (highest encounter id), because that provider is most likely still
 * in touch with the patient.
 */
export async function findNearThreshold(
  executor: Executor,
  options: { month: string; today: string; ranges: readonly MinuteRange[] },
): Promise<NearThresholdRow[]> {
  if (options.ranges.length === 0) return [];

  const perProvider = executor.$with("per_provider").as(
    executor
      .select({
        patientId: encounters.patientId,
        providerId: encounters.providerId,
        minutes: sql<number>`sum(${encounters.minutes})`.as("minutes"),
        lastEncounterId: sql<number>`max(${encounters.id})`.as("last_encounter_id"),
      })
      .from(encounters)
      .where(activeInMonth(options.month))
      .groupBy(encounters.patientId, encounters.providerId),
  );
  const ranked = executor.$with("ranked").as(
    executor
      .select({
        patientId: perProvider.patientId,
        providerId: perProvider.providerId,
        totalMinutes:
          sql<number>`(sum(${perProvider.minutes}) over (partition by ${perProvider.patientId}))::int`.as(
            "total_minutes",
          ),
        rank: sql<number>`row_number() over (
          partition by ${perProvider.patientId}
          order by ${perProvider.minutes} desc, ${perProvider.lastEncounterId} desc)`.as("rank"),
      })
      .from(perProvider),
  );

  const near = or(
    ...options.ranges.map((range) => between(ranked.totalMinutes, range.from, range.to)),
  );
  const rows = await executor
    .with(perProvider, ranked)
    .select({
      patientId: ranked.patientId,
      name: patients.name,
      mrn: patients.mrn,
      totalMinutes: ranked.totalMinutes,
      providerId: ranked.providerId,
      providerName: providers.displayName,
      providerPlatform: providers.platform,
      providerUserId: providers.platformUserId,
      providerActive: providers.active,
    })
    .from(ranked)
    .innerJoin(patients, eq(patients.id, ranked.patientId))
    .innerJoin(providers, eq(providers.id, ranked.providerId))
    .where(and(eq(ranked.rank, 1), near, enrolledOn(ranked.patientId, options.today)));
  return rows.map((row) => ({ ...row, totalMinutes: Number(row.totalMinutes) }));
}

/**
 * Finds patients enrolled on `today` with no minutes in `month`, ordered by MRN. Returns at most
 * `limit` of them and the count of all.
 */
export async function findPatientsWithoutMinutes(
  executor: Executor,
  options: { month: string; today: string; limit: number },
): Promise<{ patients: PatientWithoutMinutes[]; count: number }> {
  const rows = await executor
    .select({
      patientId: patients.id,
      name: patients.name,
      mrn: patients.mrn,
      count: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(patients)
    .where(
      and(
        enrolledOn(patients.id, options.today),
        sql`not ${exists(
          executor
            .select({ one: sql`1` })
            .from(encounters)
            .where(and(eq(encounters.patientId, patients.id), activeInMonth(options.month))),
        )}`,
      ),
    )
    .orderBy(asc(patients.mrn))
    .limit(options.limit);
  return {
    patients: rows.map(({ count: _, ...patient }) => patient),
    count: rows[0]?.count ?? 0,
  };
}
