import { afterEach, beforeEach, expect, it } from "vitest";
import { claims, encounters, pendingLogs } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import { messageEvent, postButton, postCommand, postEvent } from "../../support/slack-requests.ts";

/** Slack `ts` for local New York wall time, with a sequence number in the microseconds. */
function tsAt(wallTime: string, sequence = 1): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, "America/New_York").getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";
const enrollJohn =
  "enroll John Doe, MRN 100243, DOB 1948-09-12, conditions: COPD, heart failure, consent: written 2025-12-01";

function allText(params: Record<string, unknown>): string {
  return JSON.stringify([params.text, params.blocks]);
}

describeDatabases("Slack events", (database) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    harness = await startSlackBot(database());
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function enroll(text: string) {
    const response = await postCommand(harness.url, {
      text,
      responseUrl: harness.fake.responseUrl("enroll"),
    });
    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/enroll"),
    );
    harness.fake.clear();
  }

  async function sendMessage(
    text: string,
    ts: string,
    fields: Partial<Parameters<typeof messageEvent>[0]> = {},
  ) {
    return postEvent(harness.url, messageEvent({ text, ts, user: "UADMIN", ...fields }));
  }

  it("records a log and answers in its thread", async () => {
    await enroll(enrollJane);
    const ts = tsAt("2026-03-10T15:00");

    const response = await sendMessage("spent 15 min with J. Doe on diabetes meds", ts);

    expect(response.status).toBe(200);
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      minutes: 15,
      serviceDate: "2026-03-10",
      sourceMessageId: ts,
      sourceChannel: "CCARE",
    });
    const [reply] = harness.fake.callsTo("chat.postMessage");
    expect(reply?.params.thread_ts).toBe(ts);
    expect(reply?.params.channel).toBe("CCARE");
    expect(reply?.headers.authorization).toBe("Bearer xoxb-test-token");
    const text = allText(reply?.params ?? {});
    expect(text).toContain("15 min");
    expect(text).toContain("J.D.");
    expect(text).toContain("MRN 100234");
    expect(text).toContain("5 min more for 99490");
    expect(text).not.toContain("Jane");
    expect(text).toContain("ccm_undo_encounter");
  });

  it("posts one billing claim on reaching 20 minutes", async () => {
    await enroll(enrollJane);

    await sendMessage("spent 15 min with Jane Doe on diabetes meds", tsAt("2026-03-10T15:00", 1));
    await sendMessage("5 min phone call with Jane Doe about refills", tsAt("2026-03-10T15:05", 2));
    await sendMessage("10 min chart review for Jane Doe", tsAt("2026-03-10T15:10", 3));
    await harness.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
    await harness.bot.outbox.idle();

    const billingPosts = harness.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.params.channel === "CBILLING");
    expect(billingPosts).toHaveLength(1);
    const text = allText(billingPosts[0]?.params ?? {});
    expect(text).toContain("99490");
    expect(text).toContain("J.D.");
    expect(text).toContain("MRN 100234");
    expect(text).toContain("March 2026");
    expect(text).toContain("20 min total");
    expect(text).not.toContain("Jane");
    expect(text).not.toContain("refills");
    expect(await database().db.select().from(claims)).toHaveLength(1);
  });

  it("counts a retried event once", async () => {
    await enroll(enrollJane);
    const envelope = messageEvent({
      text: "25 min care coordination for Jane Doe",
      ts: tsAt("2026-03-10T15:00"),
      user: "UADMIN",
    });

    await postEvent(harness.url, envelope);
    const retry = await postEvent(harness.url, envelope, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });

    expect(retry.status).toBe(200);
    expect(await database().db.select().from(encounters)).toHaveLength(1);
    expect(
      harness.fake.callsTo("chat.postMessage").filter((call) => call.params.channel === "CCARE"),
    ).toHaveLength(1);
  });

  it("rejects a bad signature and writes nothing", async () => {
    await enroll(enrollJane);

    const response = await postEvent(
      harness.url,
      messageEvent({ text: "20 min with Jane Doe", ts: tsAt("2026-03-10T15:00"), user: "UADMIN" }),
      {
        secret: "wrong-secret",
      },
    );

    expect(response.status).toBe(401);
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("rejects a timestamp older than five minutes", async () => {
    await enroll(enrollJane);

    const response = await postEvent(
      harness.url,
      messageEvent({ text: "20 min with Jane Doe", ts: tsAt("2026-03-10T15:00"), user: "UADMIN" }),
      {
        timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
      },
    );

    expect(response.status).toBe(401);
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("offers candidates and records the chosen one", async () => {
    await enroll(enrollJane);
    await enroll(enrollJohn);
    const ts = tsAt("2026-03-10T15:00");

    await sendMessage("20 min with J. Doe, med rec", ts);

    const [prompt] = harness.fake.callsTo("chat.postEphemeral");
    expect(prompt?.params.user).toBe("UADMIN");
    expect(prompt?.params.thread_ts).toBe(ts);
    const promptText = allText(prompt?.params ?? {});
    expect(promptText).toContain("Jane Doe");
    expect(promptText).toContain("John Doe");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(1);

    const buttons = (
      (prompt?.params.blocks ?? []) as {
        type: string;
        elements?: { value: string; text: { text: string } }[];
      }[]
    )
      .flatMap((block) => block.elements ?? [])
      .filter((element) => "value" in element);
    const johnButton = buttons.find((button) => button.text.text.startsWith("John Doe"));
    const press = await postButton(harness.url, {
      actionId: "ccm_choose_patient:1",
      value: johnButton?.value ?? "",
      responseUrl: harness.fake.responseUrl("choice"),
      ephemeral: true,
    });

    expect(press.status).toBe(200);
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ minutes: 20, sourceMessageId: ts });
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/choice"),
    );
    const answer = harness.fake.callsTo("response:/response/choice")[0];
    expect(allText(answer?.params ?? {})).toContain("MRN 100243");
  });

  it("says a cancelled waiting log recorded nothing", async () => {
    await enroll(enrollJane);
    await enroll(enrollJohn);
    await sendMessage("J. Doe 20 min", tsAt("2026-03-10T15:00", 1));
    await sendMessage("undo", tsAt("2026-03-10T15:01", 2));
    const [undoReply] = harness.fake.callsTo("chat.postMessage");
    expect(allText(undoReply?.params ?? {})).toContain("Cancelled your waiting log of 20 min");
    const [pending] = await database().db.select().from(pendingLogs);
    const [janeId] = pending?.candidateIds ?? [];

    await postButton(harness.url, {
      actionId: "ccm_choose_patient:0",
      value: `${pending?.id}:${janeId}`,
      responseUrl: harness.fake.responseUrl("choice"),
      ephemeral: true,
    });

    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/choice"),
    );
    const answer = allText(harness.fake.callsTo("response:/response/choice")[0]?.params ?? {});
    expect(answer).toContain("was cancelled, so nothing was recorded");
    expect(answer).toContain("send the log again");
    expect(answer).not.toContain("already recorded");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("keeps the role's underscore in the fallback", async () => {
    await enroll(enrollJane);

    await sendMessage("Jane Doe 20 min", tsAt("2026-03-10T15:00"), { user: "USTRANGER" });

    const [reply] = harness.fake.callsTo("chat.postEphemeral");
    expect(reply?.params.text).toContain("clinical_staff");
    expect(reply?.params.text).not.toContain("＿");
  });

  it("points an unknown patient to the enroll command", async () => {
    await sendMessage("spent 20 min with Delbert Quince re: meds", tsAt("2026-03-10T15:00"));

    const [prompt] = harness.fake.callsTo("chat.postEphemeral");
    const text = allText(prompt?.params ?? {});
    expect(text).toContain("/ccm enroll Delbert Quince");
    expect(text).toContain("ccm_retry_pending_log");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("answers a question about a total", async () => {
    await enroll(enrollJane);
    harness.clock.setLocal("2026-03-10T16:00");
    await sendMessage("25 min with Jane Doe", tsAt("2026-03-10T15:00", 1));
    await harness.bot.outbox.idle();
    harness.fake.clear();

    await sendMessage("how much time does Jane Doe have this month?", tsAt("2026-03-10T15:30", 2));

    const [reply] = harness.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.params.channel === "CCARE");
    const text = allText(reply?.params ?? {});
    expect(text).toContain("25 min");
    expect(text).toContain("15 min more for 99439");
  });

  it("records nothing for two patients in one message", async () => {
    await enroll(enrollJane);
    await enroll(enrollJohn);

    await sendMessage(
      "15 min with Jane Doe and 30 min with John Doe about the care plan",
      tsAt("2026-03-10T15:00"),
    );

    const [reply] = harness.fake.callsTo("chat.postMessage");
    const text = allText(reply?.params ?? {});
    expect(text).toContain("Not recorded");
    expect(text).toContain("more than one patient");
    expect(text).not.toContain("Jane");
    expect(text).not.toContain("John");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(await database().db.select().from(claims)).toHaveLength(0);
  });

  it("stays silent on small talk, its own posts and other bots", async () => {
    await enroll(enrollJane);

    await sendMessage("thanks!", tsAt("2026-03-10T15:00", 1));
    await sendMessage("20 min with Jane Doe", tsAt("2026-03-10T15:01", 2), { user: "UBOT" });
    await sendMessage("20 min with Jane Doe", tsAt("2026-03-10T15:02", 3), {
      botId: "BOTHER",
      user: "UOTHERBOT",
    });
    await sendMessage("20 min with Jane Doe", tsAt("2026-03-10T15:03", 4), {
      subtype: "bot_message",
      user: undefined,
    });

    expect(harness.fake.calls.filter((call) => call.method.startsWith("chat."))).toHaveLength(0);
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("escapes user text that would ping a channel", async () => {
    await enroll(enrollJane);

    await sendMessage(
      "spent 20 min with Delbert <!channel> @here *Quince*",
      tsAt("2026-03-10T15:00"),
    );
    await sendMessage("10 min call and 5 min chart review <!channel>", tsAt("2026-03-10T15:01", 2));

    const posted = harness.fake.calls.filter((call) => call.method.startsWith("chat."));
    expect(posted.length).toBeGreaterThan(0);
    for (const call of posted) {
      const text = allText(call.params);
      expect(text).not.toContain("<!channel>");
      expect(text).not.toMatch(/(^|[^\u2060])@here/);
    }
  });

  it("undoes a log from its button and voids the claim", async () => {
    await enroll(enrollJane);
    await sendMessage("20 min with Jane Doe", tsAt("2026-03-10T15:00"));
    await harness.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
    await harness.bot.outbox.idle();
    const [encounter] = await database().db.select().from(encounters);

    await postButton(harness.url, {
      actionId: "ccm_undo_encounter:0",
      value: String(encounter?.id),
      responseUrl: harness.fake.responseUrl("undo"),
    });

    const [row] = await database().db.select().from(encounters);
    expect(row?.voidedAt).not.toBeNull();
    const [claim] = await database().db.select().from(claims);
    expect(claim?.status).toBe("void");
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === "chat.update"));
    const undoAnswer = harness.fake.callsTo("response:/response/undo")[0];
    expect(undoAnswer?.params.replace_original).toBe(true);
    expect(allText(undoAnswer?.params ?? {})).toContain("Undone");
  });

  it("refuses an undo by another user without replacing the log", async () => {
    await enroll(enrollJane);
    await postCommand(harness.url, {
      text: "help",
      user: "UOTHER",
      responseUrl: harness.fake.responseUrl("x"),
    });
    await sendMessage("20 min with Jane Doe", tsAt("2026-03-10T15:00"));
    const [encounter] = await database().db.select().from(encounters);

    await postButton(harness.url, {
      actionId: "ccm_undo_encounter:0",
      value: String(encounter?.id),
      user: "UOTHER",
      responseUrl: harness.fake.responseUrl("undo-other"),
    });

    const [row] = await database().db.select().from(encounters);
    expect(row?.voidedAt).toBeNull();
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/undo-other"),
    );
    const answer = harness.fake.callsTo("response:/response/undo-other")[0];
    expect(answer?.params.replace_original).toBe(false);
  });

  it("works in a direct message", async () => {
    await enroll(enrollJane);
    const ts = tsAt("2026-03-10T15:00");

    await sendMessage("20 min with Jane Doe", ts, { channel: "DNURSE", channelType: "im" });

    const [reply] = harness.fake.callsTo("chat.postMessage");
    expect(reply?.params.channel).toBe("DNURSE");
    expect(await database().db.select().from(encounters)).toHaveLength(1);
  });

  it("counts 23:30 on 31 January in January", async () => {
    await enroll(enrollJane);

    await sendMessage("20 min with Jane Doe", tsAt("2026-01-31T23:30"));

    const [row] = await database().db.select().from(encounters);
    expect(row?.serviceDate).toBe("2026-01-31");
    const [claim] = await database().db.select().from(claims);
    expect(claim?.month).toBe("2026-01");
  });

  it("dates yesterday at 00:20 on the 1st in the previous month", async () => {
    await enroll(enrollJane);

    await sendMessage("20 min with Jane Doe yesterday", tsAt("2026-03-01T00:20"));

    const [row] = await database().db.select().from(encounters);
    expect(row?.serviceDate).toBe("2026-02-28");
    const [claim] = await database().db.select().from(claims);
    expect(claim?.month).toBe("2026-02");
  });
});
