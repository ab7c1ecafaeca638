import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, count, gte, lt, sql } from "drizzle-orm";
import type { DriverName } from "../db/client.ts";
import { encounters } from "../db/schema/index.ts";
import { buildDailyDigest, defaultDigestWindowMinutes } from "../src/services/daily-digest.ts";
import { activeInMonth } from "../src/services/encounter-source.ts";
import { monthTotalMinutes, summarizeMonth } from "../src/services/month-summary.ts";
import { monthBounds } from "../src/time/calendar.ts";
import { type BenchDatabase, type CapturedQuery, openBenchDatabase } from "./bench-database.ts";
import { analyzeTables, digestMonth, encountersPerPatient, growPractice } from "./digest-data.ts";
import { median, sampleDurations, timed } from "./measure.ts";
import { explainQueries, formatPlans, type QueryPlan } from "./query-plans.ts";
import {
  type BenchmarkOptions,
  type BenchmarkSection,
  formatMs,
  formatNumber,
  formatRatio,
  type Table,
  type TargetResult,
} from "./section.ts";
import { seedProviders } from "./seed-data.ts";
import { benchToday, createBenchContext } from "./service-context.ts";

const targetSize = 10_000;
const targetMs = 200;
/** Largest slope of log(time) over log(patients) that counts as linear, with room for noise. */
const maxGrowthExponent = 1.1;

interface Plan {
  postgresSizes: number[];
  pgliteSizes: number[];
  warmups: number;
  runs: number;
}

// NOTE: PGlite stops at 10,000 patients: 3 million rows in its in-memory WASM heap would measure
// the heap limit rather than the queries.
const fullPlan: Plan = {
  postgresSizes: [1_000, 10_000, 100_000],
  pgliteSizes: [1_000, 10_000],
  warmups: 2,
  runs: 9,
};
const smokePlan: Plan = { postgresSizes: [200], pgliteSizes: [200], warmups: 1, runs: 2 };

/** Median times of the queries at one practice size on one database. */
interface SizeResult {
  driver: DriverName;
  patients: number;
  loadMs: number;
  medians: Record<QueryName, number>;
  plans: QueryPlan[];
}

type QueryName = "digest" | "onePatientTotal" | "onePatientSummary" | "allTotals" | "count";

/**
 * Times the daily digest and month totals for practices of 1,000 to 100,000 enrolled patients
 * with 30 encounters each, against `count(*)` over the same month's encounters, and saves each
 * query's plan.
 */
export async function runDigestBenchmark(options: BenchmarkOptions): Promise<BenchmarkSection> {
  const plan = options.smoke ? smokePlan : fullPlan;
  const results: SizeResult[] = [];
  const drivers: [DriverName, number[]][] = [["pglite", plan.pgliteSizes]];
  if (options.postgresUrl) drivers.unshift(["postgres", plan.postgresSizes]);
  for (const [driver, sizes] of drivers) {
    const database = await openBenchDatabase(driver, { adminUrl: options.postgresUrl });
    try {
      results.push(...(await measureSizes(database, sizes, plan, options)));
    } finally {
      await database.close();
    }
  }
  return describeResults(results, plan, options.postgresUrl !== undefined);
}

/** Grows one database through `sizes` and times the queries at each size. */
async function measureSizes(
  database: BenchDatabase,
  sizes: number[],
  plan: Plan,
  options: BenchmarkOptions,
): Promise<SizeResult[]> {
  const providers = await seedProviders(database.db, 50);
  const providerIds = { first: providers[0]?.id ?? 1, count: providers.length };
  const results: SizeResult[] = [];
  let loaded = 0;
  for (const size of sizes) {
    options.log(`digest: ${database.driver}, loading ${formatNumber(size)} patients`);
    const load = await timed(async () => {
      await growPractice(database, { from: loaded + 1, to: size }, providerIds);
      await analyzeTables(database);
    });
    loaded = size;

    options.log(`digest: ${database.driver}, timing ${formatNumber(size)} patients`);
    const medians = await timeQueries(database, size, plan);
    const { plans, text } = await explainAll(database, size);
    if (options.plansDir) {
      writeFileSync(join(options.plansDir, `digest-${database.driver}-${size}.txt`), text);
    }
    results.push({ driver: database.driver, patients: size, loadMs: load.ms, medians, plans });
  }
  return results;
}

/** Builds the timed queries at one size; the one-patient queries read the middle patient. */
function queriesFor(
  database: BenchDatabase,
  size: number,
): Record<QueryName, () => Promise<unknown>> {
  const { db } = database;
  const context = createBenchContext(db);
  const patientId = Math.ceil(size / 2);
  const { first, next } = monthBounds(digestMonth);
  return {
    digest: () => buildDailyDigest(db, benchToday, defaultDigestWindowMinutes),
    onePatientTotal: () => monthTotalMinutes(db, patientId, digestMonth),
    onePatientSummary: () => summarizeMonth(context, db, patientId, digestMonth),
    // Every patient's month total in one grouped query, the first step of the digest's query.
    allTotals: () =>
      db
        .select({
          patientId: encounters.patientId,
          total: sql<number>`sum(${encounters.minutes})::int`,
        })
        .from(encounters)
        .where(activeInMonth(digestMonth))
        .groupBy(encounters.patientId),
    count: () =>
      db
        .select({ count: count() })
        .from(encounters)
        .where(and(gte(encounters.serviceDate, first), lt(encounters.serviceDate, next))),
  };
}

/**
 * Warms every query up, then times them in rounds (each round runs each query once), so load
 * from other processes touches all of them alike. Returns the median of each.
 */
async function timeQueries(
  database: BenchDatabase,
  size: number,
  plan: Plan,
): Promise<Record<QueryName, number>> {
  const queries = queriesFor(database, size);
  const names = Object.keys(queries) as QueryName[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    QueryName,
    number[]
  >;
  for (const name of names)
    await sampleDurations(queries[name], { warmups: plan.warmups, runs: 0 });
  for (let round = 0; round < plan.runs; round += 1) {
    for (const name of names)
      samples[name].push(...(await sampleDurations(queries[name], { warmups: 0, runs: 1 })));
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<
    QueryName,
    number
  >;
}

/** Captures the SQL of every timed query and explains it; returns the plans and a plan file. */
async function explainAll(
  database: BenchDatabase,
  size: number,
): Promise<{ plans: QueryPlan[]; text: string }> {
  const queries = queriesFor(database, size);
  const captured: { group: string; query: CapturedQuery }[] = [];
  for (const [name, run] of Object.entries(queries)) {
    const { queries: sent } = await database.captureQueries(run);
    captured.push(...sent.map((query) => ({ group: name, query })));
  }
  const plans = await explainQueries(
    database,
    captured.map((entry) => entry.query),
    (query, position) => labelQuery(captured, position, query.sql),
  );
  const title =
    `EXPLAIN (ANALYZE, BUFFERS) of the digest and month-total queries on ${driverLabel(database.driver)}, ` +
    `${formatNumber(size)} enrolled patients with ${encountersPerPatient} encounters each in ${digestMonth}.`;
  return {
    plans,
    text: formatPlans(
      title,
      plans,
      captured.map((entry) => entry.query),
    ),
  };
}

const queryTitles: Record<string, string> = {
  digest: "digest",
  onePatientTotal: "monthTotalMinutes, one patient",
  onePatientSummary: "summarizeMonth, one patient",
  allTotals: "month totals of all patients",
  count: "count(*) of the month (reference)",
};

/**
 * Names a captured query by the timed query it belongs to, and by its part of the digest or its
 * number within a timed query that sends several.
 */
function labelQuery(captured: { group: string }[], position: number, text: string): string {
  const group = captured[position]?.group ?? "";
  const title = queryTitles[group] ?? group;
  const siblings = captured.filter((entry) => entry.group === group);
  if (group !== "digest") {
    if (siblings.length === 1) return title;
    const number = captured.slice(0, position + 1).filter((entry) => entry.group === group).length;
    return `${title}, query ${number} of ${siblings.length}`;
  }
  if (text.includes("per_provider")) return `${title}: patients near a threshold`;
  if (text.includes("not exists")) return `${title}: enrolled patients without minutes`;
  if (text.includes('"claims"')) return `${title}: the month's claims by code`;
  return `${title}: the month's minutes and patients`;
}

function driverLabel(driver: DriverName): string {
  return driver === "postgres" ? "PostgreSQL" : "PGlite";
}

function describeResults(
  results: SizeResult[],
  plan: Plan,
  hasPostgres: boolean,
): BenchmarkSection {
  const timings: Table = {
    columns: [
      "database",
      "patients",
      "encounters",
      "load",
      "digest",
      "digest vs count(*)",
      "month total, one patient",
      "summarizeMonth, one patient",
      "all patients' totals",
      "count(*) of the month",
    ],
    rows: results.map((result) => [
      driverLabel(result.driver),
      formatNumber(result.patients),
      formatNumber(result.patients * encountersPerPatient),
      formatMs(result.loadMs),
      formatMs(result.medians.digest),
      formatRatio(result.medians.digest / result.medians.count),
      formatMs(result.medians.onePatientTotal),
      formatMs(result.medians.onePatientSummary),
      formatMs(result.medians.allTotals),
      formatMs(result.medians.count),
    ]),
  };
  const shown = results.filter(
    (result) => result.patients === targetSize || result === lastOf(results, result.driver),
  );
  const plansTable: Table = {
    caption:
      "Query plans (EXPLAIN ANALYZE execution time on the server; full plans in bench/plans/)",
    columns: ["database", "patients", "query", "execution", "indexes used", "sequential scans"],
    rows: shown.flatMap((result) =>
      result.plans.map((queryPlan) => [
        driverLabel(result.driver),
        formatNumber(result.patients),
        queryPlan.label,
        formatMs(queryPlan.executionMs),
        queryPlan.indexes.join(", ") || "none",
        queryPlan.sequentialScans.join(", ") || "none",
      ]),
    ),
  };
  return {
    title: "Digest and totals",
    method: [
      `For each size the practice is grown to that many enrolled patients, each with ` +
        `${encountersPerPatient} encounters on 1 to 24 March 2026 (one of them undone) from 2 of ` +
        `50 providers, month totals of 30 to 90 minutes, and the claims those totals earn. Rows ` +
        `are inserted by generate_series inside the database, then VACUUM ANALYZE runs, as ` +
        `autovacuum would after such a load. Putting all 30 encounters in the digest's month is ` +
        `the worst case for the month-wide queries.`,
      `Timed, as the services run them: \`buildDailyDigest\` for 24 March 2026 (eight days left, ` +
        `so it also lists patients without minutes), \`monthTotalMinutes\` and \`summarizeMonth\` ` +
        `for one patient, and every patient's month total in one grouped query. \`buildDailyDigest\` ` +
        `sends its three reads at once, so on PostgreSQL its time is close to the slowest read's ` +
        `plus the ranking in Node.js, not the sum of the reads. The reference is ` +
        `\`select count(*)\` over the same month's encounters. After ${plan.warmups} warm-up ` +
        `runs, each query runs once per round for ${plan.runs} rounds; the tables give medians of ` +
        `the wall time seen by the client.`,
    ],
    tables: [timings, plansTable],
    targets: judge(results, hasPostgres),
    fix: digestFix,
    notes: hasPostgres
      ? []
      : ["PostgreSQL was skipped because no server was reachable; PGlite only."],
  };
}

function lastOf(results: SizeResult[], driver: DriverName): SizeResult | undefined {
  return results.filter((result) => result.driver === driver).at(-1);
}

function judge(results: SizeResult[], hasPostgres: boolean): TargetResult[] {
  const driver: DriverName = hasPostgres ? "postgres" : "pglite";
  const atTarget = results.find(
    (result) => result.driver === driver && result.patients === targetSize,
  );
  const largest = lastOf(results, driver);
  const timeTarget = `digest for ${formatNumber(targetSize)} patients under ${targetMs} ms on PostgreSQL`;
  const growthTarget = "digest time growing no worse than linearly with patients";
  if (!atTarget || !largest || (largest === atTarget && results.length < 2)) {
    const reason = "The smoke run uses far fewer patients; the full run measures these sizes.";
    return [
      { target: timeTarget, met: undefined, measured: "not run at this size", explanation: reason },
      {
        target: growthTarget,
        met: undefined,
        measured: "not run at these sizes",
        explanation: reason,
      },
    ];
  }
  const timeMet = hasPostgres ? atTarget.medians.digest < targetMs : undefined;
  const exponent =
    Math.log(largest.medians.digest / atTarget.medians.digest) /
    Math.log(largest.patients / atTarget.patients);
  const growthMet = largest === atTarget ? undefined : exponent <= maxGrowthExponent;
  return [
    {
      target: timeTarget,
      met: timeMet,
      measured: `${formatMs(atTarget.medians.digest)} on ${driverLabel(driver)}`,
      explanation:
        timeMet === false
          ? explainSlowDigest(atTarget)
          : timeMet === undefined
            ? "No PostgreSQL server was reachable; the PGlite time is shown instead."
            : undefined,
    },
    {
      target: growthTarget,
      met: growthMet,
      measured:
        `${formatMs(atTarget.medians.digest)} at ${formatNumber(atTarget.patients)} to ` +
        `${formatMs(largest.medians.digest)} at ${formatNumber(largest.patients)}: time grows as ` +
        `patients^${exponent.toFixed(2)} (linear is 1; up to ${maxGrowthExponent} passes, for noise)`,
      explanation: growthMet === false ? explainSlowDigest(largest) : undefined,
    },
  ];
}

/**
 * Explains a slow digest from its plans: how long each part took, which parts read the whole
 * month, and whether an aggregate or sort spilled to disk.
 */
function explainSlowDigest(result: SizeResult): string {
  const digestPlans = result.plans.filter((plan) => plan.label.startsWith("digest"));
  const parts = digestPlans.map(
    (plan) => `${plan.label.replace("digest: ", "")} ${formatMs(plan.executionMs)}`,
  );
  const spilled = digestPlans.some((plan) => /Disk Usage|external merge/.test(plan.text));
  const spill = spilled
    ? " Their hash aggregates and sorts also spilled to disk, because they outgrew work_mem " +
      "(PostgreSQL's default is 4 MB), which makes the time grow faster than the rows."
    : "";
  return (
    `At ${formatNumber(result.patients)} patients the digest's queries took, on the server ` +
    `under EXPLAIN ANALYZE: ${parts.join("; ")}. Two of them aggregate every active encounter ` +
    `of the month (${formatNumber(result.patients * (encountersPerPatient - 1))} rows), and the ` +
    `check for patients without minutes probes the encounters index once per enrolled ` +
    `patient. The indexes are used where they narrow the rows, but the aggregates need every ` +
    `row of the month, so the work follows the number of encounters.${spill}`
  );
}

/** The change that would make the digest read less than the whole month. */
const digestFix =
  "Keep each patient's month minutes per provider in a table that the transactions writing " +
  "encounters update (logEncounter, undo, edit and delete already lock the patient row), so the " +
  "digest reads one row per patient and provider instead of every encounter; that is a schema " +
  "and write-path change, not a small fix. Until then, a larger work_mem for the bot's database " +
  "role (ALTER ROLE … SET work_mem) keeps a large practice's aggregates in memory; it is a " +
  "server setting, not a code change.";
