import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { type Platform, type ProviderRole, patients, providers } from "./people.ts";

/** Why an encounter stopped counting: the Undo button or command, or its message deleted or edited. */
export const voidReasons = ["undo", "deleted", "edited"] as const;
export type VoidReason = (typeof voidReasons)[number];

/**
 * Time spent on one patient, from one chat message. The source columns identify the message on its
 * platform, and their unique constraint is the last guard against counting a message twice.
 * An undone, deleted or edited-away encounter keeps its row with `voidedAt` set, for the audit
 * trail; `voidReason` is then `undo`, `deleted` or `edited`.
 */
export const encounters = pgTable(
  "encounters",
  {
    id: serial("id").primaryKey(),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id),
    providerRole: text("provider_role").$type<ProviderRole>().notNull(),
    minutes: integer("minutes").notNull(),
    serviceDate: date("service_date").notNull(),
    note: text("note").notNull().default(""),
    sourcePlatform: text("source_platform").$type<Platform>().notNull(),
    sourceChannel: text("source_channel").notNull(),
    sourceMessageId: text("source_message_id").notNull(),
    sourceLink: text("source_link"),
    /**
     * Edit marker of the message version the row reflects (Slack `edited.ts`), so a late edit
     * event older than the one applied is skipped. Null until the message is edited.
     */
    sourceRevision: text("source_revision"),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    voidReason: text("void_reason").$type<VoidReason>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique("encounters_source_unique").on(
      table.sourcePlatform,
      table.sourceChannel,
      table.sourceMessageId,
    ),
    index("encounters_patient_date_idx").on(table.patientId, table.serviceDate),
    index("encounters_provider_created_idx").on(table.providerId, table.createdAt),
    // Month-wide reads (the daily digest) scan one month of service dates for every patient.
    index("encounters_service_date_idx").on(table.serviceDate),
    // A provider's own month (App Home, `/ccm total` without a patient).
    index("encounters_provider_date_idx").on(table.providerId, table.serviceDate),
    check("encounters_minutes_range", sql`${table.minutes} > 0 and ${table.minutes} <= 1440`),
  ],
);
