import type { TurnContext } from "botbuilder";
import type { MessageSource } from "../../services/log-encounter.ts";
import { claimMessage, releaseMessage } from "../../services/processed-events.ts";
import { runAction } from "../actions.ts";
import { notRecordedReply } from "../replies/message-replies.ts";
import { type ActionName, actionNames, type Reply } from "../reply.ts";
import { teamsUser } from "./activity-fields.ts";
import type { TeamsButtonData } from "./render.ts";
import { deliverReply } from "./reply-delivery.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";

const knownActions = new Set<string>(Object.values(actionNames));

type BotButtonData = TeamsButtonData & { action: ActionName };

/** Checks whether an activity's `value` is the data of one of the bot's buttons. */
export function isBotButton(value: unknown): value is BotButtonData {
  const data = value as { action?: unknown; value?: unknown } | undefined;
  return (
    typeof data?.action === "string" &&
    knownActions.has(data.action) &&
    (data.value === undefined || typeof data.value === "string")
  );
}

/**
 * Runs an Action.Submit press from one of the bot's cards (Undo, a patient choice, Log it, a page
 * of patients, a claim status). A public reply replaces the card that carried the button, as in
 * Slack, so it cannot be pressed again. A private reply replaces the card only when that card was
 * private too, as Slack replaces an ephemeral message. Otherwise it goes to the user alone and
 * leaves the card as it was. A reply that opens a form leaves the card for the form to replace
 * once it is confirmed.
 */
export async function handleTeamsButton(runtime: TeamsRuntime, turn: TurnContext): Promise<void> {
  const { context } = runtime;
  const activity = turn.activity;
  if (!isBotButton(activity.value)) return;
  const data = activity.value;
  const source: MessageSource = {
    platform: "teams",
    channel: activity.conversation.id,
    messageId: activity.id ?? "",
  };

  let reply: Reply | undefined;
  try {
    reply = await runButtonOnce(runtime, turn, source, data);
  } catch (error) {
    context.logger.error(
      { err: error, action: data.action, conversationId: activity.conversation.id },
      "Teams button action failed",
    );
    reply = notRecordedReply();
  }
  if (!reply) return;
  const replace = !reply.form && (reply.audience === "thread" || data.privateCard === true);
  await deliverReply(turn, reply, runtime, {
    replaceActivityId: replace ? activity.replyToId : undefined,
    formOriginId: reply.form ? activity.replyToId : undefined,
  });
}

/**
 * Runs the action once per activity, so a redelivered press is dropped like a redelivered message.
 */
async function runButtonOnce(
  runtime: TeamsRuntime,
  turn: TurnContext,
  source: MessageSource,
  data: BotButtonData,
): Promise<Reply | undefined> {
  const { context } = runtime;
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
