import type { KnownBlock } from "@slack/types";
import type { Inline, Reply, ReplyBlock } from "../reply.ts";

/** Block Kit text of a reply, with the fallback `text` Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Escapes plain text for mrkdwn. `&`, `<` and `>` are the characters Slack requires apps to escape,
 * which makes `<!channel>`, `<@U123>` and `<http://x|y>` inert. Formatting characters become
 * look-alikes so a user's `*word*` is shown, not applied, and `@here` gets a word joiner so it
 * cannot notify anyone even where Slack links bare names.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\*/g, "∗")
    .replace(/~/g, "∼")
    .replace(/`/g, "ˋ")
    .replace(/_/g, "＿")
    .replace(/@(here|channel|everyone)\b/gi, "@\u2060$1");
}

function renderInline(part: Inline): string {
  if (typeof part === "string") return escapeMrkdwn(part);
  if ("bold" in part) return renderBold(part.bold);
  return `\`${part.code.replace(/`/g, "ˋ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}\``;
}

/**
 * Slack applies `*bold*` only when no space sits just inside the asterisks, so `*Patient: *`
 * shows its asterisks. Spaces at either end go outside the markers instead.
 */
function renderBold(text: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  const [, before = "", inner = "", after = ""] = match ?? [];
  if (inner === "") return text;
  return `${before}*${escapeMrkdwn(inner)}*${after}`;
}

/** Slack caps button labels at 75 characters and section text at 3000. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function renderBlock(block: ReplyBlock, index: number): KnownBlock {
  switch (block.type) {
    case "text":
      return {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(block.lines.map((line) => line.map(renderInline).join("")).join("\n"), 3000),
        },
      };
    case "quote":
      // plain_text never formats, links or mentions, so the user's words are shown exactly.
      return {
        type: "context",
        elements: [
          { type: "plain_text", text: clip(`${block.label}: ${block.text}`, 2000), emoji: false },
        ],
      };
    case "context":
      return {
        type: "context",
        elements: [{ type: "mrkdwn", text: clip(escapeMrkdwn(block.text), 2000) }],
      };
    case "buttons":
      return {
        type: "actions",
        block_id: `ccm_actions_${index}`,
        elements: block.buttons.map((button, position) => ({
          type: "button",
          // action_id must be unique within a block, so the position is appended.
          action_id: `${button.action}:${position}`,
          text: { type: "plain_text", text: clip(button.label, 75), emoji: false },
          value: button.value,
          ...(button.style ? { style: button.style } : {}),
        })),
      };
  }
}

export function renderSlackMessage(reply: Reply): SlackMessage {
  return { text: renderSummary(reply.summary), blocks: reply.blocks.map(renderBlock) };
}

/**
 * Renders the fallback `text`, which Slack formats as mrkdwn too. Code parts go in backticks, so
 * a command example keeps its underscores while user text still cannot format.
 */
function renderSummary(summary: Reply["summary"]): string {
  if (typeof summary === "string") return escapeMrkdwn(summary);
  return summary.map(renderInline).join("");
}
