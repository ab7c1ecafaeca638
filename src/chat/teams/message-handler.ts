import type { TurnContext } from "botbuilder";
import { parseMessage } from "../../parse/index.ts";
import type { ServiceContext } from "../../services/context.ts";
import { handleMessage } from "../../services/handle-message.ts";
import type { MessageSource } from "../../services/log-encounter.ts";
import { claimMessage, releaseMessage } from "../../services/processed-events.ts";
import { commands, runCommand } from "../commands/router.ts";
import { notRecordedReply, replyToMessage } from "../replies/message-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import { activityInstant, teamsUser } from "./activity-fields.ts";
import { botMentionNames, cleanTeamsText } from "./message-text.ts";
import { deliverReply } from "./reply-delivery.ts";
import { handleRosterUpload, uploadedFile } from "./roster-upload.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";
import { hasUserMentions, resolveUserMentions } from "./user-mentions.ts";

/** The bot commands of the manifest; each one is also a `/ccm` subcommand. */
const commandNames = new Set(["help", ...commands.map((command) => command.name)]);

/**
 * Commands whose reply is a secret. Teams shows everything in a channel or group chat to every
 * member, so these run only in a 1:1 chat with the bot.
 */
const oneToOneCommands = new Set(["voice-token"]);

/** A leading `/ccm` or `ccm`, which Teams users may type out of Slack habit. */
const ccmPrefix = /^\/?ccm(?:\s+|$)/i;

/**
 * Handles a Teams message. A file sent in a 1:1 chat is a roster to import. A bot command from
 * the manifest's command list (`enroll …`, `total …`, `undo`, `help`, optionally after `/ccm`)
 * runs like `/ccm` in Slack. Anything else is a chat message for the parser.
 */
export async function handleTeamsMessage(runtime: TeamsRuntime, turn: TurnContext): Promise<void> {
  const { context } = runtime;
  const activity = turn.activity;
  const file = uploadedFile(activity);
  if (file) {
    await handleRosterUpload(runtime, turn, file);
    return;
  }
  const botNames = botMentionNames(activity);
  const text = cleanTeamsText(activity.text ?? "", botNames);
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
        ? await answerMessage(runtime, turn, source, text, instant)
        : await answerCommand(runtime, turn, source, commandText, botNames, instant);
  } catch (error) {
    context.logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "Teams message not recorded",
    );
    reply = notRecordedReply();
  }
  if (reply) await deliverReply(turn, reply, runtime);
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
  runtime: TeamsRuntime,
  turn: TurnContext,
  source: MessageSource,
  text: string,
  instant: Date,
): Promise<Reply | undefined> {
  const outcome = await handleMessage(runtime.context, {
    user: teamsUser(turn.activity),
    source,
    text,
    instant,
  });
  return replyToMessage(outcome);
}

/**
 * Runs a command once per activity: Teams redelivers an activity it got no timely response for, and
 * a second `undo` must not undo another entry. People mentioned in the command, as in `provider
 * add @Jane physician`, reach it as `<@aadObjectId|Name>`.
 */
async function answerCommand(
  runtime: TeamsRuntime,
  turn: TurnContext,
  source: MessageSource,
  commandText: string,
  botNames: readonly string[],
  instant: Date,
): Promise<Reply | undefined> {
  const { context } = runtime;
  const activity = turn.activity;
  const name = /^\S*/.exec(commandText)?.[0]?.toLowerCase() ?? "";
  if (oneToOneCommands.has(name) && activity.conversation.conversationType !== "personal") {
    return oneToOneOnlyReply(name);
  }

  let text = commandText;
  if (hasUserMentions(activity)) {
    const mentions = await resolveUserMentions(turn, context.logger);
    if (mentions.unresolved.length > 0) return unresolvedMentionReply(mentions.unresolved);
    const withMentions = cleanTeamsText(activity.text ?? "", botNames, mentions.userIds);
    text = (await toCommandText(context, withMentions, instant)) ?? commandText;
  }

  if (!(await claimMessage(context, source))) return undefined;
  try {
    return await runCommand(context, { user: teamsUser(activity), text, instant: context.now() });
  } catch (error) {
    await releaseMessage(context, source).catch(() => {});
    throw error;
  }
}

function oneToOneOnlyReply(name: string): Reply {
  return textReply("thread", [
    "The answer to ",
    { code: name },
    " is a secret, so it runs only in a 1:1 chat with me, where no one else can read it. Nothing changed; send the command to me there.",
  ]);
}

function unresolvedMentionReply(names: string[]): Reply {
  return textReply("private", [
    `The command did not run: I could not find ${names.join(", ")} among the members of this team or chat. Run it where they are a member, or again in a minute if Teams was busy.`,
  ]);
}
