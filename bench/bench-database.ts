import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { Logger as QueryLogger } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, DriverName } from "../db/client.ts";
import * as schema from "../db/schema/index.ts";

/** The PostgreSQL server the benchmarks use unless BENCH_DATABASE_URL names another. */
export const defaultBenchDatabaseUrl = "postgres://app:app@127.0.0.1:54329/app";

const migrationsFolder = fileURLToPath(new URL("../db/migrations", import.meta.url));

/** One SQL statement that drizzle sent, with its parameters. */
export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

/**
 * A migrated database of the benchmark's own: a fresh database on the PostgreSQL server, or
 * PGlite in memory. Drizzle runs on it as the services use it, plus raw SQL for EXPLAIN.
 */
export interface BenchDatabase {
  driver: DriverName;
  db: Database;
  /** Connection URL of the benchmark's database (PostgreSQL only), for a bot in a child process. */
  url?: string;
  /** Runs raw SQL with `$1…` parameters and returns the rows. */
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs `action` and returns the SQL of every drizzle query it made, in order. */
  captureQueries<T>(action: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }>;
  close(): Promise<void>;
}

/** Result of `probePostgres`: the server's version and settings, or the reason it cannot be used. */
export type PostgresProbe =
  | { ok: true; version: string; settings: string }
  | { ok: false; reason: string };

/** Settings that change the write and query numbers. */
const reportedSettings = ["fsync", "synchronous_commit", "shared_buffers", "work_mem", "jit"];

/** Connects once to the server behind `adminUrl` and reads its version and settings. */
export async function probePostgres(adminUrl: string): Promise<PostgresProbe> {
  const client = postgres(adminUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const [row] = await client<{ version: string }[]>`select version() as version`;
    const settings = await client<{ name: string; setting: string; unit: string | null }[]>`
      select name, setting, unit from pg_settings where name in ${client(reportedSettings)}
      order by name`;
    return {
      ok: true,
      version: row?.version ?? "unknown",
      settings: settings
        .map(
          (setting) =>
            `${setting.name}=${setting.setting}${setting.unit ? ` (${setting.unit})` : ""}`,
        )
        .join(", "),
    };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    await client.end({ timeout: 1 });
  }
}

/** `select version()` of the first PGlite database a benchmark opened in this process. */
let pgliteServerVersion: string | undefined;

/** Names the PGlite package version and the PostgreSQL version it embeds, if one was opened. */
export function describePglite(): string {
  const packageFile = fileURLToPath(
    new URL("../node_modules/@electric-sql/pglite/package.json", import.meta.url),
  );
  const { version } = JSON.parse(readFileSync(packageFile, "utf8")) as { version: string };
  const server = pgliteServerVersion?.split(" ").slice(0, 2).join(" ") ?? "not opened in this run";
  return `@electric-sql/pglite ${version} (${server})`;
}

/**
 * Opens a benchmark database. On PostgreSQL it creates a database of its own on the server
 * behind `adminUrl` and drops it on close, so runs never touch the server's other databases.
 */
export async function openBenchDatabase(
  driver: DriverName,
  options: { adminUrl?: string; maxConnections?: number } = {},
): Promise<BenchDatabase> {
  const recorder = new QueryRecorder();
  if (driver === "pglite") return openPglite(recorder);
  if (!options.adminUrl)
    throw new Error("Missing adminUrl: PostgreSQL bench databases need the server URL");
  return openPostgres(options.adminUrl, options.maxConnections ?? 10, recorder);
}

async function openPglite(recorder: QueryRecorder): Promise<BenchDatabase> {
  const client = new PGlite();
  const db = drizzlePglite({ client, schema, logger: recorder });
  await migratePglite(db, { migrationsFolder });
  pgliteServerVersion ??= (await client.query<{ version: string }>("select version() as version"))
    .rows[0]?.version;
  return {
    driver: "pglite",
    db: db as unknown as Database,
    query: async (text, params = []) => {
      const result = await client.query<Record<string, unknown>>(text, params);
      return result.rows;
    },
    captureQueries: (action) => recorder.capture(action),
    close: () => client.close(),
  };
}

async function openPostgres(
  adminUrl: string,
  maxConnections: number,
  recorder: QueryRecorder,
): Promise<BenchDatabase> {
  const name = `ccm_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await runAdmin(adminUrl, `create database ${name}`);
  const url = withDatabaseName(adminUrl, name);
  // Migrations print a NOTICE per run; it is noise here as in the bot.
  const client = postgres(url, { max: maxConnections, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema, logger: recorder });
  await migratePostgres(db, { migrationsFolder });
  return {
    driver: "postgres",
    db: db as unknown as Database,
    url,
    query: async (text, params = []) =>
      (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as Record<
        string,
        unknown
      >[],
    captureQueries: (action) => recorder.capture(action),
    close: async () => {
      await client.end({ timeout: 5 });
      await runAdmin(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function runAdmin(adminUrl: string, statement: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A drizzle logger that keeps queries only while a capture runs, so timed runs keep nothing. */
class QueryRecorder implements QueryLogger {
  private queries: CapturedQuery[] | undefined;

  logQuery(query: string, params: unknown[]): void {
    this.queries?.push({ sql: query, params });
  }

  async capture<T>(action: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
    const queries: CapturedQuery[] = [];
    this.queries = queries;
    try {
      return { result: await action(), queries };
    } finally {
      this.queries = undefined;
    }
  }
}
