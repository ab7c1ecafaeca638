import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.ts";
import type { ServiceContext } from "../../services/context.ts";
import { handleMessage } from "../../services/handle-message.ts";
import type { MessageOutcome } from "../../services/message-outcome.ts";
import { replyToMessage } from "../replies/message-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import { changesProviderMonth, refreshSlackHome } from "./home-listener.ts";
import { renderSlackMessage } from "./render.ts";

/** The fields of a Slack message event the bot reads; everything else is ignored. */
export interface SlackMessageEvent {
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}

/** Subtypes that are ordinary user posts; joins, topic changes and bot posts are not. */
const userPostSubtypes = new Set([undefined, "thread_broadcast", "file_share"]);

/** Destination of a reply about a message: its thread, visible to all or only to its author. */
export interface ReplyTarget {
  channel: string;
  threadTs: string;
  user: string;
  isDirectMessage: boolean;
}

/** Listens to messages in channels and DMs the bot is in, and replies to each log in its thread. */
export function registerMessageListener(
  app: App,
  context: ServiceContext,
  botUserId: string,
): void {
  app.event("message", async ({ event, client, logger: _ }) => {
    const message = event as unknown as SlackMessageEvent;
    if (!isUserPost(message, botUserId)) return;
    await processUserPost(context, client, message);
  });
}

export function isUserPost(
  message: SlackMessageEvent,
  botUserId: string,
): message is SlackMessageEvent & { user: string } {
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
    outcome = await handleMessage(context, {
      user: { platform: "slack", userId: message.user },
      source: { platform: "slack", channel: message.channel, messageId: message.ts },
      text: message.text ?? "",
      instant: slackTimestampToDate(message.ts),
    });
    reply = replyToMessage(outcome);
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

/** Said when a write failed, so a provider never takes silence for success. */
export function notRecordedReply(): Reply {
  return textReply("thread", [
    "Not recorded: the bot could not save this message just now. Please send it again in a minute.",
  ]);
}

/** Posts a reply in the thread, privately (ephemeral) when it names a patient in a channel. */
export async function sendReply(
  client: WebClient,
  target: ReplyTarget,
  reply: Reply,
  logger: Logger,
): Promise<void> {
  const body = renderSlackMessage(reply);
  try {
    if (reply.audience === "private" && !target.isDirectMessage) {
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        thread_ts: target.threadTs,
        ...body,
      });
    } else {
      await client.chat.postMessage({
        channel: target.channel,
        thread_ts: target.threadTs,
        unfurl_links: false,
        ...body,
      });
    }
  } catch (error) {
    logger.error(
      { err: error, channel: target.channel, threadTs: target.threadTs },
      "reply not delivered",
    );
  }
}

/** Slack's `ts` is seconds since the epoch with microseconds after the dot. */
export function slackTimestampToDate(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}
