import type { Executor } from "../../db/client.ts";
import type { Platform } from "../../db/schema/index.ts";
import type { NextMilestone } from "../billing/earned-claims.ts";
import { expectedRevenue } from "../billing/expected-revenue.ts";
import { defaultFeeSchedule, type FeeSchedule } from "../billing/fee-schedule.ts";
import { evaluateStaffMinutes, type StaffMinutesShape } from "../billing/staff-minutes.ts";
import { totalsNearThreshold } from "../billing/threshold-window.ts";
import { daysLeftInMonth, monthOf } from "../time/calendar.ts";
import { loadMonthShapes } from "./month-shapes.ts";
import {
  findNearThreshold,
  findPatientsWithoutMinutes,
  type NearThresholdRow,
} from "./near-threshold.ts";
import { initialsOf } from "./patient-label.ts";
import { summarizePracticeMonth } from "./practice-month.ts";

/** Most near-threshold patients one digest lists; the rest are counted. Slack allows 50 blocks. */
export const maxListedNearThreshold = 30;
/** Most patients without minutes one digest lists by initials and MRN; the rest are counted. */
export const maxListedWithoutMinutes = 20;
/** Patients without minutes are listed once this many days or fewer are left in the month. */
export const withoutMinutesDaysLeft = 10;
export const defaultDigestWindowMinutes = 10;

/** A patient as the digest shows them. `name` is set only in a provider's own direct message. */
export interface DigestPatient {
  initials: string;
  mrn: string;
  name?: string;
}

export interface NearThresholdPatient extends DigestPatient {
  totalMinutes: number;
  nextCode: string;
  /** Month total at which `nextCode` is earned. */
  atMinutes: number;
  minutesMissing: number;
}

/** The patients one provider has near a threshold, most urgent first. */
export interface DigestProviderGroup {
  provider: string;
  patients: NearThresholdPatient[];
}

/**
 * The content of one daily digest, stored as the outbox payload and rendered by each adapter.
 * Only initials and MRN identify patients unless `name` is set.
 */
export interface DailyDigest {
  /** The practice-local day, `YYYY-MM-DD`. */
  date: string;
  month: string;
  /** Days left in the month counting today; 1 on its last day. */
  daysLeft: number;
  windowMinutes: number;
  nearThreshold: { groups: DigestProviderGroup[]; count: number };
  /** Present when `withoutMinutesDaysLeft` or fewer days are left. */
  withoutMinutes?: { patients: DigestPatient[]; count: number };
  summary: {
    claims: { code: string; claims: number; units: number }[];
    minutes: number;
    patientsWithMinutes: number;
    /** Expected payment in cents, an estimate from national amounts. */
    revenueCents: number;
    unpricedCodes: string[];
  };
}

/** A near-threshold group with the provider's chat identity, for direct messages. */
export interface ProviderDigest {
  providerId: number;
  platform: Platform;
  platformUserId: string;
  /** False once the practice deactivated the provider; they get no direct message. */
  active: boolean;
  group: DigestProviderGroup;
  count: number;
}

export interface DigestBuild {
  digest: DailyDigest;
  /** Each provider's own near-threshold patients with names, for direct messages. */
  byProvider: ProviderDigest[];
}

/**
 * Builds the digest for the practice-local day `today`: enrolled patients within `windowMinutes`
 * of their next code grouped by provider, enrolled patients without minutes near the month's end,
 * and the month's claims, minutes and expected revenue. It runs a fixed number of queries.
 */
export async function buildDailyDigest(
  executor: Executor,
  today: string,
  windowMinutes: number,
  feeSchedule: FeeSchedule = defaultFeeSchedule,
): Promise<DigestBuild> {
  const month = monthOf(today);
  const daysLeft = daysLeftInMonth(today);
  const ranges = digestShapes.flatMap((shape) => totalsNearThreshold(month, windowMinutes, shape));
  // The three reads are independent. On a PostgreSQL pool they run at once on separate
  // connections. In a transaction postgres.js pipelines them on its one connection, and PGlite
  // runs them one after another.
  const [rows, withoutMinutes, practice] = await Promise.all([
    findNearThreshold(executor, { month, today, ranges }),
    daysLeft <= withoutMinutesDaysLeft
      ? findPatientsWithoutMinutes(executor, { month, today, limit: maxListedWithoutMinutes })
      : undefined,
    summarizePracticeMonth(executor, month),
  ]);
  const shapes = await loadMonthShapes(
    executor,
    rows.map((row) => row.patientId),
    month,
  );

  const nextMilestone = nextMilestoneByTotal(month);
  const near = rows
    .map((row) => {
      const next = nextMilestone(row.totalMinutes, shapes.get(row.patientId));
      return toNearPatient(row, next, windowMinutes);
    })
    .filter((patient): patient is RankedPatient => patient !== undefined)
    .sort(byUrgency);
  const revenue = expectedRevenue(practice.claims, Number(month.slice(0, 4)), feeSchedule);

  const digest: DailyDigest = {
    date: today,
    month,
    daysLeft,
    windowMinutes,
    nearThreshold: {
      groups: groupByProvider(near.slice(0, maxListedNearThreshold)).map(({ group }) =>
        withoutNames(group),
      ),
      count: near.length,
    },
    withoutMinutes: withoutMinutes && {
      patients: withoutMinutes.patients.map((patient) => ({
        initials: initialsOf(patient.name),
        mrn: patient.mrn,
      })),
      count: withoutMinutes.count,
    },
    summary: {
      claims: practice.claims,
      minutes: practice.minutes,
      patientsWithMinutes: practice.patientsWithMinutes,
      revenueCents: revenue.cents,
      unpricedCodes: revenue.unpricedCodes,
    },
  };
  const byProvider = groupByProvider(near).map(({ row, group }) => ({
    providerId: row.providerId,
    platform: row.providerPlatform,
    platformUserId: row.providerUserId,
    active: row.providerActive,
    group: { ...group, patients: group.patients.slice(0, maxListedNearThreshold) },
    count: group.patients.length,
  }));
  return { digest, byProvider };
}

/**
 * The programs whose thresholds the candidate query covers. The ranges of all of them are
 * queried together, and each patient is then checked against their own.
 */
const digestShapes: StaffMinutesShape[] = [
  { program: "ccm" },
  { program: "ccm", complex: true },
  { program: "pcm" },
];

type RankedPatient = NearThresholdPatient & { row: NearThresholdRow };

/**
 * Returns a lookup of the next staff-time milestone for a month total in a program. Thousands of
 * near patients share a few dozen totals and three shapes, so each pair is evaluated once.
 */
function nextMilestoneByTotal(
  month: string,
): (totalMinutes: number, shape: StaffMinutesShape | undefined) => NextMilestone | undefined {
  const cache = new Map<string, NextMilestone | undefined>();
  return (totalMinutes, shape = {}) => {
    const key = `${shape.program ?? "ccm"}:${shape.complex === true}:${totalMinutes}`;
    if (!cache.has(key)) {
      cache.set(key, evaluateStaffMinutes(month, totalMinutes, shape).next);
    }
    return cache.get(key);
  };
}

function toNearPatient(
  row: NearThresholdRow,
  next: NextMilestone | undefined,
  windowMinutes: number,
): RankedPatient | undefined {
  if (!next || next.minutesMissing > windowMinutes) return undefined;
  return {
    initials: initialsOf(row.name),
    mrn: row.mrn,
    name: row.name,
    totalMinutes: row.totalMinutes,
    nextCode: next.code,
    atMinutes: next.atMinutes,
    minutesMissing: next.minutesMissing,
    row,
  };
}

/**
 * Orders by fewest minutes missing, because those claims close with one more call. Ties go to the
 * lower milestone (a base code before its add-on), then to the lower MRN, so the order is stable.
 */
function byUrgency(a: RankedPatient, b: RankedPatient): number {
  return (
    a.minutesMissing - b.minutesMissing || a.atMinutes - b.atMinutes || a.mrn.localeCompare(b.mrn)
  );
}

/** Groups urgency-sorted patients by provider; groups follow their most urgent patient. */
function groupByProvider(
  patients: RankedPatient[],
): { row: NearThresholdRow; group: DigestProviderGroup }[] {
  const groups = new Map<number, { row: NearThresholdRow; group: DigestProviderGroup }>();
  for (const patient of patients) {
    const { row, ...shown } = patient;
    const existing = groups.get(row.providerId);
    if (existing) existing.group.patients.push(shown);
    else
      groups.set(row.providerId, {
        row,
        group: { provider: providerLabel(row), patients: [shown] },
      });
  }
  return [...groups.values()];
}

/** Returns the provider's display name, else their platform user id, such as Slack's `U0123ABC`. */
function providerLabel(row: NearThresholdRow): string {
  return row.providerName?.trim() || row.providerUserId;
}

/** Drops names, for anything a channel can see. */
function withoutNames(group: DigestProviderGroup): DigestProviderGroup {
  return {
    provider: group.provider,
    patients: group.patients.map(({ name: _, ...patient }) => patient),
  };
}
