import type { TurnContext } from "botbuilder";
import type { ServiceContext } from "../../services/context.ts";
import type { MessageSource } from "../../services/log-encounter.ts";
import { claimMessage, releaseMessage } from "../../services/processed-events.ts";
import { runAction } from "../actions.ts";
import { notRecordedReply } from "../replies/message-replies.ts";
import { type ActionName, actionNames, type Reply } from "../reply.ts";
import { teamsUser } from "./activity-fields.ts";
import { deliverReply } from "./reply-delivery.ts";

const knownActions = new Set<string>(Object.values(actionNames));

/** Checks whether an activity's `value` is the data of one of the bot's buttons. */
export function isBotButton(value: unknown): value is { action: ActionName; value: string } {
  const data = value as { action?: unknown; value?: unknown } | undefined;
  return (
    typeof data?.action === "string" &&
    knownActions.has(data.action) &&
    (data.value === undefined || typeof data.value === "string")
  );
}

/**
 * Runs an Action.Submit press from one of the bot's cards (Undo, a patient choice, Log it). A
 * public reply replaces the card that carried the button, as in Slack, so it cannot be pressed
 * again; a private one goes to the user alone and leaves the card as it was.
 */
export async function handleTeamsButton(context: ServiceContext, turn: TurnContext): Promise<void> {
  const activity = turn.activity;
  if (!isBotButton(activity.value)) return;
  const source: MessageSource = {
    platform: "teams",
    channel: activity.conversation.id,
    messageId: activity.id ?? "",
  };

  let reply: Reply | undefined;
  try {
    reply = await runButtonOnce(context, turn, source, activity.value);
  } catch (error) {
    context.logger.error(
      { err: error, action: activity.value.action, conversationId: activity.conversation.id },
      "Teams button action failed",
    );
    reply = notRecordedReply();
  }
  if (!reply) return;
  const replaceActivityId = reply.audience === "thread" ? activity.replyToId : undefined;
  await deliverReply(turn, reply, context.logger, { replaceActivityId });
}

/**
 * Runs the action once per activity, so a redelivered press is dropped like a redelivered message.
 */
async function runButtonOnce(
  context: ServiceContext,
  turn: TurnContext,
  source: MessageSource,
  data: { action: ActionName; value: string },
): Promise<Reply | undefined> {
  if (!(await claimMessage(context, source))) return undefined;
  try {
    return await runAction(context, {
      user: teamsUser(turn.activity),
      action: data.action,
      value: data.value ?? "",
      instant: context.now(),
    });
  } catch (error) {
    await releaseMessage(context, source).catch(() => {});
    throw error;
  }
}
