import { eq, sql } from "drizzle-orm";
import { type StoredConversationReference, teamsConversations } from "../../db/schema/index.ts";
import type { ServiceContext } from "./context.ts";

export type { StoredConversationReference };

/**
 * Inserts or refreshes the reference of a Teams conversation. Returns true when the conversation
 * was new, so the caller can log its id once for the operator who sets `CCM_BILLING_CHANNEL`.
 */
export async function saveTeamsConversation(
  context: ServiceContext,
  reference: StoredConversationReference,
): Promise<boolean> {
  const values = {
    conversationId: reference.conversation.id,
    conversationType: reference.conversation.conversationType ?? null,
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
