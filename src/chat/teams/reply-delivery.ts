import type { Activity, TurnContext } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Logger } from "../../logger.ts";
import { type Reply, textReply } from "../reply.ts";
import { activityTenant } from "./activity-fields.ts";
import { renderTeamsActivity } from "./render.ts";

export interface DeliveryOptions {
  /** The bot's card to replace with the reply, such as the log whose Undo was pressed. */
  replaceActivityId?: string;
}

/**
 * Sends a reply in the conversation of the turn: in a channel as a reply in the message's thread,
 * in a chat as the next message. Failures are logged, never thrown, because the change the reply
 * describes is already committed and Teams would otherwise redeliver the activity.
 */
export async function deliverReply(
  turn: TurnContext,
  reply: Reply,
  logger: Logger,
  options: DeliveryOptions = {},
): Promise<void> {
  const activity = turn.activity;
  try {
    if (reply.audience === "private" && activity.conversation.conversationType !== "personal") {
      await deliverPrivately(turn, reply, logger);
      return;
    }
    if (
      options.replaceActivityId &&
      (await replaceCard(turn, reply, options.replaceActivityId, logger))
    )
      return;
    await turn.sendActivity(renderTeamsActivity(reply));
  } catch (error) {
    logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "Teams reply not delivered",
    );
  }
}

async function replaceCard(
  turn: TurnContext,
  reply: Reply,
  activityId: string,
  logger: Logger,
): Promise<boolean> {
  try {
    await turn.updateActivity({ ...renderTeamsActivity(reply), id: activityId });
    return true;
  } catch (error) {
    logger.warn(
      { err: error, conversationId: turn.activity.conversation.id, activityId },
      "Teams card not replaced; sending the answer as a new message",
    );
    return false;
  }
}

/**
 * Teams has no ephemeral messages: whatever the bot posts in a channel or group chat is visible to
 * every member. A private reply (patient names, candidate buttons, an enrollment) therefore goes to
 * a 1:1 chat between the bot and the person who wrote, and the shared conversation only gets a line
 * without patient details that points there. When the 1:1 chat cannot be opened (for example the
 * app is not installed for that user), the line says so and the private content is not sent.
 */
async function deliverPrivately(turn: TurnContext, reply: Reply, logger: Logger): Promise<void> {
  const activity = turn.activity;
  let notice: Reply;
  try {
    await sendInPersonalChat(turn, reply);
    notice = textReply("thread", ["I sent you the answer in a private chat with me."]);
  } catch (error) {
    logger.warn(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "1:1 chat with the user could not be opened; private reply withheld",
    );
    notice = textReply("thread", [
      "This answer can name a patient, so it only goes to a private chat, and I could not open one with you. Open a 1:1 chat with me and send it there.",
    ]);
  }
  await turn.sendActivity(renderTeamsActivity(notice));
}

async function sendInPersonalChat(turn: TurnContext, reply: Reply): Promise<void> {
  const activity = turn.activity;
  const connector = turn.turnState.get(turn.adapter.ConnectorClientKey) as ConnectorClient;
  const tenantId = activityTenant(activity);
  const conversation = await connector.conversations.createConversation({
    isGroup: false,
    bot: activity.recipient,
    members: [activity.from],
    tenantId,
    channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
  } as Parameters<ConnectorClient["conversations"]["createConversation"]>[0]);
  const message: Partial<Activity> = {
    ...renderTeamsActivity(reply),
    from: activity.recipient,
    conversation: { id: conversation.id, conversationType: "personal" } as Activity["conversation"],
  };
  await connector.conversations.sendToConversation(conversation.id, message);
}
