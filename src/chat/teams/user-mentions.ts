import { type Activity, TeamsInfo, type TurnContext } from "botbuilder";
import type { Logger } from "../../logger.ts";
import { cleanTeamsText, mentionKey } from "./message-text.ts";

/** The people mentioned in a message, by mention key, and the names that could not be looked up. */
export interface ResolvedMentions {
  userIds: Map<string, string>;
  unresolved: string[];
}

interface MentionedAccount {
  id?: string;
  name?: string;
  aadObjectId?: string;
}

/** Teams user ids start with `29:`; bots, channels and tags have other prefixes. */
const teamsUserIdPrefix = "29:";

/** Checks whether the activity mentions a person other than the bot. */
export function hasUserMentions(activity: Activity): boolean {
  return personMentions(activity).length > 0;
}

/**
 * Finds the Azure AD object id of each person mentioned in the activity, because providers are
 * stored by that id (see `teamsUser`). A mention entity carries it as `mentioned.aadObjectId`
 * when Teams includes it. Otherwise the member is looked up in the team, or in the chat, through
 * the connector. Mentions of the bot, of channels and of tags are left out.
 */
export async function resolveUserMentions(
  turn: TurnContext,
  logger: Logger,
): Promise<ResolvedMentions> {
  const resolved: ResolvedMentions = { userIds: new Map(), unresolved: [] };
  for (const { name, account } of personMentions(turn.activity)) {
    const userId = account.aadObjectId ?? (await lookUpAadObjectId(turn, account, logger));
    if (userId) resolved.userIds.set(mentionKey(name), userId);
    else resolved.unresolved.push(name);
  }
  return resolved;
}

function personMentions(activity: Activity): { name: string; account: MentionedAccount }[] {
  const mentions: { name: string; account: MentionedAccount }[] = [];
  for (const entity of activity.entities ?? []) {
    if (entity.type !== "mention") continue;
    const account = entity.mentioned as MentionedAccount | undefined;
    if (!account?.id || account.id === activity.recipient?.id) continue;
    if (!account.aadObjectId && !account.id.startsWith(teamsUserIdPrefix)) continue;
    const name =
      typeof entity.text === "string" ? cleanTeamsText(entity.text, []) : (account.name ?? "");
    if (mentionKey(name) !== "") mentions.push({ name, account });
  }
  return mentions;
}

async function lookUpAadObjectId(
  turn: TurnContext,
  account: MentionedAccount,
  logger: Logger,
): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(turn, account.id ?? "");
    const objectId = (member as { objectId?: string }).objectId;
    return member.aadObjectId ?? objectId;
  } catch (error) {
    logger.warn(
      { err: error, conversationId: turn.activity.conversation.id, activityId: turn.activity.id },
      "mentioned Teams member not found; mention kept as text",
    );
    return undefined;
  }
}
