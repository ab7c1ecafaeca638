import { join } from "node:path";
import { type DatabaseHandle, openDatabase } from "../../db/client.ts";
import type { Config } from "../config.ts";

/**
 * Opens the database the settings name, as `ccm start` does: PostgreSQL at DATABASE_URL, else
 * PGlite in CCM_DATA_DIR. A PGlite folder takes one process at a time, so while a bot runs on it
 * the command fails with DatabaseLockedError. With PostgreSQL both may run.
 */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : join(config.dataDir, "pglite"),
    maxConnections: 2,
  });
}
