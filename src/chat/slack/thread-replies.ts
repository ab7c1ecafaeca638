import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.ts";
import { type Reply, textReply } from "../reply.ts";
import { renderSlackMessage } from "./render.ts";

/** The thread a reply about a message goes to, and whether only its author may see it. */
export interface ReplyTarget {
  channel: string;
  threadTs: string;
  user: string;
  isDirectMessage: boolean;
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
