import type { Activity, TurnContext } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Logger } from "../../logger.ts";
import { type Reply, textReply } from "../reply.ts";
import { activityTenant, teamsUser } from "./activity-fields.ts";
import { renderFormActivity } from "./enrollment-card.ts";
import { fileConsentActivity } from "./file-offers.ts";
import { renderTeamsActivity } from "./render.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";

export interface DeliveryOptions {
  /** The bot's card to replace with the reply, such as the log whose Undo was pressed. */
  replaceActivityId?: string;
  /**
   * The card whose button opened the reply's form, such as a refused log's Enroll. The form
   * carries its id, so the recorded log can replace that card once the form is confirmed.
   */
  formOriginId?: string;
}

/**
 * Sends a reply in the conversation of the turn: in a channel as a reply in the message's thread,
 * in a chat as the next message. A reply with a form is sent as the form's card, and each of its
 * files follows as a file consent card. Failures are logged, never thrown, because the change the
 * reply describes is already committed and Teams would otherwise redeliver the activity.
 */
export async function deliverReply(
  turn: TurnContext,
  reply: Reply,
  runtime: TeamsRuntime,
  options: DeliveryOptions = {},
): Promise<void> {
  const activity = turn.activity;
  const logger = runtime.context.logger;
  try {
    const main = reply.form
      ? renderFormActivity(reply.form, options.formOriginId)
      : renderTeamsActivity(reply);
    const fileOffers = offerFiles(turn, reply, runtime);
    const isPrivate = reply.audience === "private" || fileOffers.length > 0;
    if (isPrivate && activity.conversation.conversationType !== "personal") {
      await deliverPrivately(turn, [main, ...fileOffers], logger);
      return;
    }
    const replaced =
      options.replaceActivityId !== undefined &&
      (await replaceCard(turn, main, options.replaceActivityId, logger));
    if (!replaced) await turn.sendActivity(main);
    for (const offer of fileOffers) await turn.sendActivity(offer);
  } catch (error) {
    logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "Teams reply not delivered",
    );
  }
}

/**
 * Offers the reply's files through file consent cards, the only way a bot can put a file into a
 * Teams chat without Microsoft Graph permissions, and one that works in 1:1 chats only. Files
 * therefore always go to the 1:1 chat with the person who asked, which suits exports that carry
 * MRNs.
 */
function offerFiles(turn: TurnContext, reply: Reply, runtime: TeamsRuntime): Partial<Activity>[] {
  const userId = teamsUser(turn.activity).userId;
  return (reply.files ?? []).map((file) =>
    fileConsentActivity(file, runtime.fileOffers.add(userId, file)),
  );
}

async function replaceCard(
  turn: TurnContext,
  message: Partial<Activity>,
  activityId: string,
  logger: Logger,
): Promise<boolean> {
  try {
    await turn.updateActivity({ ...message, id: activityId });
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
 * every member. A private reply (patient names, candidate buttons, an enrollment, a file) therefore
 * goes to a 1:1 chat between the bot and the person who wrote, and the shared conversation only
 * gets a line without patient details that points there. When the 1:1 chat cannot be opened (for
 * example the app is not installed for that user), the line says so and the private content is
 * not sent.
 */
async function deliverPrivately(
  turn: TurnContext,
  messages: Partial<Activity>[],
  logger: Logger,
): Promise<void> {
  const activity = turn.activity;
  let notice: Reply;
  try {
    await sendInPersonalChat(turn, messages);
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

async function sendInPersonalChat(turn: TurnContext, messages: Partial<Activity>[]): Promise<void> {
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
  for (const message of messages) {
    await connector.conversations.sendToConversation(conversation.id, {
      ...message,
      from: activity.recipient,
      conversation: {
        id: conversation.id,
        conversationType: "personal",
      } as Activity["conversation"],
    });
  }
}
