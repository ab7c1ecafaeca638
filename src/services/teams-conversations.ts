import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { type StoredConversationReference, teamsConversations } from "../../db/schema/index.ts";
import type { ServiceContext } from "./context.ts";

export type { StoredConversationReference };

/** Prefix of `CCM_BILLING_CHANNEL` and outbox channels that name a Teams conversation. */
export const teamsChannelPrefix = "teams:";

/**
 * Inserts or refreshes the reference of a Teams conversation. `personalUserId` names the user of
 * a personal chat. Returns true when the conversation was new, so the caller can log its id once
 * for the operator who sets `CCM_BILLING_CHANNEL`.
 */
export async function saveTeamsConversation(
  context: ServiceContext,
  reference: StoredConversationReference,
  personalUserId?: string,
): Promise<boolean> {
  const values = {
    conversationId: reference.conversation.id,
    conversationType: reference.conversation.conversationType ?? null,
    userId: personalUserId ?? null,
    tenantId: reference.conversation.tenantId ?? null,
    serviceUrl: reference.serviceUrl,
    reference,
  };
  const inserted = await context.db
    .insert(teamsConversations)
    .values(values)
    .onConflictDoNothing({ target: teamsConversations.conversationId })
    .returning({ conversationId: teamsConversations.conversationId });
  if (inserted.length > 0) return true;

  // Teams may move a conversation to another service URL, so the latest one always wins.
  await context.db
    .update(teamsConversations)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(teamsConversations.conversationId, reference.conversation.id));
  return false;
}

export async function findTeamsConversation(
  context: ServiceContext,
  conversationId: string,
): Promise<StoredConversationReference | undefined> {
  const [row] = await context.db
    .select({ reference: teamsConversations.reference })
    .from(teamsConversations)
    .where(eq(teamsConversations.conversationId, conversationId));
  return row?.reference;
}

/**
 * Returns the personal chat of each given Teams user that has one, by user id. A user reached
 * from several service URLs or tenants keeps the chat heard from last.
 */
export async function findPersonalConversations(
  executor: Executor,
  userIds: string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await executor
    .select({
      userId: teamsConversations.userId,
      conversationId: teamsConversations.conversationId,
    })
    .from(teamsConversations)
    .where(
      and(
        eq(teamsConversations.conversationType, "personal"),
        inArray(teamsConversations.userId, userIds),
      ),
    )
    .orderBy(desc(teamsConversations.updatedAt));

  const chats = new Map<string, string>();
  for (const row of rows) {
    if (row.userId && !chats.has(row.userId)) chats.set(row.userId, row.conversationId);
  }
  return chats;
}
