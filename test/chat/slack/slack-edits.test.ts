import { afterEach, beforeEach, expect, it } from "vitest";
import { claims, encounters } from "../../../db/schema/index.ts";
import { describeDatabases } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import {
  appMentionEvent,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
  postCommand,
  postEvent,
  postedText,
  slackTsAt,
} from "../../support/slack-requests.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

describeDatabases("Slack edits and deliveries", (database) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    harness = await startSlackBot(database());
    const response = await postCommand(harness.url, {
      text: enrollJane,
      responseUrl: harness.fake.responseUrl("enroll"),
    });
    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/enroll"),
    );
    harness.fake.clear();
  });

  afterEach(async () => {
    await harness.stop();
  });

  function threadPosts() {
    return harness.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.params.channel === "CCARE");
  }

  async function log(text: string, ts: string) {
    const response = await postEvent(harness.url, messageEvent({ text, ts, user: "UADMIN" }));
    expect(response.status).toBe(200);
  }

  it("updates the encounter from an edit", async () => {
    const ts = slackTsAt("2026-03-10T15:00");
    await log("15 min with Jane Doe on meds", ts);
    harness.fake.clear();

    const response = await postEvent(
      harness.url,
      messageChangedEvent({
        ts,
        text: "25 min with Jane Doe on meds",
        previousText: "15 min with Jane Doe on meds",
        editedTs: slackTsAt("2026-03-10T15:02"),
      }),
    );

    expect(response.status).toBe(200);
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(25);
    const [reply] = threadPosts();
    expect(reply?.params.thread_ts).toBe(ts);
    expect(postedText(reply?.params ?? {})).toContain("Updated from your edit");
    expect(postedText(reply?.params ?? {})).toContain("Before the edit: 15 min");
    await harness.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
  });

  it("changes nothing on a link unfurl", async () => {
    const ts = slackTsAt("2026-03-10T15:00");
    const text = "20 min with Jane Doe, see <https://example.org/chart|chart>";
    await log(text, ts);
    await harness.bot.outbox.idle();
    harness.fake.clear();
    const before = await database().db.select().from(encounters);

    const response = await postEvent(
      harness.url,
      messageChangedEvent({
        ts,
        text,
        previousText: text,
        extra: { attachments: [{ from_url: "https://example.org/chart", title: "Chart" }] },
      }),
    );

    expect(response.status).toBe(200);
    expect(await database().db.select().from(encounters)).toEqual(before);
    expect(harness.fake.calls).toHaveLength(0);
  });

  it("survives change events without text", async () => {
    const ts = slackTsAt("2026-03-10T15:00");
    await log("20 min with Jane Doe", ts);
    harness.fake.clear();
    const malformed = [
      messageChangedEvent({ ts, previousText: "20 min with Jane Doe" }),
      {
        ...messageChangedEvent({ ts }),
        event: { type: "message", subtype: "message_changed", channel: "CCARE" },
      },
      {
        ...messageDeletedEvent({ deletedTs: ts }),
        event: { type: "message", subtype: "message_deleted" },
      },
      {
        ...messageEvent({ ts }),
        event: { type: "message", subtype: "file_share", channel: "CCARE", ts, user: "UADMIN" },
      },
      { ...messageEvent({ ts }), event: { type: "message" } },
    ];

    for (const envelope of malformed) {
      const response = await postEvent(harness.url, envelope);
      expect(response.status).toBe(200);
    }

    // The first event removes the text, which leaves no log to count, so the entry is voided.
    const [row] = await database().db.select().from(encounters);
    expect(row?.voidReason).toBe("edited");
    await log("10 min with Jane Doe", slackTsAt("2026-03-10T15:05", 2));
    expect(await database().db.select().from(encounters)).toHaveLength(2);
  });

  it("voids the encounter of a deleted message", async () => {
    const ts = slackTsAt("2026-03-10T15:00");
    await log("20 min with Jane Doe", ts);
    await harness.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
    await harness.bot.outbox.idle();
    harness.fake.clear();

    await postEvent(
      harness.url,
      messageDeletedEvent({ deletedTs: ts, previousText: "20 min with Jane Doe" }),
    );

    const [row] = await database().db.select().from(encounters);
    expect(row?.voidReason).toBe("deleted");
    const [claim] = await database().db.select().from(claims);
    expect(claim?.status).toBe("void");
    const [reply] = threadPosts();
    expect(postedText(reply?.params ?? {})).toContain("the message was deleted");
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === "chat.update"));
  });

  it("answers a refused retry once", async () => {
    const closed = await postCommand(harness.url, {
      text: "close 2026-02",
      responseUrl: harness.fake.responseUrl("close"),
    });
    expect(closed.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/close"),
    );
    harness.fake.clear();
    const ts = slackTsAt("2026-03-10T15:00");
    const envelope = messageEvent({ text: "Jane Doe 20 min on Feb 27", ts, user: "UADMIN" });

    await postEvent(harness.url, envelope);
    await postEvent(harness.url, envelope, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });

    const refusals = threadPosts();
    expect(refusals).toHaveLength(1);
    expect(postedText(refusals[0]?.params ?? {})).toContain("February 2026 is closed");

    await postEvent(
      harness.url,
      messageChangedEvent({
        ts,
        text: "Jane Doe 20 min on March 2",
        previousText: "Jane Doe 20 min on Feb 27",
        editedTs: slackTsAt("2026-03-10T15:02"),
      }),
    );

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ minutes: 20, serviceDate: "2026-03-02" });
    expect(threadPosts()).toHaveLength(2);
  });

  it("ignores edits of the bot's own posts", async () => {
    const ts = slackTsAt("2026-03-10T15:00");

    await postEvent(
      harness.url,
      messageChangedEvent({ ts, text: "20 min with Jane Doe", user: "UBOT", botId: "BBOT" }),
    );
    await postEvent(
      harness.url,
      messageChangedEvent({ ts, text: "20 min with Jane Doe", user: "UBOT" }),
    );

    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(harness.fake.calls).toHaveLength(0);
  });

  it("counts a message and its app_mention once", async () => {
    const ts = slackTsAt("2026-03-10T15:00");
    const text = "<@UBOT> 20 min with Jane Doe";

    const responses = await Promise.all([
      postEvent(harness.url, messageEvent({ text, ts, user: "UADMIN" })),
      postEvent(harness.url, appMentionEvent({ text, ts })),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(await database().db.select().from(encounters)).toHaveLength(1);
    expect(threadPosts()).toHaveLength(1);
  });

  it("records a log sent only as app_mention", async () => {
    const ts = slackTsAt("2026-03-10T15:00");

    await postEvent(harness.url, appMentionEvent({ text: "<@UBOT> 20 min with Jane Doe", ts }));

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(20);
    expect(threadPosts()).toHaveLength(1);
  });

  it("records a retry whose first delivery was lost", async () => {
    const ts = slackTsAt("2026-03-10T15:00");

    const response = await postEvent(
      harness.url,
      messageEvent({ text: "20 min with Jane Doe", ts, user: "UADMIN" }),
      {
        headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_error" },
      },
    );

    expect(response.status).toBe(200);
    expect(await database().db.select().from(encounters)).toHaveLength(1);
    expect(threadPosts()).toHaveLength(1);
  });

  it("counts a retried app_mention once", async () => {
    const ts = slackTsAt("2026-03-10T15:00");
    const mention = appMentionEvent({ text: "<@UBOT> 20 min with Jane Doe", ts });

    await postEvent(harness.url, mention);
    await postEvent(harness.url, mention, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    await postEvent(
      harness.url,
      messageEvent({ text: "<@UBOT> 20 min with Jane Doe", ts, user: "UADMIN" }),
    );

    expect(await database().db.select().from(encounters)).toHaveLength(1);
    expect(threadPosts()).toHaveLength(1);
  });

  it("never parses a bot DM without subtype", async () => {
    const ts = slackTsAt("2026-03-10T15:00");

    await postEvent(
      harness.url,
      messageEvent({
        text: "20 min with Jane Doe",
        ts,
        user: "UADMIN",
        botId: "BBOT",
        channel: "DNURSE",
        channelType: "im",
      }),
    );

    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(harness.fake.calls).toHaveLength(0);
  });
});
