import type { WebClient } from "@slack/web-api";
import { PlatformError } from "../../errors.ts";
import type { OutboxMessage, PostSender } from "../../jobs/outbox-worker.ts";
import { billingPayloadSchema, voidedOriginalReply } from "../replies/billing-replies.ts";
import { outboxPostReply } from "../replies/outbox-posts.ts";
import { renderSlackMessage } from "./render.ts";

/**
 * Sends outbox posts through the Slack Web API: billing-channel posts and daily digests. A
 * digest's direct message has a Slack user id as its channel, which chat.postMessage accepts.
 */
export function createSlackPostSender(client: WebClient): PostSender {
  return async (message: OutboxMessage) => {
    const reply = outboxPostReply(message.kind, message.payload);
    try {
      if (message.kind === "claim_voided") {
        const payload = billingPayloadSchema.parse(message.payload);
        await markEarlierPostsVoided(client, message, payload);
      }
      const response = await client.chat.postMessage({
        channel: message.channel,
        ...renderSlackMessage(reply),
        unfurl_links: false,
      });
      return { platform: "slack", channel: response.channel, ts: response.ts };
    } catch (error) {
      throw toPlatformError(error);
    }
  };
}

/** Edits the earlier "claim earned" posts of a voided claim so that billing staff do not submit it. */
async function markEarlierPostsVoided(
  client: WebClient,
  message: OutboxMessage,
  payload: ReturnType<typeof billingPayloadSchema.parse>,
): Promise<void> {
  for (const earlier of message.earlierResults) {
    if (typeof earlier.channel !== "string" || typeof earlier.ts !== "string") continue;
    await client.chat.update({
      channel: earlier.channel,
      ts: earlier.ts,
      ...renderSlackMessage(voidedOriginalReply(payload)),
    });
  }
}

/** Keeps Slack's Retry-After on rate limits so the outbox waits as long as Slack requires. */
export function toPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const details = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    message?: string;
  };
  if (details.code === "slack_webapi_rate_limited_error") {
    return new PlatformError("Slack rate limited the call", details.retryAfter, { cause: error });
  }
  const reason = details.data?.error ?? details.message ?? String(error);
  return new PlatformError(`Slack call failed: ${reason}`, undefined, { cause: error });
}
