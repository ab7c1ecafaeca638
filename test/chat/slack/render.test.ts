import { describe, expect, it } from "vitest";
import { textReply } from "../../../src/chat/reply.ts";
import { renderSlackMessage } from "../../../src/chat/slack/render.ts";

function sectionText(line: Parameters<typeof textReply>[1]): string {
  const [block] = renderSlackMessage(textReply("thread", line)).blocks;
  if (block?.type !== "section") throw new Error("expected a section block");
  return block.text?.text ?? "";
}

describe("renderSlackMessage", () => {
  it("keeps spaces outside bold markers", () => {
    // Slack applies *bold* only when no space sits just inside the asterisks.
    expect(sectionText([{ bold: "Within 10 min of their next code: " }, "1 patient"])).toBe(
      "*Within 10 min of their next code:* 1 patient",
    );
    expect(sectionText(["Logged", { bold: " 20 min " }, "for J.D."])).toBe(
      "Logged *20 min* for J.D.",
    );
  });

  it("drops bold markers around blank text", () => {
    expect(sectionText(["a", { bold: " " }, "b"])).toBe("a b");
  });

  it("escapes user text inside bold", () => {
    expect(sectionText([{ bold: "<!channel> *x*" }])).toBe("*&lt;!channel&gt; ∗x∗*");
  });

  it("keeps underscores of code in the fallback", () => {
    const reply = textReply("private", [
      "Note _x_ from a user, then run ",
      { code: "/ccm provider add @you clinical_staff" },
      ".",
    ]);

    const { text } = renderSlackMessage(reply);

    expect(text).toContain("`/ccm provider add @you clinical_staff`");
    expect(text).toContain("Note ＿x＿ from a user");
  });
});
