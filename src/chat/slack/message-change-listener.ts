import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { applyMessageDeletion } from "../../services/delete-encounter.ts";
import { applyMessageEdit } from "../../services/edit-encounter.ts";
import type { EditOutcome } from "../../services/edit-outcome.ts";
import { changeNotAppliedReply, replyToEdit } from "../replies/edit-replies.ts";
import type { Reply } from "../reply.ts";
import {
  messageChangedEventSchema,
  messageDeletedEventSchema,
  type SlackMessageChangedEvent,
  type SlackMessageDeletedEvent,
} from "./event-shapes.ts";
import { type ReplyTarget, sendReply, slackTimestampToDate } from "./thread-replies.ts";

/** Subtypes of an edited message that are still a user's own post. */
const editableSubtypes = new Set([undefined, "thread_broadcast", "file_share"]);

/**
 * Handles `message_changed` and `message_deleted`: the encounter a message recorded follows its
 * text. The bot's own posts and link unfurls, which Slack reports as edits with the same text,
 * change nothing.
 */
export async function processMessageChange(
  context: ServiceContext,
  client: WebClient,
  event: unknown,
  botUserId: string,
): Promise<void> {
  const changed = messageChangedEventSchema.safeParse(event);
  if (changed.success) {
    await processEdit(context, client, changed.data, botUserId);
    return;
  }
  const deleted = messageDeletedEventSchema.safeParse(event);
  if (deleted.success) {
    await processDeletion(context, client, deleted.data, botUserId);
    return;
  }
  context.logger.warn(
    { subtype: (event as { subtype?: unknown }).subtype },
    "dropped a Slack message change event with missing or invalid fields",
  );
}

async function processEdit(
  context: ServiceContext,
  client: WebClient,
  event: SlackMessageChangedEvent,
  botUserId: string,
): Promise<void> {
  const { message } = event;
  const user = message.user;
  if (user === undefined || user === botUserId || message.bot_id !== undefined) return;
  if (!editableSubtypes.has(message.subtype)) return;
  if (event.previous_message?.text === message.text) return;

  const target: ReplyTarget = {
    channel: event.channel,
    threadTs: message.thread_ts ?? message.ts,
    user,
    isDirectMessage: event.channel_type === "im",
  };
  const replies = await runChange(context, "edit", event.channel, message.ts, () =>
    applyMessageEdit(context, {
      user: { platform: "slack", userId: user },
      source: { platform: "slack", channel: event.channel, messageId: message.ts },
      text: message.text ?? "",
      instant: slackTimestampToDate(message.ts),
      revision: message.edited?.ts,
    }),
  );
  for (const reply of replies) await sendReply(client, target, reply, context.logger);
}

async function processDeletion(
  context: ServiceContext,
  client: WebClient,
  event: SlackMessageDeletedEvent,
  botUserId: string,
): Promise<void> {
  const previous = event.previous_message;
  if (previous?.bot_id !== undefined || previous?.user === botUserId) return;

  const replies = await runChange(context, "deletion", event.channel, event.deleted_ts, () =>
    applyMessageDeletion(context, {
      platform: "slack",
      channel: event.channel,
      messageId: event.deleted_ts,
    }),
  );
  // The thread outlives its first message, so the reply goes where the log's reply went.
  const target: ReplyTarget = {
    channel: event.channel,
    threadTs: previous?.thread_ts ?? event.deleted_ts,
    user: previous?.user ?? "",
    isDirectMessage: event.channel_type === "im",
  };
  for (const reply of replies) await sendReply(client, target, reply, context.logger);
}

/** Runs an edit or deletion. A failure is logged and gets a reply, so it is never silent. */
async function runChange(
  context: ServiceContext,
  kind: "edit" | "deletion",
  channel: string,
  ts: string,
  change: () => Promise<EditOutcome>,
): Promise<Reply[]> {
  try {
    return replyToEdit(await change());
  } catch (error) {
    context.logger.error({ err: error, channel, ts }, `message ${kind} not applied`);
    return [changeNotAppliedReply(kind)];
  }
}
