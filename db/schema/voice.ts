import { sql } from "drizzle-orm";
import { char, integer, pgTable, serial, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { providers } from "./people.ts";

/**
 * Bearer tokens for `POST /voice/log`, one active token per provider. Only the SHA-256 of each
 * token is stored, so a copy of the database cannot be used to log time. A revoked token keeps
 * its row with `revokedAt` set, for the audit trail.
 */
export const voiceTokens = pgTable(
  "voice_tokens",
  {
    id: serial("id").primaryKey(),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id),
    /** Lower-case hex SHA-256 of the whole token. */
    tokenHash: char("token_hash", { length: 64 }).notNull().unique("voice_tokens_hash_unique"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("voice_tokens_one_active_per_provider")
      .on(table.providerId)
      .where(sql`${table.revokedAt} is null`),
  ],
);
