import { describe, expect, it } from "vitest";
import { actionNames, type Reply } from "../../../src/chat/reply.ts";
import { renderTeamsCard } from "../../../src/chat/teams/render.ts";

const reply: Reply = {
  summary: "Logged 20 min for J.D. (MRN 100234).",
  audience: "thread",
  blocks: [
    {
      type: "text",
      lines: [["Logged ", { bold: "20 min" }, " for **J.D.** <at>x</at>"], [{ code: "/ccm undo" }]],
    },
    { type: "context", text: "Billing threshold reached: 99490." },
    { type: "quote", label: "Your note", text: "[link](https://example.org)" },
    {
      type: "buttons",
      buttons: [{ label: "Undo", action: actionNames.undoEncounter, value: "7", style: "danger" }],
    },
  ],
};

describe("renderTeamsCard", () => {
  const card = renderTeamsCard(reply);
  const content = card.content as {
    version: string;
    fallbackText: string;
    body: Record<string, unknown>[];
  };

  it("builds an Adaptive Card attachment", () => {
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(content.version).toBe("1.4");
    expect(content.fallbackText).toBe(reply.summary);
  });

  it("puts all text in text runs that apply no markdown", () => {
    const textElements = content.body.filter((element) => element.type !== "ActionSet");
    expect(textElements.every((element) => element.type === "RichTextBlock")).toBe(true);
    expect(JSON.stringify(content.body)).not.toContain('"TextBlock"');
    const [firstLine] = textElements;
    expect(firstLine?.inlines).toEqual([
      { type: "TextRun", text: "Logged " },
      { type: "TextRun", text: "20 min", weight: "Bolder" },
      { type: "TextRun", text: " for **J.D.** <at>x</at>" },
    ]);
  });

  it("renders code in a monospace run", () => {
    expect(content.body[1]?.inlines).toEqual([
      { type: "TextRun", text: "/ccm undo", fontType: "Monospace" },
    ]);
  });

  it("renders buttons as Action.Submit with action and value", () => {
    const actionSet = content.body.find((element) => element.type === "ActionSet");
    expect(actionSet?.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Undo",
        data: { action: "ccm_undo_encounter", value: "7" },
        style: "destructive",
      },
    ]);
  });
});
