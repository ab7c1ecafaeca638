import { PlatformError } from "../../errors.ts";
import type { OutboxMessage, PostSender } from "../../jobs/outbox-worker.ts";
import type { ServiceContext } from "../../services/context.ts";
import {
  findTeamsConversation,
  type StoredConversationReference,
  teamsChannelPrefix,
} from "../../services/teams-conversations.ts";
import {
  type BillingPayload,
  billingPayloadSchema,
  voidedOriginalReply,
} from "../replies/billing-replies.ts";
import { outboxPostReply } from "../replies/outbox-posts.ts";
import type { ProactiveConnectorClient } from "./connector-client.ts";
import { renderTeamsActivity } from "./render.ts";

/**
 * Sends billing posts to a Teams conversation named `teams:<conversation id>`, as a new message
 * (a new thread in a channel). Every outbox kind, claim posts and billing notes alike, renders
 * through the shared `outboxPostReply`, as in Slack. Presses of the claim status buttons come
 * back through the shared action registry. The conversation's reference comes from the
 * database, stored when the bot last heard from it. A payload that does not fit its kind throws
 * a ZodError, which the outbox records as failed. Every other failure throws PlatformError, so
 * the outbox keeps the post pending and retries it.
 */
export function createTeamsPostSender(
  context: ServiceContext,
  client: ProactiveConnectorClient,
): PostSender {
  return async (message: OutboxMessage) => {
    const reply = outboxPostReply(message.kind, message.payload);
    const conversationId = message.channel.slice(teamsChannelPrefix.length);
    const reference = await findTeamsConversation(context, conversationId);
    if (!reference) {
      throw new PlatformError(
        `No Teams conversation ${conversationId} is known yet: add the bot to it and mention it once`,
      );
    }

    if (message.kind === "claim_voided") {
      const payload = billingPayloadSchema.parse(message.payload);
      await markEarlierPostsVoided(client, reference, message, payload);
    }
    const activityId = await client.send(reference, renderTeamsActivity(reply));
    return { platform: "teams", conversationId, activityId };
  };
}

/**
 * Replaces the earlier "claim earned" cards of a voided claim, so billing staff do not bill from
 * them.
 */
async function markEarlierPostsVoided(
  client: ProactiveConnectorClient,
  reference: StoredConversationReference,
  message: OutboxMessage,
  payload: BillingPayload,
): Promise<void> {
  for (const earlier of message.earlierResults) {
    if (earlier.platform !== "teams" || typeof earlier.activityId !== "string") continue;
    if (earlier.conversationId !== reference.conversation.id) continue;
    await client.update(
      reference,
      earlier.activityId,
      renderTeamsActivity(voidedOriginalReply(payload)),
    );
  }
}
