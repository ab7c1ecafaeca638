import { randomUUID } from "node:crypto";

/** The ids a fake Teams tenant uses in tests. */
export const teamsIds = {
  tenant: "tenant-1",
  bot: "28:ccm-bot",
  botName: "CCM Bot",
  admin: "aad-admin",
  adminChannelId: "29:admin",
  channel: "19:care-team@thread.tacv2",
  billingChannel: "19:billing@thread.tacv2",
  groupChat: "19:group-chat@thread.v2",
  personalChat: "a:personal-admin",
} as const;

export type ConversationKind = "channel" | "groupChat" | "personal";

export interface TeamsMessageFields {
  serviceUrl: string;
  text?: string;
  /** Activity id; a fresh one when absent. */
  id?: string;
  kind?: ConversationKind;
  /** Conversation id; defaults to the care-team channel, group chat or personal chat of `kind`. */
  conversationId?: string;
  /** AAD object id of the sender. */
  user?: string;
  /** When the message was sent. */
  timestamp?: Date;
  /** Bot mention entities to add, by the text Teams puts in the message (`<at>CCM Bot</at>`). */
  botMentions?: string[];
  /** Mention entities of people, with their `29:` id and, when Teams sends it, AAD object id. */
  userMentions?: { text: string; id: string; name: string; aadObjectId?: string }[];
  value?: Record<string, unknown>;
  /** Attachments as Teams sends them, such as a file's download info in a 1:1 chat. */
  attachments?: Record<string, unknown>[];
  replyToId?: string;
  tenant?: string;
  /** The bot's display name, as `recipient.name` and in its mention entities. */
  botName?: string;
}

/** Builds a Bot Framework message activity as Teams posts it to the bot's endpoint. */
export function teamsMessage(fields: TeamsMessageFields): Record<string, unknown> {
  const kind = fields.kind ?? "channel";
  const id = fields.id ?? randomUUID();
  const baseConversation = fields.conversationId ?? defaultConversation(kind);
  const conversationId =
    kind === "channel" ? `${baseConversation};messageid=${id}` : baseConversation;
  const user = fields.user ?? teamsIds.admin;
  const tenant = fields.tenant ?? teamsIds.tenant;
  return {
    type: "message",
    id,
    channelId: "msteams",
    serviceUrl: fields.serviceUrl,
    timestamp: (fields.timestamp ?? new Date()).toISOString(),
    from: { id: `29:${user}`, aadObjectId: user, name: "Test User" },
    recipient: { id: teamsIds.bot, name: fields.botName ?? teamsIds.botName },
    conversation: {
      id: conversationId,
      conversationType: kind,
      tenantId: tenant,
      ...(kind === "personal" ? {} : { isGroup: true }),
    },
    channelData: {
      tenant: { id: tenant },
      ...(kind === "channel" ? { channel: { id: baseConversation }, team: { id: "19:team" } } : {}),
    },
    textFormat: "plain",
    ...(fields.text !== undefined ? { text: fields.text } : {}),
    ...(fields.value ? { value: fields.value } : {}),
    ...(fields.attachments ? { attachments: fields.attachments } : {}),
    ...(fields.replyToId ? { replyToId: fields.replyToId } : {}),
    entities: [
      ...(fields.botMentions ?? []).map((text) => ({
        type: "mention",
        text,
        mentioned: { id: teamsIds.bot, name: fields.botName ?? teamsIds.botName },
      })),
      ...(fields.userMentions ?? []).map(({ text, ...mentioned }) => ({
        type: "mention",
        text,
        mentioned,
      })),
    ],
  };
}

/** Builds the message activity Teams sends when a card's Action.Submit button is pressed. */
export function teamsButtonPress(
  fields: Omit<TeamsMessageFields, "text" | "value"> & { data: { action: string; value: string } },
): Record<string, unknown> {
  return teamsMessage({ ...fields, value: fields.data });
}

/**
 * Builds the `messageUpdate` activity Teams sends when a user edits a message: the edited
 * message's id, its new text, and `channelData.eventType` `editMessage`. `timestamp` is the
 * time of the edit.
 */
export function teamsMessageEdit(
  fields: TeamsMessageFields & { id: string },
): Record<string, unknown> {
  const message = teamsMessage(fields);
  return {
    ...message,
    type: "messageUpdate",
    channelData: { ...(message.channelData as object), eventType: "editMessage" },
  };
}

/**
 * Builds the `messageDelete` activity Teams sends when a user deletes a message: the deleted
 * message's id, no text, and `channelData.eventType` `softDeleteMessage`.
 */
export function teamsMessageDeletion(
  fields: Omit<TeamsMessageFields, "text"> & { id: string },
): Record<string, unknown> {
  const message = teamsMessage(fields);
  return {
    ...message,
    type: "messageDelete",
    channelData: { ...(message.channelData as object), eventType: "softDeleteMessage" },
  };
}

/** Builds the conversationUpdate Teams sends when the bot is added to a team channel. */
export function teamsBotAdded(fields: {
  serviceUrl: string;
  channel: string;
  tenant?: string;
}): Record<string, unknown> {
  const tenant = fields.tenant ?? teamsIds.tenant;
  return {
    type: "conversationUpdate",
    id: randomUUID(),
    channelId: "msteams",
    serviceUrl: fields.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${teamsIds.admin}`, aadObjectId: teamsIds.admin },
    recipient: { id: teamsIds.bot, name: teamsIds.botName },
    conversation: {
      id: fields.channel,
      conversationType: "channel",
      tenantId: tenant,
      isGroup: true,
    },
    membersAdded: [{ id: teamsIds.bot }],
    channelData: {
      tenant: { id: tenant },
      team: { id: "19:team" },
      channel: { id: fields.channel },
      eventType: "teamMemberAdded",
    },
  };
}

function defaultConversation(kind: ConversationKind): string {
  if (kind === "personal") return teamsIds.personalChat;
  if (kind === "groupChat") return teamsIds.groupChat;
  return teamsIds.channel;
}

/**
 * Posts an activity to the bot's messaging endpoint, without an Authorization header by default.
 */
export async function postActivity(
  url: string,
  activity: Record<string, unknown> | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof activity === "string" ? activity : JSON.stringify(activity),
  });
}

/** Builds the invoke Teams sends when the user allows or declines a file consent card. */
export function teamsFileConsent(fields: {
  serviceUrl: string;
  action: "accept" | "decline";
  context: unknown;
  replyToId?: string;
  user?: string;
  uploadUrl?: string;
  /** The 1:1 chat the consent card is in; the admin's personal chat when absent. */
  conversationId?: string;
}): Record<string, unknown> {
  const user = fields.user ?? teamsIds.admin;
  return {
    type: "invoke",
    name: "fileConsent/invoke",
    id: randomUUID(),
    channelId: "msteams",
    serviceUrl: fields.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${user}`, aadObjectId: user, name: "Test User" },
    recipient: { id: teamsIds.bot, name: teamsIds.botName },
    conversation: {
      id: fields.conversationId ?? teamsIds.personalChat,
      conversationType: "personal",
      tenantId: teamsIds.tenant,
    },
    channelData: { tenant: { id: teamsIds.tenant } },
    ...(fields.replyToId ? { replyToId: fields.replyToId } : {}),
    value: {
      type: "fileUpload",
      action: fields.action,
      context: fields.context,
      ...(fields.action === "accept"
        ? {
            uploadInfo: {
              name: "ccm-claims-2026-03.csv",
              uploadUrl: fields.uploadUrl,
              contentUrl: "https://contoso-my.sharepoint.com/personal/ccm-claims-2026-03.csv",
              uniqueId: "file-unique-1",
              fileType: "csv",
            },
          }
        : {}),
    },
  };
}
