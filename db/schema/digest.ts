import { date, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per practice-local day whose daily digest was queued. The primary key on `localDate`
 * decides which bot process posts: each inserts with ON CONFLICT DO NOTHING in the transaction
 * that queues the post, and only the process whose insert went through queues it.
 */
export const digestRuns = pgTable("digest_runs", {
  localDate: date("local_date").primaryKey(),
  /** The channel the digest went to, or empty when only direct messages were sent. */
  channel: text("channel").notNull(),
  queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
});
