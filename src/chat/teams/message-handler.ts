import type { TurnContext } from "botbuilder";
import { parseMessage } from "../../parse/index.ts";
import type { ServiceContext } from "../../services/context.ts";
import { handleMessage } from "../../services/handle-message.ts";
import type { MessageSource } from "../../services/log-encounter.ts";
import { claimMessage, releaseMessage } from "../../services/processed-events.ts";
import { commands, runCommand } from "../commands/router.ts";
import { notRecordedReply, replyToMessage } from "../replies/message-replies.ts";
import type { Reply } from "../reply.ts";
import { activityInstant, teamsUser } from "./activity-fields.ts";
import { botMentionNames, cleanTeamsText } from "./message-text.ts";
import { deliverReply } from "./reply-delivery.ts";

/** The bot commands of the manifest; each one is also a `/ccm` subcommand. */
const commandNames = new Set(["help", ...commands.map((command) => command.name)]);

/** A leading `/ccm` or `ccm`, which Teams users may type out of Slack habit. */
const ccmPrefix = /^\/?ccm(?:\s+|$)/i;

/**
 * Handles a Teams message: a bot command from the manifest's command list (`enroll …`,
 * `total …`, `undo`, `help`, optionally after `/ccm`) runs like `/ccm` in Slack, and anything else
 * is a chat message for the parser.
 */
export async function handleTeamsMessage(
  context: ServiceContext,
  turn: TurnContext,
): Promise<void> {
  const activity = turn.activity;
  const text = cleanTeamsText(activity.text ?? "", botMentionNames(activity));
  if (text === "") return;

  const source: MessageSource = {
    platform: "teams",
    channel: activity.conversation.id,
    messageId: activity.id ?? "",
  };
  const instant = activityInstant(activity, context.now);
  let reply: Reply | undefined;
  try {
    const commandText = await toCommandText(context, text, instant);
    reply =
      commandText === undefined
        ? await answerMessage(context, turn, source, text, instant)
        : await answerCommand(context, turn, source, commandText);
  } catch (error) {
    context.logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "Teams message not recorded",
    );
    reply = notRecordedReply();
  }
  if (reply) await deliverReply(turn, reply, context.logger);
}

/**
 * Returns the text after `/ccm` when the message is a command, else undefined. A message that
 * starts with "total" but reads as a log ("total 30 min with J. Doe") is a log: the `total PATIENT`
 * command never carries a duration, and taking it for one would drop the minutes.
 */
export async function toCommandText(
  context: ServiceContext,
  text: string,
  instant: Date,
): Promise<string | undefined> {
  const withoutPrefix = text.replace(ccmPrefix, "");
  if (withoutPrefix !== text) return withoutPrefix;

  const firstWord = /^\S+/.exec(text)?.[0]?.toLowerCase() ?? "";
  if (!commandNames.has(firstWord)) return undefined;
  if (firstWord !== "total") return text;
  const parsed = parseMessage(text, {
    instant,
    timeZone: context.timeZone,
    roster: await context.roster.get(context),
  });
  return parsed.intent === "log" ? undefined : text;
}

async function answerMessage(
  context: ServiceContext,
  turn: TurnContext,
  source: MessageSource,
  text: string,
  instant: Date,
): Promise<Reply | undefined> {
  const outcome = await handleMessage(context, {
    user: teamsUser(turn.activity),
    source,
    text,
    instant,
  });
  return replyToMessage(outcome);
}

/**
 * Runs a command once per activity: Teams redelivers an activity it got no timely response for, and
 * a second `undo` must not undo another entry.
 */
async function answerCommand(
  context: ServiceContext,
  turn: TurnContext,
  source: MessageSource,
  commandText: string,
): Promise<Reply | undefined> {
  if (!(await claimMessage(context, source))) return undefined;
  try {
    return await runCommand(context, {
      user: teamsUser(turn.activity),
      text: commandText,
      instant: context.now(),
    });
  } catch (error) {
    await releaseMessage(context, source).catch(() => {});
    throw error;
  }
}
