/** A chat user named in a command. */
export interface UserMention {
  userId: string;
  displayName?: string;
}

/**
 * Slack's escaped mention `<@U0123ABC|jane>` or `<@U0123ABC>`. Other adapters rewrite their own
 * mentions into this form before running a command, so every command reads one syntax.
 */
const mentionPattern = /^<@([^|>\s]+)(?:\|([^>]*))?>/;
/** A bare Slack user id, as an admin may paste it from a profile. */
const bareIdPattern = /^([UW][A-Z0-9]{2,})\b/;

/** Reads the user at the start of `text`; `rest` is what follows. */
export function readUserMention(text: string): { mention: UserMention; rest: string } | undefined {
  const trimmed = text.trimStart();
  const mention = mentionPattern.exec(trimmed);
  if (mention?.[1]) {
    const displayName = mention[2]?.trim() || undefined;
    return { mention: { userId: mention[1], displayName }, rest: trimmed.slice(mention[0].length) };
  }
  const bare = bareIdPattern.exec(trimmed);
  if (bare?.[1]) return { mention: { userId: bare[1] }, rest: trimmed.slice(bare[0].length) };
  return undefined;
}

/** How a mention reads in an answer: `<@U123>` renders as the user's name on Slack. */
export function mentionLabel(mention: { userId: string; displayName?: string | null }): string {
  return mention.displayName ? `${mention.displayName} (${mention.userId})` : mention.userId;
}
