import type { Activity } from "botbuilder";
import { Parser } from "htmlparser2";

/** Tags whose start or end is a line break in the HTML that Teams puts in `activity.text`. */
const lineBreakingTags = new Set([
  "br",
  "p",
  "div",
  "li",
  "tr",
  "blockquote",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
]);

/** Elements whose content is never message text. */
const hiddenTags = new Set(["script", "style", "template"]);

/**
 * Turns the text of a Teams message into the plain text the parser expects. Teams sends HTML
 * (`<p>`, `<br>`, `&nbsp;`, `&amp;`) whatever the `textFormat` field claims, and a mention of the
 * bot as `<at>Name</at>`. The bot's own mentions are dropped, and every other tag is removed and
 * entities are decoded. Other mentions keep their name as text, except those named in
 * `userIds` (mention name to user id), which become `<@id|Name>`, the one mention syntax the
 * commands read.
 *
 * Mentions are compared as decoded text, never as a regular expression, so a bot named `CCM
 * (staging)` or `C++ bot` is removed like any other.
 */
export function cleanTeamsText(
  text: string,
  botNames: readonly string[],
  userIds: ReadonlyMap<string, string> = new Map(),
): string {
  const botKeys = new Set(botNames.map(mentionKey).filter((key) => key !== ""));
  let output = "";
  let mention: string | undefined;
  let hiddenDepth = 0;

  const parser = new Parser(
    {
      onopentag(name) {
        if (hiddenTags.has(name)) hiddenDepth += 1;
        else if (name === "at") mention = "";
        else if (lineBreakingTags.has(name)) output += "\n";
      },
      ontext(data) {
        if (hiddenDepth > 0) return;
        if (mention !== undefined) mention += data;
        else output += data;
      },
      onclosetag(name) {
        if (hiddenTags.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        else if (name === "at" && mention !== undefined) {
          if (!botKeys.has(mentionKey(mention))) output += userMention(mention, userIds);
          mention = undefined;
        } else if (lineBreakingTags.has(name)) output += "\n";
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(text);
  parser.end();
  if (mention !== undefined) output += mention;
  return tidyWhitespace(output);
}

/** Collects the names the bot is mentioned by in this activity: its mention entities and name. */
export function botMentionNames(activity: Partial<Activity>): string[] {
  const botId = activity.recipient?.id;
  const names: string[] = [];
  for (const entity of activity.entities ?? []) {
    if (entity.type !== "mention") continue;
    const mentioned = entity.mentioned as { id?: string; name?: string } | undefined;
    if (!mentioned || mentioned.id !== botId) continue;
    if (typeof entity.text === "string") names.push(cleanTeamsText(entity.text, []));
    if (mentioned.name) names.push(mentioned.name);
  }
  if (activity.recipient?.name) names.push(activity.recipient.name);
  return names;
}

/** Returns the key under which mentions are compared: the name without case or extra spaces. */
export function mentionKey(name: string): string {
  return name.replace(/\s+/g, " ").trim().toLowerCase();
}

function userMention(name: string, userIds: ReadonlyMap<string, string>): string {
  const userId = userIds.get(mentionKey(name));
  if (userId === undefined) return name;
  // `|`, `<` and `>` end the parts of `<@id|Name>`, so they cannot stay in the name.
  const label = name.replace(/[|<>]/g, " ").replace(/\s+/g, " ").trim();
  return `<@${userId}|${label}>`;
}

/** CR/LF to `\n`, no-break spaces to spaces, no blank lines, each line trimmed. */
function tidyWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\t ]+/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n");
}
