import { sql } from "drizzle-orm";
import { patients } from "../../db/schema/index.ts";
import { buildRosterIndex, type RosterIndex } from "../patients/roster-index.ts";
import type { ServiceContext } from "./context.ts";

/**
 * The patient roster as a matching index, rebuilt only when patients change. A cheap
 * count-and-latest-update query detects changes made by other processes on the same database.
 */
export class RosterCache {
  private index: RosterIndex | undefined;
  private version = "";

  async get(context: ServiceContext): Promise<RosterIndex> {
    const version = await this.readVersion(context);
    if (this.index && version === this.version) return this.index;
    const rows = await context.db
      .select({
        id: patients.id,
        name: patients.name,
        mrn: patients.mrn,
        aliases: patients.aliases,
      })
      .from(patients);
    this.index = buildRosterIndex(
      rows.map((row) => ({
        id: String(row.id),
        name: row.name,
        mrn: row.mrn,
        aliases: row.aliases,
      })),
    );
    this.version = version;
    return this.index;
  }

  private async readVersion(context: ServiceContext): Promise<string> {
    const [row] = await context.db
      .select({
        count: sql<number>`count(*)::int`.mapWith(Number),
        latest: sql<string>`coalesce(max(${patients.updatedAt})::text, '')`,
      })
      .from(patients);
    return `${row?.count ?? 0}@${row?.latest ?? ""}`;
  }
}
