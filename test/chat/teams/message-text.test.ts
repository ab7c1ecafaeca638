import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { botMentionNames, cleanTeamsText } from "../../../src/chat/teams/message-text.ts";

describe("cleanTeamsText", () => {
  const cases: { name: string; text: string; bot: string[]; expected: string }[] = [
    {
      name: "removes the bot mention",
      text: "<at>CCM Bot</at> spent 15 min with J. Doe",
      bot: ["CCM Bot"],
      expected: "spent 15 min with J. Doe",
    },
    {
      name: "removes a mention whose name has regex characters",
      text: "<at>CCM (staging) [v2]+</at> 20 min with Jane Doe",
      bot: ["CCM (staging) [v2]+"],
      expected: "20 min with Jane Doe",
    },
    {
      name: "matches mentions ignoring case and spacing",
      text: "<at>ccm  bot</at> undo",
      bot: ["CCM Bot"],
      expected: "undo",
    },
    {
      name: "keeps another person's mention as text",
      text: "<at>CCM Bot</at> 10 min with Jane Doe, asked <at>Dr. Smith</at>",
      bot: ["CCM Bot"],
      expected: "10 min with Jane Doe, asked Dr. Smith",
    },
    {
      name: "decodes entities",
      text: "20&nbsp;min with Jane&nbsp;Doe &amp; her son &lt;3 &#39;ok&#39;",
      bot: [],
      expected: "20 min with Jane Doe & her son <3 'ok'",
    },
    {
      name: "strips tags and breaks lines at blocks",
      text: "<p>20 min with <strong>Jane Doe</strong></p><p>med rec<br>refills</p>",
      bot: [],
      expected: "20 min with Jane Doe\nmed rec\nrefills",
    },
    {
      name: "trims CR and LF",
      text: "\r\n<at>CCM Bot</at>\r\n 20 min with Jane Doe \r\n",
      bot: ["CCM Bot"],
      expected: "20 min with Jane Doe",
    },
    {
      name: "drops script and style content",
      text: "<style>p{}</style>20 min with Jane Doe<script>alert(1)</script>",
      bot: [],
      expected: "20 min with Jane Doe",
    },
    {
      name: "keeps plain text with a lone angle bracket",
      text: "5 min < 10 min with Jane Doe",
      bot: [],
      expected: "5 min < 10 min with Jane Doe",
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(cleanTeamsText(testCase.text, testCase.bot)).toBe(testCase.expected);
    });
  }
});

describe("cleanTeamsText with user ids", () => {
  const userIds = new Map([
    ["nora nurse", "aad-nora"],
    ["omar | ops <x>", "aad-omar"],
  ]);

  it("rewrites a known mention as a command mention", () => {
    const text = "<at>CCM Bot</at> provider add <at>Nora&nbsp;Nurse</at> physician";

    expect(cleanTeamsText(text, ["CCM Bot"], userIds)).toBe(
      "provider add <@aad-nora|Nora Nurse> physician",
    );
  });

  it("drops the characters that end a command mention", () => {
    const text = "provider add <at>Omar | Ops &lt;x&gt;</at> billing";

    expect(cleanTeamsText(text, [], userIds)).toBe("provider add <@aad-omar|Omar Ops x> billing");
  });

  it("keeps an unknown mention as its name", () => {
    expect(cleanTeamsText("ask <at>Dr. Smith</at>", [], userIds)).toBe("ask Dr. Smith");
  });
});

describe("botMentionNames", () => {
  it("reads the bot's mention entities and name", () => {
    const activity = {
      recipient: { id: "28:bot", name: "CCM Bot" },
      entities: [
        { type: "mention", text: "<at>CCM</at>", mentioned: { id: "28:bot", name: "CCM Bot" } },
        {
          type: "mention",
          text: "<at>Dr. Smith</at>",
          mentioned: { id: "29:smith", name: "Dr. Smith" },
        },
      ],
    } as unknown as Activity;

    expect(botMentionNames(activity)).toEqual(["CCM", "CCM Bot", "CCM Bot"]);
  });
});
