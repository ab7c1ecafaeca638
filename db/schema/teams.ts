import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The Bot Framework fields a proactive Teams post needs: which bot, which conversation and the
 * service URL to send to. Teams can only be written to where the bot has been reached before, so
 * every authenticated activity refreshes its conversation's row, and billing posts to
 * `teams:<conversation id>` find the row after a restart.
 */
export interface StoredConversationReference {
  channelId: string;
  serviceUrl: string;
  bot: { id: string; name?: string };
  conversation: {
    id: string;
    conversationType?: string;
    tenantId?: string;
    isGroup?: boolean;
  };
}

/**
 * One row per Teams conversation, keyed by the conversation id without the `;messageid=…` suffix
 * that Teams adds inside a channel thread, so the key is the channel's own id.
 */
export const teamsConversations = pgTable(
  "teams_conversations",
  {
    conversationId: text("conversation_id").primaryKey(),
    /** `personal`, `channel` or `groupChat`. */
    conversationType: text("conversation_type"),
    /**
     * In a personal chat, the user the bot talks to, by the id providers are stored under. The
     * digest's direct messages find a provider's chat by it.
     */
    userId: text("user_id"),
    tenantId: text("tenant_id"),
    serviceUrl: text("service_url").notNull(),
    reference: jsonb("reference").$type<StoredConversationReference>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("teams_conversations_user_idx").on(table.userId)],
);
