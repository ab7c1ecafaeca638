import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { DatabaseLockedError, DatabaseOpenError } from "../src/errors.ts";
import { lockFolder } from "./folder-lock.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;

/** The drizzle database, whichever driver is underneath: both speak PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>;
/** Anything a query can run on: the database itself or an open transaction. */
export type Executor = Database | Transaction;

export type DriverName = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  driver: DriverName;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…`; selects PostgreSQL through postgres.js. */
  url?: string;
  /** PGlite data folder, used when `url` is absent; omitted means in memory. */
  dataDir?: string;
  /** Most connections postgres.js opens; PGlite always has one. */
  maxConnections?: number;
}

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Opens PostgreSQL when a URL is given, else PGlite, and applies pending migrations. Throws
 * DatabaseOpenError, which names the server or folder and the cause, when either step fails, and
 * DatabaseLockedError when another process has the PGlite folder open.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    try {
      return await openPostgres(options.url, options.maxConnections ?? 10);
    } catch (error) {
      throw new DatabaseOpenError(
        `PostgreSQL database at ${serverOf(options.url)}`,
        "DATABASE_URL",
        error,
      );
    }
  }
  try {
    return await openPglite(options.dataDir);
  } catch (error) {
    if (error instanceof DatabaseLockedError) throw error;
    throw new DatabaseOpenError(
      `PGlite database in ${options.dataDir ?? "memory"}`,
      "CCM_DATA_DIR",
      error,
    );
  }
}

/** Returns the host, port and database of a connection URL, without its user or password. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

async function openPostgres(url: string, maxConnections: number): Promise<DatabaseHandle> {
  // Migrations print a NOTICE per run ("schema drizzle already exists"); it is noise.
  const client = postgres(url, { max: maxConnections, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema });
  await migratePostgres(db, { migrationsFolder });
  return {
    db: db as unknown as Database,
    driver: "postgres",
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Opens PGlite in `dataDir`, or in memory. A folder is locked for the life of the handle, because
 * PGlite takes no lock itself and two processes on one folder overwrite each other's writes.
 */
async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  // PGlite does not create missing parent folders.
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lock = dataDir ? lockFolder(dataDir) : undefined;
  try {
    const client = new PGlite(dataDir);
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Database,
      driver: "pglite",
      close: async () => {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
