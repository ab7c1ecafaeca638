import type { Activity, Attachment } from "botbuilder";
import {
  type Inline,
  plainSummary,
  type Reply,
  type ReplyBlock,
  type ReplyButton,
} from "../reply.ts";

/** Data that an Action.Submit button sends back as `activity.value`. */
export interface TeamsButtonData {
  action: string;
  value: string;
  /**
   * Set on the buttons of a private reply. Such a card is seen by the user alone (in a 1:1 chat),
   * so any reply to its buttons may replace it, as Slack replaces an ephemeral message.
   */
  privateCard?: true;
}

/** One element of an Adaptive Card body, such as a RichTextBlock or an Input.Text. */
export type CardElement = Record<string, unknown>;

/**
 * Adaptive Card schema version. Teams renders up to 1.5; RichTextBlock and ActionSet, used
 * here, need 1.2, and the `label` of form inputs needs 1.3.
 */
const cardVersion = "1.4";

/**
 * Renders a reply as a message activity carrying one Adaptive Card. All text goes into
 * RichTextBlock text runs, which Teams shows as typed: unlike TextBlock they apply no Markdown,
 * so a note such as `**x**` or `[link](…)` is shown, not applied, and `<at>` in user text is plain
 * text without a mention entity, so it notifies no one.
 */
export function renderTeamsActivity(reply: Reply): Partial<Activity> {
  return { type: "message", attachments: [renderTeamsCard(reply)] };
}

export function renderTeamsCard(reply: Reply): Attachment {
  return adaptiveCard(renderCardBody(reply), plainSummary(reply));
}

/** Wraps body elements in an Adaptive Card; clients that cannot show it show `fallbackText`. */
export function adaptiveCard(body: CardElement[], fallbackText: string): Attachment {
  return {
    contentType: "application/vnd.microsoft.card.adaptive",
    content: {
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: cardVersion,
      fallbackText,
      body,
    },
  };
}

/** Renders the blocks of a reply as card body elements, its buttons included. */
export function renderCardBody(reply: Reply): CardElement[] {
  const privateCard = reply.audience === "private";
  return reply.blocks.flatMap((block) => renderBlock(block, privateCard));
}

function renderBlock(block: ReplyBlock, privateCard: boolean): CardElement[] {
  switch (block.type) {
    case "text":
      return block.lines.map((line, index) => ({
        type: "RichTextBlock",
        spacing: index === 0 ? "Default" : "Small",
        inlines: line.map(renderInline),
      }));
    case "quote":
      return [
        {
          type: "RichTextBlock",
          inlines: [
            textRun(`${block.label}: `, { weight: "Bolder" }),
            textRun(block.text, { isSubtle: true }),
          ],
        },
      ];
    case "context":
      return [
        {
          type: "RichTextBlock",
          inlines: [textRun(block.text, { isSubtle: true, size: "Small" })],
        },
      ];
    case "buttons":
      return [
        {
          type: "ActionSet",
          actions: block.buttons.map((button) => renderButton(button, privateCard)),
        },
      ];
  }
}

function renderInline(part: Inline): CardElement {
  if (typeof part === "string") return textRun(part);
  if ("bold" in part) return textRun(part.bold, { weight: "Bolder" });
  return textRun(part.code, { fontType: "Monospace" });
}

/** Builds a run of plain text, inside which Teams applies no Markdown. */
export function textRun(text: string, style: Record<string, unknown> = {}): CardElement {
  return { type: "TextRun", text, ...style };
}

/** Adaptive Card action styles for the reply's button styles. */
const actionStyles = { danger: "destructive", primary: "positive" } as const;

function renderButton(button: ReplyButton, privateCard: boolean): CardElement {
  const data: TeamsButtonData = {
    action: button.action,
    value: button.value,
    ...(privateCard ? { privateCard: true as const } : {}),
  };
  const style = button.style ? actionStyles[button.style] : undefined;
  return {
    type: "Action.Submit",
    title: button.label,
    data,
    ...(style ? { style } : {}),
  };
}
