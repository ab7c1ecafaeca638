import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  auditEvents,
  encounters,
  outbox,
  pendingLogs,
  processedEvents,
  providers,
  voiceTokens,
} from "../../../db/schema/index.ts";
import { hashVoiceToken } from "../../../src/services/voice-tokens.ts";
import { describeDatabases, type TestDatabase } from "../../support/databases.ts";
import { addProvider } from "../../support/seed.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import {
  createVoiceTokenFor,
  postVoice,
  runSlackCommand,
  voiceTokenPattern,
} from "../../support/voice-requests.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";
const enrollJohn =
  "enroll John Doe, MRN 100243, DOB 1948-09-12, conditions: COPD, heart failure, consent: written 2025-12-01";
const enrollDelbert =
  "enroll Delbert Quince, MRN 100300, DOB 1944-01-20, conditions: CKD, diabetes, consent: verbal 2025-12-01";

/** Row counts of every table a voice request could write to. */
async function countWrites(database: TestDatabase) {
  const db = database.db;
  return {
    encounters: (await db.select().from(encounters)).length,
    pendingLogs: (await db.select().from(pendingLogs)).length,
    processedEvents: (await db.select().from(processedEvents)).length,
    outbox: (await db.select().from(outbox)).length,
    auditEvents: (await db.select().from(auditEvents)).length,
    usedTokens: (await db.select().from(voiceTokens)).filter((row) => row.lastUsedAt !== null)
      .length,
  };
}

describeDatabases("voice log", (database) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    harness = await startSlackBot(database(), { environment: { CCM_VOICE: "1" } });
    harness.clock.setLocal("2026-03-10T15:00");
  });

  afterEach(async () => {
    await harness.stop();
  });

  it("records a dictated sentence and answers in speech", async () => {
    await runSlackCommand(harness, enrollJane);
    const token = await createVoiceTokenFor(harness);
    const first = await postVoice(
      harness.url,
      { text: "twenty minutes with jane doe care plan" },
      token,
    );
    expect(first.status).toBe(200);

    const response = await postVoice(
      harness.url,
      { text: "um spent fifteen minutes with jane doe on diabetes meds" },
      token,
    );

    expect(response.status).toBe(200);
    expect(response.body.speech).toBe(
      "Logged 15 minutes for J. D. today. Month total 35 minutes; 99490 billed.",
    );
    expect(response.body).toMatchObject({
      status: "recorded",
      recorded: true,
      log: {
        minutes: 15,
        serviceDate: "2026-03-10",
        patient: { initials: "J.D.", mrn: "100234" },
        month: "2026-03",
        monthTotalMinutes: 35,
        billed: [{ code: "99490", units: 1 }],
        billedNow: [],
        next: { code: "99439", minutesMissing: 5, atMinutes: 40 },
      },
    });
    expect(JSON.stringify(response.body.log)).not.toContain("Jane");
    const [tokenRow] = await database().db.select().from(voiceTokens);
    const rows = await database().db.select().from(encounters).orderBy(encounters.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      minutes: 15,
      note: "diabetes meds",
      sourcePlatform: "voice",
      sourceChannel: `voice:${tokenRow?.providerId}`,
    });
  });

  it("tells billing once when a dictated log reaches a threshold", async () => {
    await runSlackCommand(harness, enrollJane);
    const token = await createVoiceTokenFor(harness);

    const response = await postVoice(harness.url, { text: "twenty five minutes jane doe" }, token);
    await harness.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
    await harness.bot.outbox.idle();

    expect(response.body.speech).toBe(
      "Logged 25 minutes for J. D. today. Month total 25 minutes; 99490 billed.",
    );
    expect(response.body.log?.billedNow).toEqual(["99490"]);
    const billingPosts = harness.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.params.channel === "CBILLING");
    expect(billingPosts).toHaveLength(1);
  });

  it("asks which patient, then records the choice", async () => {
    await runSlackCommand(harness, enrollJane);
    await runSlackCommand(harness, enrollJohn);
    const token = await createVoiceTokenFor(harness);

    const question = await postVoice(
      harness.url,
      { text: "twenty minutes with doe med rec" },
      token,
    );

    expect(question.status).toBe(200);
    expect(question.body.status).toBe("choose_patient");
    expect(question.body.recorded).toBe(false);
    expect(question.body.speech).toBe(
      "Which patient gets 20 minutes today? 1: Jane Doe, born April 2, 1950. 2: John Doe, born September 12, 1948. Nothing is recorded until you choose.",
    );
    expect(question.body.candidates?.map((candidate) => candidate.mrn)).toEqual([
      "100234",
      "100243",
    ]);
    expect(await database().db.select().from(encounters)).toHaveLength(0);

    const pendingLogId = question.body.pendingLogId;
    const choice = await postVoice(harness.url, { pendingLogId, choice: 2 }, token);

    expect(choice.status).toBe(200);
    expect(choice.body.speech).toBe(
      "Logged 20 minutes for J. D. today. Month total 20 minutes; 99490 billed.",
    );
    expect(choice.body.log?.patient.mrn).toBe("100243");
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(20);

    const retry = await postVoice(harness.url, { pendingLogId, choice: 2 }, token);
    expect(retry.body.status).toBe("already_recorded");
    expect(retry.body.speech).toMatch(/^Already logged 20 minutes for J\. D\. today\./);
    expect(await database().db.select().from(encounters)).toHaveLength(1);
  });

  it("takes a spoken answer to the patient question", async () => {
    await runSlackCommand(harness, enrollJane);
    await runSlackCommand(harness, enrollJohn);
    const token = await createVoiceTokenFor(harness);
    const question = await postVoice(harness.url, { text: "ten minutes with doe" }, token);
    const pendingLogId = question.body.pendingLogId;

    const outOfRange = await postVoice(harness.url, { pendingLogId, answer: "number five" }, token);
    const answered = await postVoice(harness.url, { pendingLogId, answer: "the first one" }, token);

    expect(outOfRange.body).toMatchObject({ status: "choose_patient", recorded: false });
    expect(outOfRange.body.speech).toBe("Say a number from 1 to 2.");
    expect(answered.body).toMatchObject({
      status: "recorded",
      log: { patient: { mrn: "100234" } },
    });
  });

  it("keeps an unknown patient's log until an MRN follows", async () => {
    const token = await createVoiceTokenFor(harness);

    const question = await postVoice(
      harness.url,
      { text: "twenty minutes with delbert quince re meds" },
      token,
    );

    expect(question.body).toMatchObject({ status: "unknown_patient", recorded: false });
    expect(question.body.speech).toBe(
      "No enrolled patient matches delbert quince. Nothing is recorded yet. Enroll the patient in chat, then answer with their MRN.",
    );
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(1);

    await runSlackCommand(harness, enrollDelbert);
    const pendingLogId = question.body.pendingLogId;
    const answer = await postVoice(harness.url, { pendingLogId, mrn: "100300" }, token);

    expect(answer.body.speech).toBe(
      "Logged 20 minutes for D. Q. today. Month total 20 minutes; 99490 billed.",
    );
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.note).toBe("meds");
  });

  it("rejects missing, wrong and revoked tokens", async () => {
    await runSlackCommand(harness, enrollJane);
    const revoked = await createVoiceTokenFor(harness);
    const revokeAnswer = await runSlackCommand(harness, "voice-token revoke");
    expect(revokeAnswer).toContain("revoked");
    const body = { text: "twenty minutes with jane doe" };
    const before = await countWrites(database());

    const missing = await postVoice(harness.url, body);
    const wrongScheme = await postVoice(harness.url, body, undefined, {
      authorization: `Basic ${revoked}`,
    });
    const wrong = await postVoice(harness.url, body, "ccmv_not-a-real-token");
    const guessed = await postVoice(harness.url, body, `ccmv_${"A".repeat(43)}`);
    const afterRevoke = await postVoice(harness.url, body, revoked);

    for (const response of [missing, wrongScheme, wrong, guessed, afterRevoke]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(response.body.recorded).toBe(false);
      expect(response.body.speech).toContain("/ccm voice-token");
    }
    expect(missing.body.error?.code).toBe("missing_token");
    expect(afterRevoke.body.error?.code).toBe("invalid_token");
    expect(await countWrites(database())).toEqual(before);
  });

  it("rejects a token of a deactivated provider", async () => {
    await addProvider(database().db, { userId: "UNURSE" });
    const token = await createVoiceTokenFor(harness, "UNURSE");
    await database()
      .db.update(providers)
      .set({ active: false })
      .where(eq(providers.platformUserId, "UNURSE"));

    const response = await postVoice(harness.url, { text: "ten minutes jane doe" }, token);

    expect(response.status).toBe(403);
    expect(response.body.error?.code).toBe("inactive_provider");
  });

  it("stops an old token when a new one is created", async () => {
    await runSlackCommand(harness, enrollJane);
    const old = await createVoiceTokenFor(harness);
    const current = await createVoiceTokenFor(harness);

    const withOld = await postVoice(harness.url, { text: "ten minutes jane doe" }, old);
    const withCurrent = await postVoice(harness.url, { text: "ten minutes jane doe" }, current);

    expect(withOld.status).toBe(401);
    expect(withCurrent.status).toBe(200);
    const rows = await database().db.select().from(voiceTokens);
    expect(rows.filter((row) => row.revokedAt === null)).toHaveLength(1);
  });

  it("stores only the token's hash and shows it privately", async () => {
    const answer = await runSlackCommand(harness, "voice-token");
    const token = voiceTokenPattern.exec(answer)?.[0] ?? "";

    const rows = await database().db.select().from(voiceTokens);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashVoiceToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const reply = harness.fake.calls.find((call) => JSON.stringify(call.params).includes(token));
    expect(reply?.params.response_type).toBe("ephemeral");
    expect(reply?.params.text).not.toContain(token);
    expect(harness.logLines.join("\n")).not.toContain(token);
  });

  it("limits requests per token with 429 and Retry-After", async () => {
    const token = await createVoiceTokenFor(harness);
    await addProvider(database().db, { userId: "UNURSE" });
    const otherToken = await createVoiceTokenFor(harness, "UNURSE");

    const statuses: number[] = [];
    for (let count = 0; count < 10; count += 1) {
      statuses.push((await postVoice(harness.url, { text: "good morning" }, token)).status);
    }
    const limited = await postVoice(harness.url, { text: "good morning" }, token);
    const other = await postVoice(harness.url, { text: "good morning" }, otherToken);
    harness.clock.setLocal("2026-03-10T15:00:06");
    const afterWait = await postVoice(harness.url, { text: "good morning" }, token);

    expect(statuses).toEqual(Array(10).fill(200));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("6");
    expect(limited.body.error?.code).toBe("rate_limited");
    expect(other.status).toBe(200);
    expect(afterWait.status).toBe(200);
  });

  it("counts a repeated client id once", async () => {
    await runSlackCommand(harness, enrollJane);
    const token = await createVoiceTokenFor(harness);
    const body = { text: "twenty five minutes with jane doe", id: "shortcut-7f3a" };

    const first = await postVoice(harness.url, body, token);
    const repeat = await postVoice(harness.url, body, token);
    await harness.bot.outbox.idle();

    expect(first.body.status).toBe("recorded");
    expect(repeat.status).toBe(200);
    expect(repeat.body.status).toBe("already_recorded");
    expect(repeat.body.speech).toBe(
      "Already logged 25 minutes for J. D. today. Month total 25 minutes; 99490 billed.",
    );
    expect(await database().db.select().from(encounters)).toHaveLength(1);
    const billingPosts = harness.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.params.channel === "CBILLING");
    expect(billingPosts).toHaveLength(1);
  });

  it("repeats the question for a repeated id of a waiting log", async () => {
    await runSlackCommand(harness, enrollJane);
    await runSlackCommand(harness, enrollJohn);
    const token = await createVoiceTokenFor(harness);
    const body = { text: "twenty minutes with doe", id: "ask-twice" };

    const first = await postVoice(harness.url, body, token);
    const repeat = await postVoice(harness.url, body, token);

    expect(repeat.body.status).toBe("choose_patient");
    expect(repeat.body.pendingLogId).toBe(first.body.pendingLogId);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(1);
  });

  it("refuses a log dated in a closed month, also when repeated", async () => {
    await runSlackCommand(harness, enrollJane);
    await runSlackCommand(harness, "close 2026-02");
    const token = await createVoiceTokenFor(harness);
    const body = { text: "fifteen minutes with jane doe on february 27", id: "closed-1" };

    const first = await postVoice(harness.url, body, token);
    const repeat = await postVoice(harness.url, body, token);

    expect(first.body).toMatchObject({ status: "not_recorded", error: { code: "month_closed" } });
    expect(first.body.speech).toContain("reopen");
    expect(first.body.speech).not.toContain("Enroll");
    expect(repeat.body.status).not.toBe("choose_patient");
    expect(repeat.body.recorded).toBe(false);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(0);
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("answers a log it cannot record with the reason", async () => {
    await runSlackCommand(harness, enrollJane);
    const token = await createVoiceTokenFor(harness);

    const response = await postVoice(
      harness.url,
      { text: "spent time with jane doe on meds" },
      token,
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: "not_recorded",
      recorded: false,
      error: { code: "missing_duration" },
    });
    expect(response.body.speech).toBe(
      "Not recorded. No duration found. Add the minutes, for example 20 min.",
    );
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("rejects a bad body with the problem and the fix", async () => {
    const token = await createVoiceTokenFor(harness);
    const before = await countWrites(database());

    const empty = await postVoice(harness.url, {}, token);
    const extra = await postVoice(harness.url, { text: "ten minutes", minutes: 10 }, token);
    const notJson = await postVoice(harness.url, "text=ten minutes", token);
    const tooLarge = await postVoice(harness.url, { text: "a".repeat(9000) }, token);

    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toBe(
      'Invalid request body: missing field "text". Send a body such as {"text": "twenty minutes with Jane Doe, care plan review"}.',
    );
    expect(extra.status).toBe(400);
    expect(extra.body.error?.message).toContain('unknown field "minutes"');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error?.message).toContain("not readable JSON");
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error?.code).toBe("body_too_large");
    const after = await countWrites(database());
    expect({ ...after, usedTokens: 0 }).toEqual({ ...before, usedTokens: 0 });
  });
});
