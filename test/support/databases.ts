import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { type DatabaseHandle, type DriverName, openDatabase } from "../../db/client.ts";

/**
 * Every database suite runs on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set. Each
 * suite on PostgreSQL gets a database of its own, created here and dropped afterwards, so test
 * files can run in parallel against one server.
 */
export const testDrivers: DriverName[] = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

export interface TestDatabase extends DatabaseHandle {
  /** A connection URL for a second client (PostgreSQL only). */
  url?: string;
  /** Empties every table and restarts ids, for a clean slate between tests. */
  reset(): Promise<void>;
}

export async function openTestDatabase(
  driver: DriverName,
  maxConnections?: number,
): Promise<TestDatabase> {
  if (driver === "pglite") return withReset(await openDatabase({}));
  const adminUrl = requiredAdminUrl();
  const name = `ccm_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = replaceDatabaseName(adminUrl, name);
  const handle = await openDatabase({ url, maxConnections });
  return {
    ...withReset(handle),
    url,
    close: async () => {
      await handle.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

function requiredAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  return url;
}

function replaceDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function withReset(handle: DatabaseHandle): TestDatabase {
  return {
    ...handle,
    reset: async () => {
      await handle.db.execute(sql`
        do $$
        declare names text;
        begin
          select string_agg(format('%I', tablename), ', ') into names
          from pg_tables where schemaname = 'public';
          if names is not null then
            execute 'truncate ' || names || ' restart identity cascade';
          end if;
        end $$`);
    },
  };
}

/**
 * Declares `body` once per driver. `database()` returns the suite's open database, which is
 * emptied before each test.
 */
export function describeDatabases(
  title: string,
  body: (database: () => TestDatabase, driver: DriverName) => void,
): void {
  for (const driver of testDrivers) {
    describe(`${title} [${driver}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(driver);
      });
      afterAll(async () => {
        await database?.close();
      });
      beforeEach(async () => {
        await database?.reset();
      });
      body(() => {
        if (!database) throw new Error("The test database is not open yet");
        return database;
      }, driver);
    });
  }
}
