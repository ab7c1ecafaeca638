import { sql } from "drizzle-orm";
import type { DriverName } from "../db/client.ts";
import type { ServiceContext } from "../src/services/context.ts";
import { logEncounter } from "../src/services/log-encounter.ts";
import type { Provider } from "../src/services/providers.ts";
import { type BenchDatabase, openBenchDatabase } from "./bench-database.ts";
import { measureClosedLoop, median } from "./measure.ts";
import {
  type BenchmarkOptions,
  type BenchmarkSection,
  formatNumber,
  formatRatio,
  type Table,
  type TargetResult,
} from "./section.ts";
import { seedNumberedPatients, seedProviders } from "./seed-data.ts";
import { benchToday, createBenchContext } from "./service-context.ts";

/** logEncounter must reach at least this fraction of the plain insert's rate. */
const targetRatio = 0.5;
const concurrencies = [1, 8];

interface Plan {
  patients: number;
  warmupMs: number;
  rounds: number;
  roundMs: number;
}

const fullPlan: Plan = { patients: 5_000, warmupMs: 1_000, rounds: 3, roundMs: 3_000 };
const smokePlan: Plan = { patients: 100, warmupMs: 50, rounds: 1, roundMs: 200 };

/** One line of results: logEncounter and the plain insert under the same load. */
interface WriteResult {
  driver: DriverName;
  clients: number;
  hotPatient: boolean;
  logRate: number;
  insertRate: number;
  /** A transaction with as many trivial statements as logEncounter sends: the round-trip floor. */
  roundTripRate: number;
}

/**
 * Measures `logEncounter` transactions per second at 1 and 8 concurrent clients on PostgreSQL and
 * PGlite, against a plain single-row insert into a table of the same shape in the same database.
 */
export async function runWriteBenchmark(options: BenchmarkOptions): Promise<BenchmarkSection> {
  const plan = options.smoke ? smokePlan : fullPlan;
  const drivers: DriverName[] = options.postgresUrl ? ["postgres", "pglite"] : ["pglite"];
  const results: WriteResult[] = [];
  let statements: string[] = [];
  for (const driver of drivers) {
    options.log(`write: ${driver}`);
    const database = await openBenchDatabase(driver, {
      adminUrl: options.postgresUrl,
      maxConnections: 10,
    });
    try {
      const measured = await measureDriver(database, plan);
      results.push(...measured.results);
      statements = measured.statements;
    } finally {
      await database.close();
    }
  }
  return describeResults(results, statements, plan, options.postgresUrl !== undefined);
}

/** The writes one database gets: the service call and the plain insert it is compared with. */
class WriteWorkload {
  private sequence = 0;

  /** Statements one logEncounter sends besides BEGIN and COMMIT; set once they are captured. */
  statementCount = 0;

  constructor(
    private readonly database: BenchDatabase,
    private readonly context: ServiceContext,
    private readonly providers: Provider[],
  ) {}

  /** Logs a few minutes for `patientId` as a new chat message; fails unless it was recorded. */
  async logFor(patientId: number): Promise<void> {
    const number = this.next();
    const result = await logEncounter(this.context, {
      patientId,
      provider: this.providers[number % this.providers.length] as Provider,
      minutes: 1 + (number % 9),
      serviceDate: serviceDateOf(number),
      note: "care coordination",
      source: { platform: "slack", channel: "CBENCH", messageId: `write.${number}` },
    });
    if (result.status !== "recorded") {
      throw new Error(`logEncounter returned ${result.status} for patient ${patientId}`);
    }
  }

  /** Inserts one row into the plain table, as one statement outside any explicit transaction. */
  async insertFor(patientId: number): Promise<void> {
    const number = this.next();
    const provider = this.providers[number % this.providers.length] as Provider;
    await this.database.db.execute(sql`
      insert into bench_plain_encounters (patient_id, provider_id, provider_role, minutes,
        service_date, note, source_platform, source_channel, source_message_id)
      values (${patientId}, ${provider.id}, ${provider.role}, ${1 + (number % 9)},
        ${serviceDateOf(number)}, 'care coordination', 'slack', 'CBENCH', ${`plain.${number}`})`);
  }

  /** Runs a transaction of `statementCount` `select 1` statements: round trips and nothing else. */
  async roundTrips(): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      for (let statement = 0; statement < this.statementCount; statement += 1) {
        await tx.execute(sql`select 1`);
      }
    });
  }

  private next(): number {
    this.sequence += 1;
    return this.sequence;
  }
}

/** Days 1 to 24 of March 2026, the benchmark's month up to its "today". */
function serviceDateOf(number: number): string {
  const day = 1 + (number % Number(benchToday.slice(8)));
  return `2026-03-${String(day).padStart(2, "0")}`;
}

async function measureDriver(
  database: BenchDatabase,
  plan: Plan,
): Promise<{ results: WriteResult[]; statements: string[] }> {
  const providers = await seedProviders(database.db, 8);
  await seedNumberedPatients(database.db, 1, plan.patients);
  const patientIds = Array.from({ length: plan.patients }, (_, position) => position + 1);
  // Same columns, defaults, checks and indexes as encounters; LIKE copies no foreign keys.
  await database.query(
    "create table bench_plain_encounters (like encounters including defaults including constraints including indexes)",
  );
  const workload = new WriteWorkload(database, createBenchContext(database.db), providers);
  const captured = await database.captureQueries(() => workload.logFor(plan.patients));
  const statements = captured.queries.map((query) => query.sql.split(/\s+/)[0] ?? "");
  workload.statementCount = statements.length;

  const results: WriteResult[] = [];
  let nextPatient = 0;
  const spread = () => patientIds[nextPatient++ % patientIds.length] as number;
  for (const clients of concurrencies) {
    results.push(await compare(database.driver, clients, false, workload, spread, plan));
  }

  // One patient takes every log: the row lock then serialises the transactions.
  let hotPatient = plan.patients;
  const hot = () => hotPatient;
  const nextHotPatient = () => {
    hotPatient -= 1;
  };
  results.push(await compare(database.driver, 8, true, workload, hot, plan, nextHotPatient));
  return { results, statements };
}

/**
 * Runs logEncounter and the plain insert in alternating rounds at `clients` concurrency and keeps
 * the median rate of each. `beforeRound` lets the hot-patient line start each round on a patient
 * with no logs yet, so its month does not grow across rounds.
 */
async function compare(
  driver: DriverName,
  clients: number,
  hotPatient: boolean,
  workload: WriteWorkload,
  choosePatient: () => number,
  plan: Plan,
  beforeRound: () => void = () => {},
): Promise<WriteResult> {
  const logOnce = () => workload.logFor(choosePatient());
  const insertOnce = () => workload.insertFor(choosePatient());
  const roundTripsOnce = () => workload.roundTrips();
  const warmup = { concurrency: clients, durationMs: plan.warmupMs };
  await measureClosedLoop(logOnce, warmup);
  await measureClosedLoop(insertOnce, warmup);
  await measureClosedLoop(roundTripsOnce, warmup);

  const logRates: number[] = [];
  const insertRates: number[] = [];
  const roundTripRates: number[] = [];
  const round = { concurrency: clients, durationMs: plan.roundMs };
  for (let number = 0; number < plan.rounds; number += 1) {
    beforeRound();
    logRates.push(await measureClosedLoop(logOnce, round));
    insertRates.push(await measureClosedLoop(insertOnce, round));
    roundTripRates.push(await measureClosedLoop(roundTripsOnce, round));
  }
  return {
    driver,
    clients,
    hotPatient,
    logRate: median(logRates),
    insertRate: median(insertRates),
    roundTripRate: median(roundTripRates),
  };
}

function describeResults(
  results: WriteResult[],
  statements: string[],
  plan: Plan,
  hasPostgres: boolean,
): BenchmarkSection {
  const table: Table = {
    columns: [
      "database",
      "clients",
      "patients",
      "logEncounter (tx/s)",
      "plain insert (rows/s)",
      "ratio",
      "same round trips of select 1 (tx/s)",
    ],
    rows: results.map((result) => [
      result.driver === "postgres" ? "PostgreSQL" : "PGlite",
      result.driver === "pglite" && result.clients > 1
        ? `${result.clients} in flight on one connection`
        : String(result.clients),
      result.hotPatient ? "one hot patient" : `spread over ${formatNumber(plan.patients)}`,
      formatNumber(result.logRate),
      formatNumber(result.insertRate),
      formatRatio(result.logRate / result.insertRate),
      formatNumber(result.roundTripRate),
    ]),
  };
  const notes = hasPostgres
    ? []
    : ["PostgreSQL was skipped because no server was reachable (see Machine); PGlite only."];
  return {
    title: "Write path",
    method: [
      "Transactions per second of `logEncounter` (lock the patient row, check the enrollment " +
        "and closed months, insert the encounter, reconcile the month's claims with their " +
        "outbox posts, read the month summary), against a plain single-row `insert` into " +
        "`bench_plain_encounters`, created `like encounters` with the same columns, defaults, " +
        "checks and indexes, in the same database, through the same drizzle client.",
      `Clients are closed loops: each starts its next call when the previous one settles. The ` +
        `logs go round-robin over ${formatNumber(plan.patients)} enrolled patients, so the ` +
        `patient row lock is rarely contended; the hot-patient line sends every log to one ` +
        `patient. PostgreSQL uses a pool of 10 connections. PGlite has a single connection, so ` +
        `its 8 clients are 8 calls in flight that PGlite runs one at a time.`,
      `After a ${formatNumber(plan.warmupMs)} ms warm-up of each, the two alternate in ` +
        `${plan.rounds} rounds of ${formatNumber(plan.roundMs)} ms; the table gives the median ` +
        `round.`,
    ],
    tables: [table],
    targets: results
      .filter((result) => !result.hotPatient)
      .map((result) => judge(result, statements)),
    fix: writeFix,
    notes: [...notes, describeStatements(statements)],
  };
}

function judge(result: WriteResult, statements: string[]): TargetResult {
  const ratio = result.logRate / result.insertRate;
  const database = result.driver === "postgres" ? "PostgreSQL" : "PGlite";
  const met = ratio >= targetRatio;
  return {
    target: `logEncounter at least ${targetRatio}× the plain insert's rate, ${database}, ${result.clients} client${result.clients > 1 ? "s" : ""}`,
    met,
    measured: `${formatRatio(ratio)} (${formatNumber(result.logRate)} vs ${formatNumber(result.insertRate)}/s)`,
    explanation: met ? undefined : explainMiss(result, statements),
  };
}

/** Counts the statements of one logEncounter by their first keyword. */
function describeStatements(statements: string[]): string {
  const counts = new Map<string, number>();
  for (const keyword of statements) counts.set(keyword, (counts.get(keyword) ?? 0) + 1);
  const parts = [...counts].map(([keyword, count]) => `${count} ${keyword}`);
  return (
    `One logEncounter (the first log of its patient that month, captured with drizzle's ` +
    `query logger) sent ${statements.length} statements, ${parts.join(", ")}, plus BEGIN and ` +
    `COMMIT. Logs that earn a code add the claim insert and its outbox post.`
  );
}

/**
 * Explains a missed write target: logEncounter is a transaction of many statements, each a round
 * trip, and the round-trip line measures how far that alone caps it.
 */
function explainMiss(result: WriteResult, statements: string[]): string {
  const floor = result.roundTripRate / result.insertRate;
  const capped = floor < targetRatio ? "already below the target" : "within the target";
  return (
    `logEncounter sends ${statements.length + 2} statements with BEGIN and COMMIT, each a round ` +
    `trip; the same number of \`select 1\` round trips runs at ${formatRatio(floor)} the plain ` +
    `insert's rate, ${capped}, and logEncounter at ${formatRatio(result.logRate / result.roundTripRate)} ` +
    `of that.`
  );
}

/** The change that would speed up logEncounter; the same whatever the numbers. */
const writeFix =
  "Fewer round trips and less query building per log. The month summary could reuse the " +
  "encounters and claims that reconcileMonth has just read instead of reading them again; the " +
  "independent reads of a month's facts could go out together (postgres.js pipelines queries " +
  "issued at once on one connection); the enrollment and closed-month checks could join the " +
  "locking query; and drizzle's prepared queries would stop rebuilding the SQL text of every " +
  "statement on each call. Half the rate of a single insert would still need about two round " +
  "trips, which means moving the claim rules into SQL or reconciling claims after the commit.";
