import { describe, expect, it } from "vitest";
import { compareTs, selectMessages } from "../../../src/import/slack-export/select-messages.ts";

describe("selectMessages", () => {
  it("keeps user posts and thread replies in ts order", () => {
    const messages = selectMessages([
      {
        date: "2026-03-03",
        records: [
          { user: "U1", text: "reply", ts: "1772550300.000200", thread_ts: "1772550000.000100" },
          { user: "U1", text: "parent", ts: "1772550000.000100", thread_ts: "1772550000.000100" },
        ],
      },
    ]);

    expect(messages.map((message) => message.ts)).toEqual([
      "1772550000.000100",
      "1772550300.000200",
    ]);
    expect(messages[0]).toMatchObject({ kind: "post", text: "parent", threadTs: undefined });
    expect(messages[1]).toMatchObject({
      kind: "post",
      text: "reply",
      threadTs: "1772550000.000100",
    });
  });

  it("uses the final text of an edited message", () => {
    const [inPlace, changed] = selectMessages([
      {
        date: "2026-03-03",
        records: [
          { user: "U1", text: "5 min", ts: "1.000001", edited: { user: "U1", ts: "2.000000" } },
          { user: "U1", text: "12 min", ts: "3.000001" },
        ],
      },
      {
        date: "2026-03-04",
        records: [
          {
            subtype: "message_changed",
            ts: "5.000000",
            message: { ts: "3.000001", text: "25 min" },
          },
          {
            subtype: "message_changed",
            ts: "4.000000",
            message: { ts: "3.000001", text: "20 min" },
          },
        ],
      },
    ]);

    expect(inPlace).toMatchObject({
      kind: "post",
      text: "5 min",
      edited: true,
      revision: "2.000000",
    });
    expect(changed).toMatchObject({
      kind: "post",
      text: "25 min",
      edited: true,
      revision: "5.000000",
    });
  });

  it("marks deleted messages and tombstones", () => {
    const messages = selectMessages([
      {
        date: "2026-03-05",
        records: [
          { user: "U1", text: "40 min", ts: "1.000001" },
          { subtype: "message_deleted", deleted_ts: "1.000001", ts: "2.000000", hidden: true },
          { subtype: "tombstone", user: "USLACKBOT", text: "This message was deleted.", ts: "3.0" },
          { user: "U1", text: "30 min", ts: "4.000001" },
          {
            subtype: "message_changed",
            ts: "5.0",
            message: { ts: "4.000001", subtype: "tombstone" },
          },
        ],
      },
    ]);

    expect(messages.map((message) => message.kind)).toEqual(["deleted", "deleted", "deleted"]);
  });

  it("skips bot posts, joins and other events", () => {
    const messages = selectMessages([
      {
        date: "2026-03-02",
        records: [
          { subtype: "bot_message", bot_id: "B1", text: "Logged 20 min", ts: "1.0" },
          { bot_id: "B1", user: "UBOT", text: "a DM from a bot", ts: "2.0" },
          { subtype: "channel_join", user: "U2", text: "<@U2> has joined", ts: "3.0" },
          { subtype: "channel_topic", user: "U2", text: "set the topic", ts: "4.0" },
          { text: "no user", ts: "5.0" },
          { subtype: "thread_broadcast", user: "U1", text: "20 min", ts: "6.0" },
          { subtype: "file_share", user: "U1", text: "15 min, notes attached", ts: "7.0" },
        ],
      },
    ]);

    expect(
      messages.map((message) => (message.kind === "not_a_log" ? message.reason : message.kind)),
    ).toEqual([
      "bot message",
      "bot message",
      "channel join event",
      "channel topic event",
      "message without a user",
      "post",
      "post",
    ]);
  });

  it("reports records that are not messages", () => {
    const messages = selectMessages([
      {
        date: "2026-03-05",
        records: [
          { user: "U1", text: "no ts" },
          "text",
          { user: "U1", text: "x", ts: "1.0", edited: 3 },
        ],
      },
    ]);

    expect(messages).toHaveLength(3);
    expect(messages.every((message) => message.kind === "invalid")).toBe(true);
    expect(messages[0]).toMatchObject({ kind: "invalid", ts: "1.0", day: "2026-03-05" });
    expect(messages[1]).toMatchObject({ day: "2026-03-05", ts: undefined });
    expect(messages[1]?.kind === "invalid" && messages[1].reason).toContain("record 1");
  });

  it("takes a ts that appears twice once", () => {
    const messages = selectMessages([
      { date: "2026-03-02", records: [{ user: "U1", text: "first", ts: "1.0" }] },
      { date: "2026-03-03", records: [{ user: "U1", text: "again", ts: "1.0" }] },
    ]);

    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: "first", day: "2026-03-02" });
  });

  it("accepts null where a field is absent", () => {
    const [message] = selectMessages([
      {
        date: "2026-03-02",
        records: [
          { user: "U1", text: "20 min", ts: "1.0", subtype: null, bot_id: null, thread_ts: null },
        ],
      },
    ]);

    expect(message).toMatchObject({ kind: "post", text: "20 min" });
  });
});

describe("compareTs", () => {
  it("orders timestamps beyond double precision", () => {
    expect(compareTs("1772460900.000100", "1772460900.000101")).toBe(-1);
    expect(compareTs("1772460901.000000", "1772460900.999999")).toBe(1);
    expect(compareTs("1772460900.1", "1772460900.100000")).toBe(0);
    expect(compareTs(undefined, "1.0")).toBe(1);
  });
});
