import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { type Platform, providers } from "./people.ts";

/**
 * Platform message identities already handled (`slack:C123:1712345678.000100`), so a retried or
 * duplicated delivery of a message that wrote nothing else is answered only once.
 */
export const processedEvents = pgTable("processed_events", {
  key: text("key").primaryKey(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

export const outboxStatuses = ["pending", "sent", "failed"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Posts the bot owes a channel, written in the same transaction as the change that caused them
 * and delivered afterwards, so a crash between commit and post loses nothing.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    /** A Slack channel id, `teams:<conversation id>` or `console`. */
    channel: text("channel").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    claimId: integer("claim_id"),
    status: text("status").$type<OutboxStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    /** A delivery worker holds the row until then; a crashed worker's lease simply runs out. */
    leasedUntil: timestamp("leased_until", { withTimezone: true }),
    result: jsonb("result").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [index("outbox_due_idx").on(table.status, table.nextAttemptAt)],
);

export const pendingLogStatuses = ["open", "resolved", "cancelled"] as const;
export type PendingLogStatus = (typeof pendingLogStatuses)[number];

/**
 * A log waiting for the provider to pick the patient (ambiguous or unknown name), or for its one
 * candidate patient to be enrolled (not enrolled on the service date). The message text stays
 * here until then, so their words are never lost.
 */
export const pendingLogs = pgTable(
  "pending_logs",
  {
    id: serial("id").primaryKey(),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id),
    sourcePlatform: text("source_platform").$type<Platform>().notNull(),
    sourceChannel: text("source_channel").notNull(),
    sourceMessageId: text("source_message_id").notNull(),
    text: text("text").notNull(),
    minutes: integer("minutes").notNull(),
    serviceDate: date("service_date").notNull(),
    note: text("note").notNull().default(""),
    candidateIds: jsonb("candidate_ids").$type<number[]>().notNull(),
    /** The name as written when no roster patient fits, so the Enroll prompt can offer it. */
    unknownName: text("unknown_name"),
    status: text("status").$type<PendingLogStatus>().notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (table) => [
    unique("pending_logs_source_unique").on(
      table.sourcePlatform,
      table.sourceChannel,
      table.sourceMessageId,
    ),
  ],
);

/** Who changed what and when: enrollments, consent, unenrollments, roles, claim states. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorProviderId: integer("actor_provider_id").references(() => providers.id),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("audit_events_entity_idx").on(table.entity, table.entityId)],
);

export type { Platform };
