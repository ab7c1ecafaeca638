import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, beforeEach, expect, it } from "vitest";
import { encounters, patients } from "../../../db/schema/index.ts";
import { describeDatabases } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import {
  messageEvent,
  postButton,
  postCommand,
  postEvent,
  postedText,
  slackTsAt,
} from "../../support/slack-requests.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

/**
 * Slack drops a slash command or button press not acknowledged within 3 seconds. With the
 * production setting (`processBeforeResponse` false) the bot acknowledges first, so the HTTP 200
 * arrives while a row lock still blocks the work, and the result follows through the response URL.
 */
describeDatabases("Slack with a slow database", (database, driver) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    harness = await startSlackBot(database(), { processBeforeResponse: false });
    await postCommand(harness.url, {
      text: enrollJane,
      responseUrl: harness.fake.responseUrl("enroll"),
    });
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/enroll"),
    );
    await postEvent(
      harness.url,
      messageEvent({
        text: "20 min with Jane Doe",
        ts: slackTsAt("2026-03-10T15:00"),
        user: "UADMIN",
      }),
    );
    await harness.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
    await harness.bot.outbox.idle();
    harness.fake.clear();
  });

  afterEach(async () => {
    await harness.stop();
  });

  /**
   * Holds the patient's row lock until the returned function is called. On PostgreSQL another
   * connection runs `SELECT … FOR UPDATE`; PGlite has one connection, so an open transaction
   * there blocks every other statement, which is slower still.
   */
  async function lockPatient(): Promise<() => Promise<void>> {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    let done: Promise<unknown>;
    if (driver === "postgres") {
      const other = postgres(database().url ?? "", { max: 1, onnotice: () => {} });
      done = other
        .begin(async (tx) => {
          await tx`select id from patients where mrn = '100234' for update`;
          locked();
          await released;
        })
        .finally(() => other.end());
    } else {
      done = database().db.transaction(async (tx) => {
        await tx.select().from(patients).where(eq(patients.mrn, "100234")).for("update");
        locked();
        await released;
      });
    }
    await isLocked;
    return async () => {
      release();
      await done;
    };
  }

  it("acknowledges /ccm undo before the lock is released", async () => {
    const release = await lockPatient();

    const response = await postCommand(harness.url, {
      text: "undo",
      responseUrl: harness.fake.responseUrl("undo"),
    });

    expect(response.status).toBe(200);
    expect(harness.fake.callsTo("response:/response/undo")).toHaveLength(0);
    await release();
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/undo"),
    );
    expect(postedText(harness.fake.callsTo("response:/response/undo")[0]?.params ?? {})).toContain(
      "Undone",
    );
    const [row] = await database().db.select().from(encounters);
    expect(row?.voidReason).toBe("undo");
  });

  it("acknowledges an Undo button before the lock is released", async () => {
    const [encounter] = await database().db.select().from(encounters);
    const release = await lockPatient();

    const response = await postButton(harness.url, {
      actionId: "ccm_undo_encounter:0",
      value: String(encounter?.id),
      responseUrl: harness.fake.responseUrl("button"),
    });

    expect(response.status).toBe(200);
    expect(harness.fake.callsTo("response:/response/button")).toHaveLength(0);
    await release();
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/button"),
    );
    expect(
      postedText(harness.fake.callsTo("response:/response/button")[0]?.params ?? {}),
    ).toContain("Undone");
  });

  it("falls back to postEphemeral when the response URL expired", async () => {
    harness.fake.failNext("response:/response/expired", { status: 404, error: "expired_url" });

    const response = await postCommand(harness.url, {
      text: "total Jane Doe",
      responseUrl: harness.fake.responseUrl("expired"),
    });

    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "chat.postEphemeral"),
    );
    const [fallback] = harness.fake.callsTo("chat.postEphemeral");
    expect(fallback?.params.user).toBe("UADMIN");
    expect(postedText(fallback?.params ?? {})).toContain("20 min");
  });
});
