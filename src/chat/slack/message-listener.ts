import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { handleMessage } from "../../services/handle-message.ts";
import type { MessageOutcome } from "../../services/message-outcome.ts";
import { claimMessage } from "../../services/processed-events.ts";
import { replyToMessage } from "../replies/message-replies.ts";
import type { Reply } from "../reply.ts";
import { readPostText, unreadableClipReply } from "./clip-transcript.ts";
import { type SlackMessageEvent, userPostEventSchema } from "./event-shapes.ts";
import { changesProviderMonth, refreshSlackHome } from "./home-listener.ts";
import { processMessageChange } from "./message-change-listener.ts";
import {
  notRecordedReply,
  type ReplyTarget,
  sendReply,
  slackTimestampToDate,
} from "./thread-replies.ts";

/** Subtypes that are ordinary user posts; joins, topic changes and bot posts are not. */
const userPostSubtypes = new Set([undefined, "thread_broadcast", "file_share"]);

/**
 * Listens to messages in channels and DMs the bot is in, and replies to each log in its thread.
 * Edits and deletions go to the change listener. An `app_mention` is the same message again
 * when the bot is also subscribed to the channel's messages; the database counts it once.
 */
export function registerMessageListener(
  app: App,
  context: ServiceContext,
  botUserId: string,
): void {
  app.event("message", async ({ event, client }) => {
    const subtype = (event as { subtype?: unknown }).subtype;
    if (subtype === "message_changed" || subtype === "message_deleted") {
      await processMessageChange(context, client, event, botUserId);
      return;
    }
    await processEvent(context, client, event, botUserId);
  });
  app.event("app_mention", async ({ event, client }) => {
    await processEvent(context, client, event, botUserId);
  });
}

async function processEvent(
  context: ServiceContext,
  client: WebClient,
  event: unknown,
  botUserId: string,
): Promise<void> {
  const parsed = userPostEventSchema.safeParse(event);
  if (!parsed.success) {
    context.logger.warn(
      { eventType: (event as { type?: unknown }).type, issues: parsed.error.issues.length },
      "dropped a Slack message event with missing or invalid fields",
    );
    return;
  }
  if (!isUserPost(parsed.data, botUserId)) return;
  await processUserPost(context, client, parsed.data);
}

export function isUserPost<Message extends Pick<SlackMessageEvent, "subtype" | "bot_id" | "user">>(
  message: Message,
  botUserId: string,
): message is Message & { user: string } {
  if (!userPostSubtypes.has(message.subtype)) return false;
  // The bot's own posts, including DMs that carry bot_id without a subtype, are never parsed.
  if (message.bot_id !== undefined || message.user === undefined) return false;
  return message.user !== botUserId;
}

async function processUserPost(
  context: ServiceContext,
  client: WebClient,
  message: SlackMessageEvent & { user: string },
): Promise<void> {
  const target: ReplyTarget = {
    channel: message.channel,
    threadTs: message.thread_ts ?? message.ts,
    user: message.user,
    isDirectMessage: message.channel_type === "im",
  };
  let reply: Reply | undefined;
  let outcome: MessageOutcome | undefined;
  try {
    const post = readPostText(message);
    const source = { platform: "slack" as const, channel: message.channel, messageId: message.ts };
    outcome = await handleMessage(context, {
      user: { platform: "slack", userId: message.user },
      source,
      text: post.text,
      instant: slackTimestampToDate(message.ts),
    });
    // Claiming the message first keeps a retried delivery from repeating the answer.
    const unreadable =
      outcome.kind === "ignored" && post.hasUnreadableClip && (await claimMessage(context, source));
    reply = unreadable ? unreadableClipReply() : replyToMessage(outcome);
  } catch (error) {
    context.logger.error(
      { err: error, channel: message.channel, ts: message.ts },
      "message not recorded",
    );
    reply = notRecordedReply();
  }
  if (reply) await sendReply(client, target, reply, context.logger);
  if (changesProviderMonth(outcome)) await refreshSlackHome(context, client, message.user);
}
