import { char, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { patients, providers } from "./people.ts";

/**
 * Patient-months marked complex: moderate or high complexity decision making with a care plan
 * established or substantially revised, which lets the month bill complex CCM (99487/99489).
 */
export const complexMonths = pgTable(
  "complex_months",
  {
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    /** `YYYY-MM` in the practice time zone. */
    month: char("month", { length: 7 }).notNull(),
    markedByProviderId: integer("marked_by_provider_id").references(() => providers.id),
    markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.patientId, table.month] })],
);

/** Months billing staff closed: logs dated in them, undos and edits are refused. */
export const closedMonths = pgTable("closed_months", {
  /** `YYYY-MM` in the practice time zone. */
  month: char("month", { length: 7 }).primaryKey(),
  closedByProviderId: integer("closed_by_provider_id").references(() => providers.id),
  closedAt: timestamp("closed_at", { withTimezone: true }).notNull().defaultNow(),
});
