import { afterEach, beforeEach, expect, it } from "vitest";
import { claims, encounters, pendingLogs, teamsConversations } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import {
  postActivity,
  type TeamsMessageFields,
  teamsBotAdded,
  teamsButtonPress,
  teamsIds,
  teamsMessage,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import { cardButtons, cardText } from "../../support/teams-cards.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";
const enrollJohn =
  "enroll John Doe, MRN 100243, DOB 1948-09-12, conditions: COPD, heart failure, consent: written 2025-12-01";

const at = (wallTime: string) => instantFromLocalTime(wallTime, "America/New_York");

describeDatabases("Teams activities", (database) => {
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    harness = await startTeamsBot(database());
    harness.clock.setLocal("2026-03-10T16:00");
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function send(fields: Omit<TeamsMessageFields, "serviceUrl">) {
    const response = await postActivity(
      harness.url,
      teamsMessage({
        serviceUrl: harness.connector.serviceUrl,
        timestamp: at("2026-03-10T15:00"),
        ...fields,
      }),
    );
    expect(response.status).toBe(200);
    return response;
  }

  async function enroll(text: string) {
    await send({ text, kind: "personal" });
    const reply = harness.connector.messages(teamsIds.personalChat).at(-1);
    expect(cardText(reply)).toContain("Enrolled");
    harness.connector.clear();
  }

  it("records a log and replies in its thread", async () => {
    await enroll(enrollJane);

    await send({
      id: "msg-1",
      text: "<at>CCM Bot</at> spent 15 min with J. Doe on diabetes meds",
      botMentions: ["<at>CCM Bot</at>"],
    });

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      minutes: 15,
      serviceDate: "2026-03-10",
      sourcePlatform: "teams",
      sourceChannel: `${teamsIds.channel};messageid=msg-1`,
      sourceMessageId: "msg-1",
    });
    const [reply] = harness.connector.messages();
    expect(reply?.kind).toBe("reply");
    expect(reply?.conversationId).toBe(`${teamsIds.channel};messageid=msg-1`);
    expect(reply?.activityId).toBe("msg-1");
    expect(reply?.headers.authorization).toBeUndefined();
    const text = cardText(reply);
    expect(text).toContain("15 min");
    expect(text).toContain("J.D.");
    expect(text).toContain("MRN 100234");
    expect(text).toContain("5 min more for 99490");
    expect(text).not.toContain("Jane");
    expect(cardButtons(reply)).toEqual([
      {
        type: "Action.Submit",
        title: "Undo",
        data: { action: "ccm_undo_encounter", value: String(rows[0]?.id) },
        style: "destructive",
      },
    ]);
  });

  it("removes a mention with regex characters and HTML", async () => {
    await enroll(enrollJane);
    const botName = "CCM Bot (staging)";

    await send({
      text: "<p><at>CCM Bot (staging)</at>&nbsp;20 min with Jane&nbsp;Doe, call with daughter &amp; son</p>\r\n",
      botMentions: ["<at>CCM Bot (staging)</at>"],
      botName,
    });

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(20);
    expect(rows[0]?.note).toContain("daughter & son");
    expect(rows[0]?.note).not.toContain("staging");
    expect(rows[0]?.note).not.toContain("&amp;");
    expect(rows[0]?.note).not.toContain("<");
  });

  it("counts a duplicated activity once", async () => {
    await enroll(enrollJane);
    const activity = teamsMessage({
      serviceUrl: harness.connector.serviceUrl,
      id: "dup-1",
      text: "25 min care coordination for Jane Doe",
      timestamp: at("2026-03-10T15:00"),
    });

    const first = await postActivity(harness.url, activity);
    const second = await postActivity(harness.url, activity);

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await database().db.select().from(encounters)).toHaveLength(1);
    expect(harness.connector.messages(`${teamsIds.channel};messageid=dup-1`)).toHaveLength(1);
  });

  it("runs a duplicated undo command once", async () => {
    await enroll(enrollJane);
    await send({
      text: "10 min with Jane Doe",
      kind: "personal",
      timestamp: at("2026-03-10T14:00"),
    });
    await send({
      text: "5 min with Jane Doe",
      kind: "personal",
      timestamp: at("2026-03-10T14:30"),
    });
    const undo = teamsMessage({
      serviceUrl: harness.connector.serviceUrl,
      id: "undo-1",
      kind: "personal",
      text: "undo",
    });

    await postActivity(harness.url, undo);
    await postActivity(harness.url, undo);

    const rows = await database().db.select().from(encounters).orderBy(encounters.id);
    expect(rows.map((row) => row.voidedAt === null)).toEqual([true, false]);
    const undoReplies = harness.connector
      .messages(teamsIds.personalChat)
      .filter((call) => cardText(call).includes("Undone"));
    expect(undoReplies).toHaveLength(1);
  });

  it("offers candidates and records the chosen one", async () => {
    await enroll(enrollJane);
    await enroll(enrollJohn);

    await send({ id: "amb-1", kind: "personal", text: "20 min with J. Doe, med rec" });

    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(1);
    const [prompt] = harness.connector.messages(teamsIds.personalChat);
    expect(cardText(prompt)).toContain("Jane Doe");
    expect(cardText(prompt)).toContain("John Doe");
    const johnButton = cardButtons(prompt).find((button) => button.title.startsWith("John Doe"));
    expect(johnButton?.data.action).toBe("ccm_choose_patient");
    harness.connector.clear();

    await postActivity(
      harness.url,
      teamsButtonPress({
        serviceUrl: harness.connector.serviceUrl,
        kind: "personal",
        replyToId: "activity-prompt",
        data: johnButton?.data ?? { action: "", value: "" },
      }),
    );

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ minutes: 20, sourceMessageId: "amb-1" });
    const [answer] = harness.connector.messages(teamsIds.personalChat);
    expect(answer?.kind).toBe("update");
    expect(answer?.activityId).toBe("activity-prompt");
    expect(cardText(answer)).toContain("MRN 100243");
  });

  it("sends channel candidates to a private chat", async () => {
    await enroll(enrollJane);
    await enroll(enrollJohn);

    await send({ id: "amb-2", text: "20 min with J. Doe, med rec" });

    const created = harness.connector.calls.filter((call) => call.kind === "create_conversation");
    expect(created).toHaveLength(1);
    expect(created[0]?.body.members).toEqual([
      expect.objectContaining({ aadObjectId: teamsIds.admin }),
    ]);
    const privateMessages = harness.connector
      .messages()
      .filter((call) => call.conversationId?.startsWith("a:personal-"));
    expect(privateMessages).toHaveLength(1);
    expect(cardText(privateMessages[0])).toContain("Jane Doe");
    const channelReplies = harness.connector.messages(`${teamsIds.channel};messageid=amb-2`);
    expect(channelReplies).toHaveLength(1);
    expect(cardText(channelReplies[0])).toContain("private chat");
    expect(cardText(channelReplies[0])).not.toContain("Doe");
  });

  it("withholds a private reply it cannot send", async () => {
    await enroll(enrollJane);
    await enroll(enrollJohn);
    harness.connector.failNext("send", { status: 403 });

    await send({ id: "amb-3", text: "20 min with J. Doe, med rec" });

    const channelReplies = harness.connector.messages(`${teamsIds.channel};messageid=amb-3`);
    expect(channelReplies).toHaveLength(1);
    expect(cardText(channelReplies[0])).toContain("could not open one with you");
    expect(cardText(channelReplies[0])).not.toContain("Doe");
    const warning = harness.logLines.find((line) => line.includes("private reply withheld"));
    expect(warning).toBeDefined();
    expect(harness.logLines.join("\n")).not.toContain("Jane");
    expect(await database().db.select().from(pendingLogs)).toHaveLength(1);
  });

  it("undoes a log from its button and voids the claim", async () => {
    await enroll(enrollJane);
    await postActivity(
      harness.url,
      teamsBotAdded({ serviceUrl: harness.connector.serviceUrl, channel: teamsIds.billingChannel }),
    );
    await send({ id: "log-20", text: "20 min with Jane Doe" });
    await harness.connector.waitFor((calls) =>
      calls.some((call) => call.conversationId === teamsIds.billingChannel),
    );
    await harness.bot.outbox.idle();
    const [logReply] = harness.connector.messages(`${teamsIds.channel};messageid=log-20`);
    const [undoButton] = cardButtons(logReply);
    harness.connector.clear();

    await postActivity(
      harness.url,
      teamsButtonPress({
        serviceUrl: harness.connector.serviceUrl,
        conversationId: teamsIds.channel,
        replyToId: "activity-log-card",
        data: undoButton?.data ?? { action: "", value: "" },
      }),
    );

    const [row] = await database().db.select().from(encounters);
    expect(row?.voidedAt).not.toBeNull();
    const [claim] = await database().db.select().from(claims);
    expect(claim?.status).toBe("void");
    const replaced = harness.connector.calls.find(
      (call) => call.activityId === "activity-log-card",
    );
    expect(replaced?.kind).toBe("update");
    expect(cardText(replaced)).toContain("Undone");
    await harness.connector.waitFor(
      (calls) =>
        calls.filter((call) => call.conversationId === teamsIds.billingChannel).length === 2,
    );
    const billingCalls = harness.connector.messages(teamsIds.billingChannel);
    expect(billingCalls.map((call) => call.kind).sort()).toEqual(["send", "update"]);
    expect(cardText(billingCalls.find((call) => call.kind === "send"))).toContain("Claim voided");
  });

  it("works in a group chat", async () => {
    await enroll(enrollJane);

    await send({
      id: "group-1",
      kind: "groupChat",
      text: "<at>CCM Bot</at> 20 min with Jane Doe",
      botMentions: ["<at>CCM Bot</at>"],
    });

    expect(await database().db.select().from(encounters)).toHaveLength(1);
    const [reply] = harness.connector.messages(teamsIds.groupChat);
    expect(reply?.kind).toBe("reply");
    expect(reply?.activityId).toBe("group-1");
    expect(cardText(reply)).toContain("J.D.");
  });

  it("answers help in a channel privately", async () => {
    await send({ id: "help-1", text: "<at>CCM Bot</at> help", botMentions: ["<at>CCM Bot</at>"] });

    const privateMessages = harness.connector
      .messages()
      .filter((call) => call.conversationId?.startsWith("a:personal-"));
    expect(cardText(privateMessages[0])).toContain("/ccm enroll");
    expect(harness.connector.messages(`${teamsIds.channel};messageid=help-1`)).toHaveLength(1);
  });

  it("takes a log that starts with total for a log", async () => {
    await enroll(enrollJane);

    await send({ kind: "personal", text: "total 30 min with Jane Doe" });

    const rows = await database().db.select().from(encounters);
    expect(rows.map((row) => row.minutes)).toEqual([30]);
  });

  it("answers the total command", async () => {
    await enroll(enrollJane);
    await send({ kind: "personal", text: "25 min with Jane Doe" });
    harness.connector.clear();

    await send({ kind: "personal", text: "total Jane Doe" });

    const [reply] = harness.connector.messages(teamsIds.personalChat);
    expect(cardText(reply)).toContain("25 min");
    expect(cardText(reply)).toContain("15 min more for 99439");
  });

  it("tells an unregistered user privately", async () => {
    await send({ id: "stranger-1", user: "aad-stranger", text: "20 min with Jane Doe" });

    const privateMessages = harness.connector
      .messages()
      .filter((call) => call.conversationId?.startsWith("a:personal-"));
    expect(cardText(privateMessages[0])).toContain("Only registered providers");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("stores the conversation of every activity", async () => {
    await send({ id: "hello-1", text: "thanks!" });

    const rows = await database().db.select().from(teamsConversations);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      conversationId: teamsIds.channel,
      conversationType: "channel",
      tenantId: teamsIds.tenant,
      serviceUrl: harness.connector.serviceUrl,
    });
    expect(harness.connector.calls).toHaveLength(0);
  });

  it("rejects malformed JSON without a stack trace", async () => {
    const response = await postActivity(harness.url, "{not json");

    expect(response.status).toBe(400);
    expect(await response.text()).toBe("");
    expect(await database().db.select().from(teamsConversations)).toHaveLength(0);
  });

  it("rejects a body over the size limit", async () => {
    const response = await postActivity(
      harness.url,
      teamsMessage({ serviceUrl: harness.connector.serviceUrl, text: "x".repeat(1_100_000) }),
    );

    expect(response.status).toBe(413);
    expect(await database().db.select().from(teamsConversations)).toHaveLength(0);
  });
});
