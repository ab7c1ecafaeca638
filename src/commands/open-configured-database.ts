import { join } from "node:path";
import { type DatabaseHandle, openDatabase } from "../../db/client.ts";
import type { Config } from "../config.ts";

/**
 * Opens the database the settings name, as `ccm start` does: PostgreSQL at DATABASE_URL, else
 * PGlite in CCM_DATA_DIR. PGlite takes no lock on its folder, so a command must not use the folder
 * of a bot that is running; with PostgreSQL it may.
 */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : join(config.dataDir, "pglite"),
    maxConnections: 2,
  });
}
